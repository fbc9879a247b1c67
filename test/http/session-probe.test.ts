// GET /api/v1/session tells a page what applies before it calls anything that could fail:
// auto-login on or off, and whether a refresh cookie came with the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { sqliteKind } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the session probe', () => {
  let secure: TestServer;
  let local: TestServer;
  beforeAll(async () => {
    [secure, local] = await Promise.all([
      startTestServer(sqliteKind, { env: { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' } }),
      startTestServer(sqliteKind),
    ]);
  });
  afterAll(async () => {
    await secure?.close();
    await local?.close();
  });

  it('says auto-login is off and nothing can be refreshed to an anonymous visitor', async () => {
    expect((await api(secure.url, 'GET', '/api/v1/session')).body).toEqual({ authenticated: false, user: null, auto_login: false, refreshable: false });
    expect((await api(local.url, 'GET', '/api/v1/session')).body).toEqual({ authenticated: false, user: null, auto_login: true, refreshable: false });
  });

  it('says a refresh is possible when only the refresh cookie came, and who is signed in otherwise', async () => {
    const user = await createUser(secure);
    const session = await login(secure, user.username, user.password);
    const refreshOnly = session.cookieHeader.split('; ').filter((c) => c.startsWith('refresh_token_lf=')).join('; ');
    const probe = await api(secure.url, 'GET', '/api/v1/session', { headers: { cookie: refreshOnly } });
    expect(probe.body).toMatchObject({ authenticated: false, user: null, refreshable: true });
    const signedIn = await api(secure.url, 'GET', '/api/v1/session', { headers: { cookie: session.cookieHeader } });
    expect(signedIn.body).toMatchObject({ authenticated: true, user: { username: user.username }, auto_login: false, refreshable: true });
  });
});
