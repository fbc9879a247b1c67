// Server-side sessions (SPEC §8, D5, D6): token refusals of SPEC §3, logout, refresh rotation
// with reuse detection, concurrent refreshes, idle and absolute expiry on a fake clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAllSessions } from '../../src/services/auth/sessions.js';
import { createUser, login, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Short lifetimes so the clock can walk through a whole session.
const ENV = {
  LANGFLOW_AUTO_LOGIN: 'false',
  LANGFLOW_SUPERUSER: 'admin',
  LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1',
  LANGFLOW_ACCESS_TOKEN_EXPIRE_SECONDS: '600',
  LANGFLOW_REFRESH_TOKEN_EXPIRE_SECONDS: '3600',
  LANGFLOW_SESSION_MAX_SECONDS: '7200',
};
const COULD_NOT_VALIDATE = { detail: 'Could not validate credentials' };
const INVALID_REFRESH = { detail: 'Invalid refresh token' };

function claims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe.each(databaseKinds())('sessions on $kind', (kind) => {
  let server: TestServer;
  const clock = new FakeClock();
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV, clock });
  });
  afterAll(() => server?.close());

  const protectedGet = (token: string) => fetch(`${server.url}/api/v1/config`, { headers: { authorization: `Bearer ${token}` } });
  const refresh = (refreshToken: string) =>
    fetch(`${server.url}/api/v1/refresh`, { method: 'POST', headers: { cookie: `refresh_token_lf=${refreshToken}` } });
  const logout = (token: string) => fetch(`${server.url}/api/v1/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

  async function expectRefused(response: Response, body = COULD_NOT_VALIDATE): Promise<void> {
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(body);
    if (body === COULD_NOT_VALIDATE) expect(response.headers.get('www-authenticate')).toBe('Bearer');
  }

  async function signedIn(): Promise<{ user: TestUser; accessToken: string; refreshToken: string }> {
    const user = await createUser(server);
    const result = await login(server, user.username, user.password);
    expect(result.status).toBe(200);
    return { user, accessToken: result.accessToken, refreshToken: result.refreshToken };
  }

  it('refuses a malformed or tampered token with Could not validate credentials', async () => {
    const { accessToken } = await signedIn();
    expect((await protectedGet(accessToken)).status).toBe(200);
    await expectRefused(await protectedGet('not-a-token'));
    const [header, payload, signature] = accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims(accessToken), sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    await expectRefused(await protectedGet(`${header}.${forged}.${signature}`));
    await expectRefused(await protectedGet(`${header}.${payload}.${signature.slice(0, -2)}xx`));
  });

  it('refuses an expired access token', async () => {
    const { accessToken } = await signedIn();
    clock.advance(601);
    await expectRefused(await protectedGet(accessToken));
  });

  it('refuses a refresh token used as an access token with Token is invalid.', async () => {
    const { refreshToken } = await signedIn();
    const response = await protectedGet(refreshToken);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Token is invalid.' });
  });

  it("refuses a deactivated user's unexpired token at once", async () => {
    const { user, accessToken } = await signedIn();
    await server.deps.storage.db.updateTable('user').set({ is_active: false }).where('id', '=', user.id).execute();
    const response = await protectedGet(accessToken);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'User not found or is inactive.' });
  });

  it('ends the session on logout: its access and refresh tokens stop working (D5)', async () => {
    const { accessToken, refreshToken } = await signedIn();
    const response = await logout(accessToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Logout successful' });
    await expectRefused(await protectedGet(accessToken));
    await expectRefused(await refresh(refreshToken), INVALID_REFRESH);
  });

  it('rotates refresh tokens, and a reused one ends the whole session (D6)', async () => {
    const { user, accessToken, refreshToken } = await signedIn();
    const first = await refresh(refreshToken);
    expect(first.status).toBe(200);
    const pair = await first.json();
    expect(pair.token_type).toBe('bearer');
    expect(claims(pair.refresh_token)).toMatchObject({ type: 'refresh', gen: 1, sid: claims(refreshToken).sid });
    expect(first.headers.getSetCookie().some((c) => c.startsWith(`refresh_token_lf=${pair.refresh_token};`))).toBe(true);
    expect((await protectedGet(pair.access_token)).status).toBe(200);
    expect((await protectedGet(accessToken)).status).toBe(200); // the old access token lives out its minutes

    // The spent token again, after the concurrent-refresh grace: someone holds a copy. Everything
    // of that session ends.
    clock.advance(3);
    await expectRefused(await refresh(refreshToken), INVALID_REFRESH);
    await expectRefused(await protectedGet(pair.access_token));
    await expectRefused(await protectedGet(accessToken));
    await expectRefused(await refresh(pair.refresh_token), INVALID_REFRESH);
    const session = await server.deps.storage.db.selectFrom('fg_session').selectAll().where('id', '=', claims(refreshToken).sid).executeTakeFirstOrThrow();
    expect(session.revoked_reason).toBe('refresh_reuse');
    const events = await server.deps.storage.db.selectFrom('fg_audit_event').selectAll().where('event', '=', 'refresh_reuse_detected').where('target_id', '=', user.id).execute();
    expect(events).toHaveLength(1);
  });

  it('lets exactly one of two concurrent refreshes with one token succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const { refreshToken } = await signedIn();
      const responses = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
      const loser = responses.find((r) => r.status === 401)!;
      expect(await loser.json()).toEqual(INVALID_REFRESH);
    }
  });

  it('refuses a refresh without the cookie, or with an access token in it, and clears the cookies', async () => {
    const missing = await fetch(`${server.url}/api/v1/refresh`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual(INVALID_REFRESH);
    const { accessToken } = await signedIn();
    const wrongType = await refresh(accessToken);
    expect(wrongType.status).toBe(401);
    expect(await wrongType.json()).toEqual(INVALID_REFRESH);
    const cleared = wrongType.headers.getSetCookie();
    for (const name of ['access_token_lf', 'refresh_token_lf']) {
      expect(cleared.find((c) => c.startsWith(`${name}=;`))).toMatch(/Max-Age=0/);
    }
  });

  it("refuses to refresh an inactive user's session with User account is inactive", async () => {
    const { user, refreshToken } = await signedIn();
    await server.deps.storage.db.updateTable('user').set({ is_active: false }).where('id', '=', user.id).execute();
    await expectRefused(await refresh(refreshToken), { detail: 'User account is inactive' });
  });

  it('ends an idle session, and each refresh extends the idle time', async () => {
    const idle = await signedIn();
    const active = await signedIn();
    clock.advance(3000);
    const renewed = await refresh(active.refreshToken);
    expect(renewed.status).toBe(200);
    const { refresh_token } = await renewed.json();
    clock.advance(700); // 3700 s: past the first idle end, inside the renewed one
    await expectRefused(await refresh(idle.refreshToken), INVALID_REFRESH);
    expect((await refresh(refresh_token)).status).toBe(200);
  });

  it('ends every session at its absolute end, and no token outlives it', async () => {
    const { refreshToken } = await signedIn();
    let current = refreshToken;
    let access = '';
    for (const step of [3000, 3000, 1000]) {
      clock.advance(step);
      const response = await refresh(current);
      expect(response.status).toBe(200);
      const body = await response.json();
      current = body.refresh_token;
      access = body.access_token;
    }
    // At 7000 s of a 7200 s session: both tokens end with the session, 200 s from now.
    expect(claims(access).exp - claims(access).iat).toBe(200);
    expect(claims(current).exp - claims(current).iat).toBe(200);
    expect((await protectedGet(access)).status).toBe(200);
    clock.advance(201);
    await expectRefused(await refresh(current), INVALID_REFRESH);
    await expectRefused(await protectedGet(access));
  });

  it('revokeAllSessions ends all sessions of a user, or all but the current one', async () => {
    const user = await createUser(server);
    const kept = await login(server, user.username, user.password);
    const other = await login(server, user.username, user.password);
    await revokeAllSessions(server.deps, user.id, 'password_changed', claims(kept.accessToken).sid);
    expect((await protectedGet(kept.accessToken)).status).toBe(200);
    await expectRefused(await protectedGet(other.accessToken));
    await revokeAllSessions(server.deps, user.id, 'user_deactivated');
    await expectRefused(await protectedGet(kept.accessToken));
    await expectRefused(await refresh(kept.refreshToken), INVALID_REFRESH);
    const events = await server.deps.storage.db.selectFrom('fg_audit_event').select('detail').where('event', '=', 'sessions_revoked').where('target_id', '=', user.id).execute();
    expect(events.map((e) => JSON.parse(e.detail!).reason).sort()).toEqual(['password_changed', 'user_deactivated']);
  });

  it('deletes a user\'s sessions that ended over a day ago when the user logs in again', async () => {
    const user = await createUser(server);
    const first = await login(server, user.username, user.password);
    await logout(first.accessToken);
    const sessions = () => server.deps.storage.db.selectFrom('fg_session').select('id').where('user_id', '=', user.id).execute();
    await login(server, user.username, user.password);
    expect(await sessions()).toHaveLength(2); // the ended one is kept for a day
    clock.advance(25 * 3600);
    await login(server, user.username, user.password);
    const left = (await sessions()).map((s) => s.id);
    expect(left).not.toContain(claims(first.accessToken).sid);
  });
});
