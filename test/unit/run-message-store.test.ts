// A run's chat messages (services/messages/messages.ts, issue 12): storing queues the message for
// the next group commit and the run goes on; `written()` is what the run waits for before it
// answers, a history read sees the run's own messages, and a refused row fails `written()`.
// On a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { insertUser } from '../../src/storage/repositories/users.js';
import { insertFlow } from '../../src/storage/repositories/flows.js';
import { listMessageRows } from '../../src/storage/repositories/messages.js';
import { MessageWrites } from '../../src/services/messages/message-writes.js';
import { runMessageStore } from '../../src/services/messages/messages.js';
import type { AppDeps } from '../../src/services/deps.js';
import { createMessage } from '../../src/engine/message.js';

let dir: string;
let storage: Storage;
let deps: AppDeps;
const userId = randomUUID();
const flowId = randomUUID();

const message = (text: string, sessionId: string) =>
  createMessage({ id: randomUUID(), text, sender: 'User', sender_name: 'User', session_id: sessionId, timestamp: new Date().toISOString() });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-run-messages-'));
  storage = openStorage(`sqlite:///${path.join(dir, 'flowgate.db')}`);
  await migrateToLatest(storage.db);
  const now = new Date().toISOString();
  await insertUser(storage.db, { id: userId, username: 'runner', password: '!', profile_image: null, is_active: true, is_superuser: false, create_at: now, updated_at: now, last_login_at: null, store_api_key: null, optins: null });
  await insertFlow(storage.db, {
    id: flowId, name: 'chat', description: null, icon: null, icon_bg_color: null, gradient: null, data: '{"nodes":[],"edges":[]}',
    is_component: false, updated_at: now, webhook: false, endpoint_name: null, tags: '[]', locked: false, mcp_enabled: false,
    access_type: 'PRIVATE', user_id: userId, folder_id: null, extra: null, version: 1,
  });
  deps = { storage, messageWrites: new MessageWrites(storage.db), clock: { now: () => new Date() } } as unknown as AppDeps;
});

afterAll(async () => {
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a run's message store", () => {
  it('store() returns before the commit; written() resolves once every message is in the table, in order', async () => {
    const store = runMessageStore(deps, userId, flowId);
    await store.store(message('first', 'queued'));
    await store.store(message('second', 'queued'));
    // Queued for the next turn's commit: the run has gone on without waiting for it.
    expect(await listMessageRows(storage.db, userId, { sessionId: 'queued' })).toEqual([]);
    await store.written();
    expect((await listMessageRows(storage.db, userId, { sessionId: 'queued' })).map((row) => row.text)).toEqual(['first', 'second']);
  });

  it("a history read sees the run's own messages stored just before it", async () => {
    const store = runMessageStore(deps, userId, flowId);
    await store.store(message('asked', 'read-own'));
    expect((await store.history({ sessionId: 'read-own' })).map((m) => m.text)).toEqual(['asked']);
  });

  it('a message the database refuses makes written() reject, and stores nothing of that message', async () => {
    // A flow that does not exist (deleted during the run): the foreign key refuses the row.
    const store = runMessageStore(deps, userId, randomUUID());
    await store.store(message('orphan', 'refused'));
    await expect(store.written()).rejects.toThrow();
    expect(await listMessageRows(storage.db, userId, { sessionId: 'refused' })).toEqual([]);
  });
});
