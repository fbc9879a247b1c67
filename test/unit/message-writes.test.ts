// Runs' chat messages written one statement per event-loop turn (issue 12): every caller's row is
// stored, and a row the database refuses fails only its own write, on a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { insertUser } from '../../src/storage/repositories/users.js';
import { listMessageRows, type MessageRow } from '../../src/storage/repositories/messages.js';
import { MessageWrites, MESSAGE_BATCH_MAX_ROWS } from '../../src/services/messages/message-writes.js';

let dir: string;
let storage: Storage;
const userId = randomUUID();

function row(text: string, sessionId: string, owner = userId): MessageRow {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    sender: 'User',
    sender_name: 'User',
    session_id: sessionId,
    context_id: null,
    text,
    files: '[]',
    error: false,
    edit: false,
    properties: '{}',
    category: 'message',
    content_blocks: '[]',
    flow_id: null,
    user_id: owner,
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-message-writes-'));
  storage = openStorage(`sqlite:///${path.join(dir, 'flowgate.db')}`);
  await migrateToLatest(storage.db);
  const now = new Date().toISOString();
  await insertUser(storage.db, { id: userId, username: 'writer', password: '!', profile_image: null, is_active: true, is_superuser: false, create_at: now, updated_at: now, last_login_at: null, store_api_key: null, optins: null });
});

afterAll(async () => {
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('message writes', () => {
  it('stores every row written in one turn, more than one statement holds, each write resolving once stored', async () => {
    const writes = new MessageWrites(storage.db);
    const count = MESSAGE_BATCH_MAX_ROWS * 2 + 7;
    await Promise.all(Array.from({ length: count }, (_, i) => writes.write(row(`m${i}`, 'many'))));
    const stored = await listMessageRows(storage.db, userId, { sessionId: 'many' });
    expect(stored.map((r) => r.text).sort()).toEqual(Array.from({ length: count }, (_, i) => `m${i}`).sort());
  });

  it('a row the database refuses fails its own write only', async () => {
    const writes = new MessageWrites(storage.db);
    const results = await Promise.allSettled([
      writes.write(row('before', 'mixed')),
      writes.write(row('no such owner', 'mixed', randomUUID())), // foreign key: refused
      writes.write(row('after', 'mixed')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await listMessageRows(storage.db, userId, { sessionId: 'mixed' });
    expect(stored.map((r) => r.text).sort()).toEqual(['after', 'before']);
  });
});
