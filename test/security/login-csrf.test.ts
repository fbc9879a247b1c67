// Finding 8: a cross-site form POST to /login (or sign-up) set the session cookies (login CSRF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { raw } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(databaseKinds())('login CSRF on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      env: { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1', LANGFLOW_NEW_USER_IS_ACTIVE: 'true' },
    });
  });
  afterAll(async () => server?.close());

  it('refuses a cross-site login form and sets no cookie', async () => {
    const user = await createUser(server);
    const body = new URLSearchParams({ username: user.username, password: user.password }).toString();
    for (const headers of <Record<string, string>[]>[{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { origin: `https://${new URL(server.url).host}` }]) {
      const response = await raw(server.url, 'POST', '/api/v1/login', { headers: { ...FORM, ...headers }, body });
      expect(response.status).toBe(403);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const same = await raw(server.url, 'POST', '/api/v1/login', { headers: { ...FORM, origin: server.url, 'sec-fetch-site': 'same-origin' }, body });
    expect(same.status).toBe(200);
    expect(same.headers['set-cookie']?.length).toBeGreaterThan(0);
  });

  it('refuses a cross-site anonymous sign-up and creates nothing', async () => {
    const username = `csrf-${Date.now()}`;
    const response = await raw(server.url, 'POST', '/api/v1/users/', {
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ username, password: 'a-long-password-1' }),
    });
    expect(response.status).toBe(403);
    const row = await server.deps.storage.db.selectFrom('user').select('id').where('username', '=', username).executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
