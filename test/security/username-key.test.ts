// Finding 14: on SQLite `émile` and `ÉMILE` were two accounts, on PostgreSQL one (SQLite's lower()
// folds ASCII only). The uniqueness key is now computed in TypeScript, the same on both.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usernameKey } from '../../src/storage/username-key.js';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'root', LANGFLOW_SUPERUSER_PASSWORD: 'root-password-1', LANGFLOW_NEW_USER_IS_ACTIVE: 'true' };

it('folds case and Unicode forms', () => {
  expect(usernameKey('ÉMILE')).toBe(usernameKey('émile'));
  expect(usernameKey('e\u0301mile')).toBe(usernameKey('émile'));
  expect(usernameKey('STRASSE')).toBe(usernameKey('straße'));
  expect(usernameKey('ＡＤＭＩＮ')).toBe('admin');
  expect(usernameKey('ΣΊΣΥΦΟΣ')).toBe(usernameKey('σίσυφος'));
  expect(usernameKey('émile')).not.toBe(usernameKey('emile'));
});

describe.each(databaseKinds())('username uniqueness on $kind', (kind) => {
  let server: TestServer;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.create();
    server = await startTestServer(kind, { env: { ...ENV, LANGFLOW_RATE_LIMIT_SIGNUP_MAX: '1000' }, database });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const signup = (username: string) => api(server.url, 'POST', '/api/v1/users/', { body: { username, password: 'a-long-password-1' } });

  it('one account per folded name, whatever the database', async () => {
    const tag = randomUUID().slice(0, 6);
    for (const [first, second] of [[`émile-${tag}`, `ÉMILE-${tag}`], [`straße-${tag}`, `STRASSE-${tag}`], [`zoë-${tag}`, `zoe\u0308-${tag}`]]) {
      expect((await signup(first)).status).toBe(201);
      expect((await signup(second)).status, second).toBe(400);
    }
  });

  it('logs in by any form of the name', async () => {
    const user = await createUser(server, { username: `Jürgen-${randomUUID().slice(0, 6)}` });
    expect((await login(server, user.username.toUpperCase(), user.password)).status).toBe(200);
  });

  it('fills the key of rows written without it at start-up, oldest first on a clash', async () => {
    const db = server.deps.storage.db;
    const a = await createUser(server, { username: `Ökonom-${randomUUID().slice(0, 6)}` });
    const b = await createUser(server, { username: `other-${randomUUID().slice(0, 6)}` });
    // As an older SQLite database could hold: the same name in two cases, and no keys.
    await sql`update ${sql.table('user')} set username_key = null, username = ${a.username.toUpperCase()} where id = ${b.id}`.execute(db);
    await sql`update ${sql.table('user')} set username_key = null where id = ${a.id}`.execute(db);
    await server.close();
    server = await startTestServer(kind, { env: ENV, database, configDir: server.configDir });
    const rows = await server.deps.storage.db.selectFrom('user').select(['id', 'username_key']).where('id', 'in', [a.id, b.id]).execute();
    const keyOf = new Map(rows.map((r) => [r.id, r.username_key]));
    expect(keyOf.get(a.id)).toBe(usernameKey(a.username));
    expect(keyOf.get(b.id)).toBe(`${usernameKey(a.username)}#${b.id}`);
    expect((await login(server, a.username, a.password)).status).toBe(200);
  });
});
