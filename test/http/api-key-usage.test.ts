// API-key usage is counted in memory and written once a second and at shutdown (issue 12):
// exact after a clean shutdown, and exact with several instances counting the same key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer } from '../helpers/server.js';
import { openStorage } from '../../src/storage/db.js';
import { addApiKeyUses } from '../../src/storage/repositories/api-keys.js';
import { ApiKeyUsage } from '../../src/services/api-keys/api-key-usage.js';

describe.each(databaseKinds())('API key usage on $kind', (kind) => {
  it('two instances counting one key: the stored count is exact once both shut down', async () => {
    const database = await kind.create();
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-config-'));
    try {
      const a = await startTestServer(kind, { database, configDir });
      const b = await startTestServer(kind, { database, configDir });
      const user = await createUser(a);
      const { id, key } = await createApiKeyFor(a, user.id);
      const use = (server: typeof a) => api(server.url, 'GET', '/api/v1/users/whoami', { headers: { 'x-api-key': key } });
      const results = await Promise.all([...Array.from({ length: 40 }, () => use(a)), ...Array.from({ length: 25 }, () => use(b))]);
      expect(results.every((r) => r.status === 200)).toBe(true);
      await a.close();
      await b.close();
      const storage = openStorage(database.url);
      try {
        const row = await storage.db.selectFrom('apikey').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect(Number(row.total_uses)).toBe(65);
        expect(row.last_used_at).toEqual(expect.any(String));
        // An older batch arriving late adds its uses but never moves last_used_at back.
        await addApiKeyUses(storage.db, id, 3, '2001-01-01T00:00:00.000Z');
        const after = await storage.db.selectFrom('apikey').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect({ uses: Number(after.total_uses), at: after.last_used_at }).toEqual({ uses: 68, at: row.last_used_at });
      } finally {
        await storage.close();
      }
    } finally {
      await database.drop();
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('the key list shows uses not yet written, and they are written within a couple of seconds', async () => {
    const server = await startTestServer(kind);
    try {
      const user = await createUser(server);
      const { id, key } = await createApiKeyFor(server, user.id);
      for (let i = 0; i < 3; i++) expect((await api(server.url, 'GET', '/api/v1/api_key/', { headers: { 'x-api-key': key } })).status).toBe(200);
      const listed = await api(server.url, 'GET', '/api/v1/api_key/', { headers: { 'x-api-key': key } });
      expect(listed.body.api_keys.find((k: any) => k.id === id)).toMatchObject({ total_uses: 4, last_used_at: expect.any(String) });
      const stored = async () => Number((await server.deps.storage.db.selectFrom('apikey').select('total_uses').where('id', '=', id).executeTakeFirstOrThrow()).total_uses);
      const deadline = Date.now() + 10_000;
      while ((await stored()) !== 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await stored()).toBe(4);
    } finally {
      await server.close();
    }
  });
  it('a failed write keeps the uses of every key, and the next flush writes them all', async () => {
    const database = await kind.create();
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-config-'));
    const server = await startTestServer(kind, { database, configDir });
    try {
      const user = await createUser(server);
      const first = await createApiKeyFor(server, user.id);
      const second = await createApiKeyFor(server, user.id);
      const usage = new ApiKeyUsage();
      const at = Date.now();
      for (let i = 0; i < 2; i++) usage.record(first.id, at);
      for (let i = 0; i < 3; i++) usage.record(second.id, at);
      // A database that has gone away (its connections closed) refuses the write.
      const gone = openStorage(database.url);
      await gone.db.selectFrom('apikey').select('id').execute(); // connected, then closed
      await gone.close();
      await expect(usage.flush(gone.db)).rejects.toThrow();
      expect([usage.pending(first.id)?.count, usage.pending(second.id)?.count]).toEqual([2, 3]);
      await usage.flush(server.deps.storage.db);
      const stored = async (id: string) => Number((await server.deps.storage.db.selectFrom('apikey').select('total_uses').where('id', '=', id).executeTakeFirstOrThrow()).total_uses);
      expect([await stored(first.id), await stored(second.id)]).toEqual([2, 3]);
    } finally {
      await server.close();
      await database.drop();
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });

  it.runIf(kind.kind === 'postgres')('a key list read while a flush waits on the database counts each use once', async () => {
    const server = await startTestServer(kind);
    const locker = new pg.Client({ connectionString: server.database.url });
    await locker.connect();
    try {
      const user = await createUser(server);
      const { id, key } = await createApiKeyFor(server, user.id);
      // Hold the key's row so the next flush's UPDATE waits, with its batch out of pending().
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM apikey WHERE id = $1 FOR UPDATE', [id]);
      for (let i = 0; i < 5; i++) expect((await api(server.url, 'GET', '/api/v1/users/whoami', { headers: { 'x-api-key': key } })).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (server.deps.apiKeyUsage.pending(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(server.deps.apiKeyUsage.pending(id)).toBeUndefined(); // the flush has taken the batch
      const listing = api(server.url, 'GET', '/api/v1/api_key/', { headers: { 'x-api-key': key } });
      // Give a list that does not wait for the flush the chance to answer before the lock goes.
      await Promise.race([listing, new Promise((r) => setTimeout(r, 1000))]);
      await locker.query('COMMIT');
      const listed = (await listing).body.api_keys.find((k: any) => k.id === id);
      expect(listed.total_uses).toBe(6); // five whoami and the list itself
    } finally {
      await locker.end();
      await server.close();
    }
  });
});
