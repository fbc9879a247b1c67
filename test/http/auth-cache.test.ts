// Authentication reads through an in-process cache (issue 12); revocation must not notice it:
// immediate on the instance that revokes, and seen by other instances and other processes
// (SQLite: PRAGMA data_version on the next request; PostgreSQL: LISTEN/NOTIFY, within a second).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor, eventually } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { updateUser } from '../../src/storage/repositories/users.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };

describe.each(databaseKinds())('auth cache and revocation on $kind', (kind) => {
  let a: TestServer;
  let b: TestServer;
  // Another writer on the same database, as the CLI or another tool would be.
  let other: Storage;

  beforeAll(async () => {
    a = await startTestServer(kind, { env: ENV });
    b = await startTestServer(kind, { env: ENV, database: a.database, configDir: a.configDir });
    other = openStorage(a.database.url);
  });
  afterAll(async () => {
    await other?.close();
    await b?.close();
    await a?.close();
  });

  const whoamiByKey = (server: TestServer, key: string) => api(server.url, 'GET', '/api/v1/users/whoami', { headers: { 'x-api-key': key } });
  const whoamiByToken = (server: TestServer, token: string) => api(server.url, 'GET', '/api/v1/users/whoami', { headers: { authorization: `Bearer ${token}` } });
  /** Immediate on SQLite (data_version is read on every request); within a few seconds on PostgreSQL. */
  async function refusedSoon(check: () => Promise<number>, status: number): Promise<void> {
    if (kind.kind === 'sqlite') expect(await check()).toBe(status);
    else await eventually(async () => (await check()) === status, `status ${status}`, 5000);
  }

  async function userWithKey(): Promise<{ user: TestUser; key: string; keyId: string }> {
    const user = await createUser(a);
    const { id, key } = await createApiKeyFor(a, user.id);
    // Both instances have the key and the user cached.
    for (let i = 0; i < 3; i++) {
      expect((await whoamiByKey(a, key)).status).toBe(200);
      expect((await whoamiByKey(b, key)).status).toBe(200);
    }
    return { user, key, keyId: id };
  }

  it('a key deleted through one instance is refused at once there, and by the other instance', async () => {
    const { user, key, keyId } = await userWithKey();
    const session = await login(a, user.username, user.password);
    const res = await api(a.url, 'DELETE', `/api/v1/api_key/${keyId}`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(res.status).toBe(200);
    expect((await whoamiByKey(a, key)).status).toBe(403);
    await refusedSoon(async () => (await whoamiByKey(b, key)).status, 403);
  });

  it('a user deactivated by another process is refused on both instances', async () => {
    const { user, key } = await userWithKey();
    await updateUser(other.db, user.id, { is_active: false });
    await refusedSoon(async () => (await whoamiByKey(a, key)).status, 401);
    await refusedSoon(async () => (await whoamiByKey(b, key)).status, 401);
    await updateUser(other.db, user.id, { is_active: true });
    await refusedSoon(async () => (await whoamiByKey(a, key)).status, 200);
  });

  it('a session ended by logout on one instance is refused by the other', async () => {
    const user = await createUser(a);
    const session = await login(a, user.username, user.password);
    for (const server of [a, b, a, b]) expect((await whoamiByToken(server, session.accessToken)).status).toBe(200);
    const out = await fetch(`${b.url}/api/v1/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(out.status).toBe(200);
    expect((await whoamiByToken(b, session.accessToken)).status).toBe(401);
    await refusedSoon(async () => (await whoamiByToken(a, session.accessToken)).status, 401);
  });

  it('a profile change shows in the next answer (no stale user)', async () => {
    const { user, key } = await userWithKey();
    const session = await login(a, user.username, user.password);
    const res = await api(a.url, 'PATCH', `/api/v1/users/${user.id}`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
      body: { profile_image: 'People/People Avatar-01-02.svg' },
    });
    expect(res.status).toBe(200);
    expect((await whoamiByKey(a, key)).body).toMatchObject({ profile_image: 'People/People Avatar-01-02.svg' });
  });

  it.runIf(kind.kind === 'postgres')('serves from the database while the notification connection is down, and listens again', async () => {
    const { user, key } = await userWithKey();
    const admin = new pg.Client({ connectionString: a.database.url });
    await admin.connect();
    try {
      const listeners = async () =>
        (await admin.query(`select pid from pg_stat_activity where datname = current_database() and query = 'LISTEN flowgate_auth'`)).rows.map((r) => r.pid as number);
      await eventually(async () => (await listeners()).length === 2, 'both instances listening');
      for (const pid of await listeners()) await admin.query('select pg_terminate_backend($1)', [pid]);
      await updateUser(other.db, user.id, { is_active: false });
      await refusedSoon(async () => (await whoamiByKey(a, key)).status, 401);
      await eventually(async () => (await listeners()).length === 2, 'both instances listening again');
      await updateUser(other.db, user.id, { is_active: true });
      await refusedSoon(async () => (await whoamiByKey(a, key)).status, 200);
      await refusedSoon(async () => (await whoamiByKey(b, key)).status, 200);
    } finally {
      await admin.end();
    }
  });
});
