// D5: sessions end when the account changes, effective on the very next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, login, type LoginResult, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = {
  LANGFLOW_AUTO_LOGIN: 'False',
  LANGFLOW_SUPERUSER: 'admin',
  LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1',
  LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: '10000',
};

describe.each(databaseKinds())('session revocation on $kind', (kind) => {
  let server: TestServer;
  let adminAuth: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
    adminAuth = await bearer(server, { id: '', username: 'admin', password: ENV.LANGFLOW_SUPERUSER_PASSWORD });
  });
  afterAll(() => server?.close());

  const whoami = (session: LoginResult) => api(server.url, 'GET', '/api/v1/users/whoami', { headers: { authorization: `Bearer ${session.accessToken}` } });
  const refresh = (session: LoginResult) =>
    fetch(`${server.url}/api/v1/refresh`, { method: 'POST', headers: { cookie: session.cookieHeader } }).then((r) => r.status);
  async function twoSessions(user: TestUser): Promise<[LoginResult, LoginResult]> {
    const a = await login(server, user.username, user.password);
    const b = await login(server, user.username, user.password);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await whoami(a)).status).toBe(200);
    expect((await whoami(b)).status).toBe(200);
    return [a, b];
  }

  it("changing one's own password ends the other sessions, not the current one", async () => {
    const user = await createUser(server);
    const [current, other] = await twoSessions(user);
    const res = await api(server.url, 'PATCH', `/api/v1/users/${user.id}/reset-password`, {
      headers: { authorization: `Bearer ${current.accessToken}` },
      body: { current_password: user.password, password: 'brand-new-password' },
    });
    expect(res.status).toBe(200);
    expect((await whoami(current)).status).toBe(200);
    expect(await whoami(other)).toMatchObject({ status: 401, body: { detail: 'Could not validate credentials' } });
    expect(await refresh(other)).toBe(401);
    expect(await refresh(current)).toBe(200);
  });

  it('an admin password reset ends every session of the user', async () => {
    const user = await createUser(server);
    const [a, b] = await twoSessions(user);
    expect((await api(server.url, 'PATCH', `/api/v1/users/${user.id}`, { headers: adminAuth, body: { password: 'reset-by-admin-1' } })).status).toBe(200);
    for (const session of [a, b]) {
      expect((await whoami(session)).status).toBe(401);
      expect(await refresh(session)).toBe(401);
    }
  });

  it('deactivation ends every session; reactivation does not bring them back', async () => {
    const user = await createUser(server);
    const [a, b] = await twoSessions(user);
    expect((await api(server.url, 'PATCH', `/api/v1/users/${user.id}`, { headers: adminAuth, body: { is_active: false } })).status).toBe(200);
    for (const session of [a, b]) expect(await whoami(session)).toMatchObject({ status: 401, body: { detail: 'User not found or is inactive.' } });
    expect((await api(server.url, 'PATCH', `/api/v1/users/${user.id}`, { headers: adminAuth, body: { is_active: true } })).status).toBe(200);
    for (const session of [a, b]) {
      expect(await whoami(session)).toMatchObject({ status: 401, body: { detail: 'Could not validate credentials' } });
      expect(await refresh(session)).toBe(401);
    }
    expect((await login(server, user.username, user.password)).status).toBe(200);
  });

  it('deletion ends every session', async () => {
    const user = await createUser(server);
    const [a, b] = await twoSessions(user);
    expect((await api(server.url, 'DELETE', `/api/v1/users/${user.id}`, { headers: adminAuth })).status).toBe(200);
    for (const session of [a, b]) {
      expect(await whoami(session)).toMatchObject({ status: 401, body: { detail: 'User not found or is inactive.' } });
      expect(await refresh(session)).toBe(401);
    }
  });

  it('demotion ends every session, so old tokens lose the admin APIs at once', async () => {
    const user = await createUser(server, { isSuperuser: true });
    const [a, b] = await twoSessions(user);
    const list = (s: LoginResult) => api(server.url, 'GET', '/api/v1/users/', { headers: { authorization: `Bearer ${s.accessToken}` } });
    expect((await list(a)).status).toBe(200);
    expect((await api(server.url, 'PATCH', `/api/v1/users/${user.id}`, { headers: adminAuth, body: { is_superuser: false } })).status).toBe(200);
    for (const session of [a, b]) {
      expect((await list(session)).status).toBe(401);
      expect(await refresh(session)).toBe(401);
    }
    const fresh = await login(server, user.username, user.password);
    expect((await list(fresh)).body).toEqual({ detail: "The user doesn't have enough privileges" });
  });

  it('a change of username or picture ends nothing', async () => {
    const user = await createUser(server);
    const [a, b] = await twoSessions(user);
    expect((await api(server.url, 'PATCH', `/api/v1/users/${user.id}`, { headers: adminAuth, body: { username: `${user.username}-2` } })).status).toBe(200);
    expect((await whoami(a)).status).toBe(200);
    expect((await whoami(b)).status).toBe(200);
  });
});
