// POST /login, GET /auto_login, GET /session, GET /config: SPEC §3's login rows, D1, D4, D10, D12.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../src/storage/repositories/users.js';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SECURE_ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };
const BAD_CREDENTIALS = { detail: 'Incorrect username or password' };

function claims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

async function userRow(server: TestServer, id: string) {
  return server.deps.storage.db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditOf(server: TestServer, event: string, targetId: string) {
  return server.deps.storage.db.selectFrom('fg_audit_event').selectAll().where('event', '=', event).where('target_id', '=', targetId).execute();
}

describe.each(databaseKinds())('login on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: SECURE_ENV });
  });
  afterAll(() => server?.close());

  it('answers the right password with a token pair, cookies and last_login_at', async () => {
    const user = await createUser(server, { lastLoginAt: null });
    const result = await login(server, user.username, user.password);
    expect(result.status).toBe(200);
    expect(Object.keys(result.body).sort()).toEqual(['access_token', 'refresh_token', 'token_type']);
    expect(result.body.token_type).toBe('bearer');
    const access = claims(result.accessToken);
    const refresh = claims(result.refreshToken);
    expect(access).toMatchObject({ sub: user.id, type: 'access', sid: expect.any(String) });
    expect(refresh).toMatchObject({ sub: user.id, type: 'refresh', sid: access.sid, gen: 0 });
    expect(access.exp - access.iat).toBe(3600);
    expect(result.setCookies.map((c) => c.split('=')[0]).sort()).toEqual(['access_token_lf', 'apikey_tkn_lflw', 'refresh_token_lf']);
    expect((await userRow(server, user.id)).last_login_at).not.toBeNull();
    const [success] = await auditOf(server, 'login_success', user.id);
    expect(success).toMatchObject({ actor_id: user.id, ip: '127.0.0.1' });
  });

  it('gives the same 401 for an unknown user and a wrong password, and records no typed value', async () => {
    const user = await createUser(server);
    const wrong = await login(server, user.username, 'not-the-password');
    const unknown = await login(server, `nobody-${randomUUID()}`, 'not-the-password');
    for (const result of [wrong, unknown]) {
      expect(result.status).toBe(401);
      expect(result.body).toEqual(BAD_CREDENTIALS);
      expect(result.setCookies).toEqual([]);
    }
    const [failure] = await auditOf(server, 'login_failure', user.id);
    expect(JSON.parse(failure.detail!)).toEqual({ reason: 'bad_credentials' });
    const all = await server.deps.storage.db.selectFrom('fg_audit_event').select('detail').execute();
    expect(JSON.stringify(all)).not.toContain('not-the-password');
    expect(JSON.stringify(all)).not.toContain('nobody-');
  });

  it('sends WWW-Authenticate: Bearer with the 401', async () => {
    const response = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'nobody', password: 'x' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('finds the user whatever the case of the name', async () => {
    const user = await createUser(server, { username: `MixedCase-${randomUUID().slice(0, 8)}` });
    expect((await login(server, user.username.toLowerCase(), user.password)).status).toBe(200);
    expect((await login(server, user.username.toUpperCase(), user.password)).status).toBe(200);
  });

  it('finds a user whose name was typed decomposed or with spaces around it', async () => {
    const user = await createUser(server, { username: `jos\u00e9-${randomUUID().slice(0, 8)}` });
    expect((await login(server, ` ${user.username.normalize('NFD')} `, user.password)).status).toBe(200);
  });

  it('says "Waiting for approval" only to the right password (D10)', async () => {
    const user = await createUser(server, { isActive: false, lastLoginAt: null });
    const wrong = await login(server, user.username, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(BAD_CREDENTIALS);
    const right = await login(server, user.username, user.password);
    expect(right.status).toBe(400);
    expect(right.body).toEqual({ detail: 'Waiting for approval' });
    expect(right.setCookies).toEqual([]);
    expect((await userRow(server, user.id)).last_login_at).toBeNull();
  });

  it('says "Inactive user" to the right password of a deactivated account', async () => {
    const user = await createUser(server, { isActive: false });
    const wrong = await login(server, user.username, 'not-the-password');
    expect(wrong.body).toEqual(BAD_CREDENTIALS);
    const right = await login(server, user.username, user.password);
    expect(right.status).toBe(401);
    expect(right.body).toEqual({ detail: 'Inactive user' });
    expect(right.setCookies).toEqual([]);
  });

  it('answers a missing field with FastAPI 422 shape', async () => {
    const response = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'someone' }),
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'password'], msg: 'Field required' });
  });

  it('accepts an imported bcrypt hash once and replaces it with argon2id (D12)', async () => {
    const id = randomUUID();
    const username = `imported-${id.slice(0, 8)}`;
    const password = 'langflow-era-password';
    const now = new Date().toISOString();
    await insertUser(server.deps.storage.db, {
      id, username, password: bcrypt.hashSync(password, 10), profile_image: null, is_active: true, is_superuser: false,
      create_at: now, updated_at: now, last_login_at: now, store_api_key: null, optins: null,
    });
    expect((await login(server, username, 'wrong-password')).status).toBe(401);
    expect((await userRow(server, id)).password).toMatch(/^\$2[aby]\$/);
    expect((await login(server, username, password)).status).toBe(200);
    expect((await userRow(server, id)).password).toMatch(/^\$argon2id\$/);
    expect((await login(server, username, password)).status).toBe(200);
    expect((await login(server, username, 'wrong-password')).status).toBe(401);
  });

  it('treats passwords that differ after byte 72 as different passwords (D12)', async () => {
    const prefix = 'p'.repeat(72);
    const user = await createUser(server, { password: `${prefix}-the-real-ending` });
    expect((await login(server, user.username, `${prefix}-another-ending`)).status).toBe(401);
    expect((await login(server, user.username, prefix)).status).toBe(401);
    expect((await login(server, user.username, user.password)).status).toBe(200);
  });

  it('answers GET /auto_login with Langflow 400 body when auto-login is off', async () => {
    const response = await fetch(`${server.url}/api/v1/auto_login`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      detail: { message: 'Auto login is disabled. Please enable it in the settings', auto_login: false },
    });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('serves GET /config to users only, with auto_login and nothing secret', async () => {
    expect((await fetch(`${server.url}/api/v1/config`)).status).toBe(403);
    const user = await createUser(server);
    const { accessToken } = await login(server, user.username, user.password);
    const response = await fetch(`${server.url}/api/v1/config`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ auto_login: false, enable_signup: true, access_token_expire_seconds: 3600 });
    expect(JSON.stringify(body)).not.toMatch(/secret|password|admin-password-1|flowgate-tests-secret/i);
  });

  it('describes the session on GET /session', async () => {
    expect(await (await fetch(`${server.url}/api/v1/session`)).json()).toEqual({ authenticated: false, user: null, auto_login: false, refreshable: false });
    const garbage = await fetch(`${server.url}/api/v1/session`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(garbage.status).toBe(200);
    expect(await garbage.json()).toEqual({ authenticated: false, user: null, auto_login: false, refreshable: false });
    const user = await createUser(server);
    const { cookieHeader } = await login(server, user.username, user.password);
    const body = await (await fetch(`${server.url}/api/v1/session`, { headers: { cookie: cookieHeader } })).json();
    expect(body.authenticated).toBe(true);
    expect(Object.keys(body.user).sort()).toEqual(
      ['create_at', 'id', 'is_active', 'is_superuser', 'last_login_at', 'optins', 'profile_image', 'store_api_key', 'updated_at', 'username'],
    );
    expect(body.user).toMatchObject({ id: user.id, username: user.username, store_api_key: null, is_superuser: false });
  });
});

describe.each(databaseKinds())('auto-login on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind); // auto-login is the default
  });
  afterAll(() => server?.close());

  it('hands out an access token of normal lifetime and no refresh token (D4)', async () => {
    const response = await fetch(`${server.url}/api/v1/auto_login`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.any(String), refresh_token: null, token_type: 'bearer' });
    const access = claims(body.access_token);
    expect(access.type).toBe('access');
    expect(access.exp - access.iat).toBe(3600);
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('access_token_lf=ey'))).toBe(true);
    expect(cookies.some((c) => c.startsWith('refresh_token_lf='))).toBe(false);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const session = await (await fetch(`${server.url}/api/v1/session`, { headers: { cookie } })).json();
    expect(session).toMatchObject({ authenticated: true, user: { username: 'langflow', is_superuser: true } });
    const config = await (await fetch(`${server.url}/api/v1/config`, { headers: { cookie } })).json();
    expect(config.auto_login).toBe(true);
  });

  it('never lets anyone log in as langflow/langflow (D1)', async () => {
    const result = await login(server, 'langflow', 'langflow');
    expect(result.status).toBe(401);
    expect(result.body).toEqual(BAD_CREDENTIALS);
  });
});
