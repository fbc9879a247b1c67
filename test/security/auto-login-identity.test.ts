// Finding 9: with auto-login off anyone could sign up as `Langflow`; switched on later,
// /auto_login logged visitors into that attacker-owned account (found by name).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../src/storage/repositories/users.js';
import { StartupError } from '../../src/services/startup-errors.js';
import { apiCall } from '../helpers/api-call.js';
import { bearer, createUser } from '../helpers/auth.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const OFF = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'root', LANGFLOW_SUPERUSER_PASSWORD: 'root-password-1', LANGFLOW_NEW_USER_IS_ACTIVE: 'true' };

describe.each(databaseKinds())('the auto-login identity on $kind', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });
  async function fresh(): Promise<TestDatabase> {
    const database = await kind.create();
    cleanup.push(() => database.drop());
    return database;
  }
  async function start(database: TestDatabase, env: Record<string, string>): Promise<TestServer> {
    const server = await startTestServer(kind, { env, database });
    cleanup.push(() => server.close());
    return server;
  }

  it('reserves the name in any case or Unicode form, for sign-up and renames', async () => {
    const server = await start(await fresh(), OFF);
    for (const username of ['Langflow', 'LANGFLOW', ' langflow ', 'ｌａｎｇｆｌｏｗ']) {
      const response = await api(server.url, 'POST', '/api/v1/users/', { body: { username, password: 'a-long-password-1' } });
      expect(response.status, username).toBe(400);
      expect(response.body).toEqual({ detail: 'This username is unavailable.' });
    }
    const user = await createUser(server);
    const rename = await apiCall(server, 'PATCH', `/api/v1/users/${user.id}`, await bearer(server, user), { username: 'LangFlow' });
    expect(rename.status).toBe(400);
  });

  it('finds the auto-login account by its marker, not by name', async () => {
    const database = await fresh();
    const on = await start(database, { LANGFLOW_AUTO_LOGIN: 'true' });
    const first = await api(on.url, 'GET', '/api/v1/auto_login');
    const me = await api(on.url, 'GET', '/api/v1/users/whoami', { headers: { authorization: `Bearer ${first.body.access_token}` } });
    // An admin renames the account: it stays the auto-login account.
    const renamed = await api(on.url, 'PATCH', `/api/v1/users/${me.body.id}`, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
      body: { username: 'operator' },
    });
    expect(renamed.status).toBe(200);
    const again = await api(on.url, 'GET', '/api/v1/auto_login');
    const who = await api(on.url, 'GET', '/api/v1/users/whoami', { headers: { authorization: `Bearer ${again.body.access_token}` } });
    expect(who.body).toMatchObject({ id: me.body.id, username: 'operator', is_superuser: true });
  });

  it('refuses to start auto-login over a regular account that holds the name', async () => {
    const database = await fresh();
    const off = await startTestServer(kind, { env: OFF, database });
    const now = new Date().toISOString();
    await insertUser(off.deps.storage.db, {
      id: randomUUID(), username: 'Langflow', password: '!', profile_image: null, is_active: true, is_superuser: false,
      create_at: now, updated_at: now, last_login_at: now, store_api_key: null, optins: null,
    });
    await off.close();
    await expect(startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'true' }, database })).rejects.toBeInstanceOf(StartupError);
  });
});
