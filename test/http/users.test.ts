// The users API (SPEC §4, D13, D14, D15) as Langflow clients call it.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, login, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const USER_READ_KEYS = ['create_at', 'id', 'is_active', 'is_superuser', 'last_login_at', 'optins', 'profile_image', 'store_api_key', 'updated_at', 'username'];
const ENV = {
  LANGFLOW_AUTO_LOGIN: 'False',
  LANGFLOW_SUPERUSER: 'admin',
  LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1',
  LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: '10000',
  LANGFLOW_MAX_REQUEST_BODY_BYTES: '65536',
};
const BAD_ID = 'not-a-uuid';

describe.each(databaseKinds())('users API on $kind', (kind) => {
  let server: TestServer;
  let admin: TestUser;
  let adminAuth: Record<string, string>;
  let call: (method: string, p: string, options?: Parameters<typeof api>[3]) => ReturnType<typeof api>;
  const asAdmin = (method: string, p: string, body?: unknown) => call(method, p, { headers: adminAuth, body });

  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
    call = (method, p, options) => api(server.url, method, p, options);
    admin = { id: '', username: 'admin', password: ENV.LANGFLOW_SUPERUSER_PASSWORD };
    adminAuth = await bearer(server, admin);
    admin.id = (await call('GET', '/api/v1/users/whoami', { headers: adminAuth })).body.id;
  });
  afterAll(() => server?.close());

  describe('POST /users/', () => {
    it('signs up anonymously: 201 UserRead, inactive, not a superuser, with a default project', async () => {
      const res = await call('POST', '/api/v1/users/', { body: { username: 'signup-one', password: 'password-123' } });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(USER_READ_KEYS);
      expect(res.body).toMatchObject({ username: 'signup-one', is_active: false, is_superuser: false, store_api_key: null, last_login_at: null });
      expect(res.text).not.toMatch(/argon2|password/);
      const folders = await server.deps.storage.db.selectFrom('folder').select('name').where('user_id', '=', res.body.id).execute();
      expect(folders).toHaveLength(1);
    });

    it('ignores is_superuser and is_active from anyone but a superuser (mass assignment)', async () => {
      const anonymous = await call('POST', '/api/v1/users/', { body: { username: 'sneaky', password: 'password-123', is_superuser: true, is_active: true } });
      expect(anonymous.status).toBe(201);
      expect(anonymous.body).toMatchObject({ is_superuser: false, is_active: false });
      const regular = await createUser(server);
      const asRegular = await call('POST', '/api/v1/users/', {
        headers: await bearer(server, regular),
        body: { username: 'sneaky-2', password: 'password-123', is_superuser: true, is_active: true },
      });
      expect(asRegular.status).toBe(201);
      expect(asRegular.body).toMatchObject({ is_superuser: false, is_active: false });
    });

    it('lets a superuser choose the state and role', async () => {
      const res = await asAdmin('POST', '/api/v1/users/', { username: 'made-by-admin', password: 'password-123', is_active: true, is_superuser: true });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ is_active: true, is_superuser: true });
      const plain = await asAdmin('POST', '/api/v1/users/', { username: 'made-by-admin-2', password: 'password-123' });
      expect(plain.body).toMatchObject({ is_active: false, is_superuser: false }); // NEW_USER_IS_ACTIVE=False
    });

    it('refuses duplicates case-insensitively, after trimming', async () => {
      expect((await call('POST', '/api/v1/users/', { body: { username: 'Duplicate', password: 'password-123' } })).status).toBe(201);
      for (const username of ['duplicate', 'DUPLICATE', '  Duplicate  ']) {
        const res = await call('POST', '/api/v1/users/', { body: { username, password: 'password-123' } });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ detail: 'This username is unavailable.' });
      }
    });

    it('trims usernames and refuses empty, overlong and invisible ones with 422', async () => {
      const trimmed = await call('POST', '/api/v1/users/', { body: { username: '  spaced  ', password: 'password-123' } });
      expect(trimmed.body.username).toBe('spaced');
      const hundred = 'x'.repeat(99) + '😀';
      expect((await call('POST', '/api/v1/users/', { body: { username: hundred, password: 'password-123' } })).status).toBe(201);
      const bad = ['', '   ', 'y'.repeat(101), 'nul\u0000byte', 'new\nline', 'tab\tname', '\u202Eadmin', 'ad\u200Bmin', 'bell\u0007'];
      for (const username of bad) {
        const res = await call('POST', '/api/v1/users/', { body: { username, password: 'password-123' } });
        expect(res.status, JSON.stringify(username)).toBe(422);
        expect(res.body.detail[0]).toMatchObject({ loc: ['body', 'username'], type: 'value_error' });
        // NUL is refused for every field before validation (docs/security.md, finding 13).
        expect(res.body.detail[0].msg).toMatch(username.includes('\u0000') ? /NUL/ : /Username/);
      }
    });

    it('accepts odd but visible Unicode, which then logs in; composed and decomposed forms are one name', async () => {
      const username = 'Zoë 用户 Ωmega 😀';
      const res = await asAdmin('POST', '/api/v1/users/', { username, password: 'password-123', is_active: true });
      expect(res.status).toBe(201);
      expect(res.body.username).toBe(username);
      expect((await login(server, username, 'password-123')).status).toBe(200);
      const decomposed = username.normalize('NFD');
      expect(decomposed).not.toBe(username);
      const dup = await call('POST', '/api/v1/users/', { body: { username: decomposed, password: 'password-123' } });
      expect(dup.status).toBe(400);
    });

    it('checks the password length (8 to 1024) and never echoes it', async () => {
      const short = await call('POST', '/api/v1/users/', { body: { username: 'shorty', password: 'seven77' } });
      expect(short.status).toBe(422);
      expect(short.body.detail[0]).toMatchObject({ loc: ['body', 'password'], input: null });
      const long = await call('POST', '/api/v1/users/', { body: { username: 'longy', password: 'p'.repeat(1025) } });
      expect(long.status).toBe(422);
      expect(long.text).not.toContain('ppppppppp');
      expect((await call('POST', '/api/v1/users/', { body: { username: 'longest', password: 'p'.repeat(1024) } })).status).toBe(201);
    });

    it('refuses malformed and huge bodies', async () => {
      expect((await call('POST', '/api/v1/users/', { body: { username: 42, password: 'password-123' } })).status).toBe(422);
      expect((await call('POST', '/api/v1/users/', { body: { username: 'no-password' } })).body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'password'] });
      expect((await call('POST', '/api/v1/users/', { rawBody: '{"username": "x", ' })).status).toBe(422);
      const huge = await call('POST', '/api/v1/users/', { body: { username: 'huge', password: 'x'.repeat(100_000) } });
      expect(huge.status).toBe(413);
      expect(huge.body).toEqual({ detail: 'Request body is too large' });
    });
  });

  describe('GET /users/whoami and GET /users/', () => {
    it('answers whoami with the caller, store_api_key masked', async () => {
      const user = await createUser(server);
      const auth = await bearer(server, user);
      const me = await call('GET', '/api/v1/users/whoami', { headers: auth });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, username: user.username, store_api_key: null });
      await server.deps.storage.db.updateTable('user').set({ store_api_key: 'gAAAA-ciphertext' }).where('id', '=', user.id).execute();
      const masked = await call('GET', '/api/v1/users/whoami', { headers: auth });
      expect(masked.body.store_api_key).toBe('*****');
      expect(masked.text).not.toContain('ciphertext');
      expect((await call('GET', '/api/v1/users/whoami')).status).toBe(403);
    });

    it('refuses the list to non-superusers with Langflow message', async () => {
      const user = await createUser(server);
      const res = await call('GET', '/api/v1/users/', { headers: await bearer(server, user) });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: "The user doesn't have enough privileges" });
    });

    it('searches case-insensitively, counts the matches, pages in a stable order', async () => {
      const tag = `pg${randomUUID().slice(0, 6)}`;
      for (let i = 0; i < 5; i++) await createUser(server, { username: `${tag}-Member-${i}` });
      const first = await asAdmin('GET', `/api/v1/users/?search=${tag.toUpperCase()}-member&skip=0&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.total_count).toBe(5);
      expect(first.body.users).toHaveLength(2);
      const rest = await asAdmin('GET', `/api/v1/users/?search=${tag}&skip=2&limit=10`);
      expect(rest.body.total_count).toBe(5);
      const names = [...first.body.users, ...rest.body.users].map((u: any) => u.username);
      expect(new Set(names).size).toBe(5);
      for (const u of first.body.users) expect(Object.keys(u).sort()).toEqual(USER_READ_KEYS);
      const all = await asAdmin('GET', '/api/v1/users/?limit=10000');
      expect(all.body.total_count).toBe(all.body.users.length);
      expect(all.text).not.toMatch(/argon2/);
    });

    it('treats LIKE wildcards in the search literally', async () => {
      await createUser(server, { username: 'percent%user' });
      await createUser(server, { username: 'percentXuser' });
      const percent = await asAdmin('GET', `/api/v1/users/?search=${encodeURIComponent('t%u')}`);
      expect(percent.body.users.map((u: any) => u.username)).toEqual(['percent%user']);
      const underscore = await asAdmin('GET', `/api/v1/users/?search=${encodeURIComponent('percent_user')}`);
      expect(underscore.body.total_count).toBe(0);
      expect((await asAdmin('GET', '/api/v1/users/?skip=-1')).status).toBe(422);
    });
  });

  describe('PATCH /users/{user_id}', () => {
    it('answers malformed ids with FastAPI 422 on every route', async () => {
      for (const [method, p] of [['PATCH', `/api/v1/users/${BAD_ID}`], ['PATCH', `/api/v1/users/${BAD_ID}/reset-password`], ['DELETE', `/api/v1/users/${BAD_ID}`]]) {
        const res = await asAdmin(method, p, method === 'PATCH' ? {} : undefined);
        expect(res.status, p).toBe(422);
        expect(res.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'user_id'], input: BAD_ID });
      }
    });

    it('lets users change their own username, picture and optins, and nothing else', async () => {
      const user = await createUser(server);
      const auth = await bearer(server, user);
      const res = await call('PATCH', `/api/v1/users/${user.id}`, {
        headers: auth,
        body: { username: `${user.username}-renamed`, profile_image: 'People/People Avatar-01-01.svg', optins: { github_starred: true } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: `${user.username}-renamed`, profile_image: 'People/People Avatar-01-01.svg', optins: { github_starred: true } });
      const promote = await call('PATCH', `/api/v1/users/${user.id}`, { headers: auth, body: { is_superuser: true } });
      expect(promote).toMatchObject({ status: 403, body: { detail: 'Permission denied' } });
      const password = await call('PATCH', `/api/v1/users/${user.id}`, { headers: auth, body: { password: 'new-password-1' } });
      expect(password).toMatchObject({ status: 400, body: { detail: "You can't change your password here" } });
      const deactivate = await call('PATCH', `/api/v1/users/${user.id}`, { headers: auth, body: { is_active: false } });
      expect(deactivate).toMatchObject({ status: 403, body: { detail: "You can't deactivate your own user account" } });
      const me = await call('GET', '/api/v1/users/whoami', { headers: auth });
      expect(me.body).toMatchObject({ is_active: true, is_superuser: false });
    });

    it('accepts only bundled pictures as profile_image', async () => {
      const user = await createUser(server);
      const auth = await bearer(server, user);
      for (const image of ['../../etc/passwd', 'https://evil.example/a.svg', 'People/nope.svg', 'People/../People/People Avatar-01-01.svg', 'People/People Avatar-01-01.png', '/People/People Avatar-01-01.svg', 'javascript:alert(1)//x.svg']) {
        const res = await call('PATCH', `/api/v1/users/${user.id}`, { headers: auth, body: { profile_image: image } });
        expect(res.status, image).toBe(422);
        expect(res.body.detail[0].loc).toEqual(['body', 'profile_image']);
      }
    });

    it("refuses other users' ids to non-superusers, known or not", async () => {
      const user = await createUser(server);
      const other = await createUser(server);
      const auth = await bearer(server, user);
      for (const id of [other.id, admin.id, randomUUID()]) {
        const res = await call('PATCH', `/api/v1/users/${id}`, { headers: auth, body: { username: 'taken-over' } });
        expect(res).toMatchObject({ status: 403, body: { detail: 'Permission denied' } });
      }
      const reset = await call('PATCH', `/api/v1/users/${other.id}/reset-password`, { headers: auth, body: { current_password: user.password, password: 'new-password-1' } });
      expect(reset.status).toBe(404);
      const remove = await call('DELETE', `/api/v1/users/${other.id}`, { headers: auth });
      expect(remove).toMatchObject({ status: 403, body: { detail: "The user doesn't have enough privileges" } });
    });

    it('lets a superuser change anything, with 404 for unknown users and 400 for taken names', async () => {
      const user = await createUser(server, { isActive: false });
      const res = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { is_active: true, is_superuser: true, username: `${user.username}-x` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ is_active: true, is_superuser: true, username: `${user.username}-x` });
      expect(await asAdmin('PATCH', `/api/v1/users/${randomUUID()}`, { username: 'ghost' })).toMatchObject({ status: 404, body: { detail: 'User not found' } });
      expect(await asAdmin('PATCH', `/api/v1/users/${user.id}`, { username: 'ADMIN' })).toMatchObject({ status: 400, body: { detail: 'This username is unavailable.' } });
      // A change of case of one's own name is not a duplicate.
      expect((await asAdmin('PATCH', `/api/v1/users/${user.id}`, { username: `${user.username}-X` })).status).toBe(200);
      expect(await asAdmin('PATCH', `/api/v1/users/${admin.id}`, { is_active: false })).toMatchObject({ status: 403, body: { detail: "You can't deactivate your own user account" } });
    });

    it('resets a password as an admin: the new one works, the old one does not', async () => {
      const user = await createUser(server);
      const short = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { password: 'short' });
      expect(short.status).toBe(422);
      expect((await asAdmin('PATCH', `/api/v1/users/${user.id}`, { password: 'admin-chosen-1' })).status).toBe(200);
      expect((await login(server, user.username, 'admin-chosen-1')).status).toBe(200);
      expect((await login(server, user.username, user.password)).status).toBe(401);
    });

    it('gives a user deactivated by the superuser 401 on whoami with a still-unexpired token', async () => {
      const user = await createUser(server);
      const auth = await bearer(server, user);
      expect((await asAdmin('PATCH', `/api/v1/users/${user.id}`, { is_active: false })).body.is_active).toBe(false);
      const res = await call('GET', '/api/v1/users/whoami', { headers: auth });
      expect(res).toMatchObject({ status: 401, body: { detail: 'User not found or is inactive.' } });
    });
  });

  describe('the last active superuser (D14)', () => {
    it('cannot be demoted; another superuser can be', async () => {
      const second = await createUser(server, { isSuperuser: true });
      const secondAuth = await bearer(server, second);
      // Two superusers (and those made above): demote everyone but the admin.
      const all = await asAdmin('GET', '/api/v1/users/?limit=10000');
      for (const u of all.body.users) {
        if (u.is_superuser && u.is_active && u.id !== admin.id && u.id !== second.id) {
          expect((await asAdmin('PATCH', `/api/v1/users/${u.id}`, { is_superuser: false })).status).toBe(200);
        }
      }
      expect((await call('PATCH', `/api/v1/users/${admin.id}`, { headers: secondAuth, body: { is_superuser: false } })).status).toBe(200);
      // `second` is now the last one.
      const demoteSelf = await call('PATCH', `/api/v1/users/${second.id}`, { headers: secondAuth, body: { is_superuser: false } });
      expect(demoteSelf.status).toBe(400);
      expect(demoteSelf.body.detail).toMatch(/last active superuser/);
      const deleteSelf = await call('DELETE', `/api/v1/users/${second.id}`, { headers: secondAuth });
      expect(deleteSelf).toMatchObject({ status: 400, body: { detail: "You can't delete your own user account" } });
      // Restore the admin for the tests that follow (demotion ended his sessions).
      expect((await call('PATCH', `/api/v1/users/${admin.id}`, { headers: secondAuth, body: { is_superuser: true } })).status).toBe(200);
      adminAuth = await bearer(server, admin);
      expect((await asAdmin('GET', '/api/v1/users/')).status).toBe(200);
    });
  });

  describe('PATCH /users/{user_id}/reset-password', () => {
    it('needs the right current password and a different new one', async () => {
      const user = await createUser(server);
      const auth = await bearer(server, user);
      const p = `/api/v1/users/${user.id}/reset-password`;
      expect(await call('PATCH', p, { headers: auth, body: { current_password: 'wrong-password', password: 'new-password-1' } })).toMatchObject({
        status: 400,
        body: { detail: 'Current password is incorrect' },
      });
      expect(await call('PATCH', p, { headers: auth, body: { current_password: user.password, password: user.password } })).toMatchObject({
        status: 400,
        body: { detail: "You can't use your current password" },
      });
      expect((await call('PATCH', p, { headers: auth, body: { current_password: user.password, password: 'short' } })).status).toBe(422);
      expect((await call('PATCH', p, { headers: auth, body: { password: 'new-password-1' } })).status).toBe(422);
      const ok = await call('PATCH', p, { headers: auth, body: { current_password: user.password, password: 'new-password-1' } });
      expect(ok.status).toBe(200);
      expect(ok.body.id).toBe(user.id);
      expect((await login(server, user.username, 'new-password-1')).status).toBe(200);
      expect((await login(server, user.username, user.password)).status).toBe(401);
    });
  });

  describe('DELETE /users/{user_id}', () => {
    it('refuses self-deletion and unknown ids', async () => {
      expect(await asAdmin('DELETE', `/api/v1/users/${admin.id}`)).toMatchObject({ status: 400, body: { detail: "You can't delete your own user account" } });
      expect(await asAdmin('DELETE', `/api/v1/users/${randomUUID()}`)).toMatchObject({ status: 404, body: { detail: 'User not found' } });
    });

    it('deletes the user with their flows, folders, variables, API keys, sessions and files (D15)', async () => {
      const user = await createUser(server);
      await bearer(server, user);
      const db = server.deps.storage.db;
      const folder = await db.selectFrom('folder').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      await db.insertInto('flow').values({
        id: randomUUID(), name: 'doomed', description: null, icon: null, icon_bg_color: null, gradient: null, data: '{}', is_component: false,
        updated_at: now, webhook: false, endpoint_name: null, tags: null, locked: false, mcp_enabled: false, access_type: 'PRIVATE',
        user_id: user.id, folder_id: folder.id, extra: null, version: 1,
      }).execute();
      await db.insertInto('variable').values({ id: randomUUID(), name: 'V', value: 'x', type: 'Generic', default_fields: '[]', user_id: user.id, created_at: now, updated_at: null, from_env: false }).execute();
      await db.insertInto('apikey').values({ id: randomUUID(), name: 'k', api_key: randomUUID().replace(/-/g, ''), key_prefix: 'sk-abcde', created_at: now, last_used_at: null, total_uses: 0, is_active: true, user_id: user.id }).execute();
      const relative = `${user.id}/upload.txt`;
      const file = path.join(server.configDir, 'files', relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'data');
      await db.insertInto('fg_file').values({ id: randomUUID(), user_id: user.id, flow_id: null, name: 'upload.txt', path: relative, size: 4, created_at: now }).execute();
      // A file row pointing outside the files folder is never followed.
      const outside = path.join(server.configDir, 'keep-me.txt');
      fs.writeFileSync(outside, 'keep');
      await db.insertInto('fg_file').values({ id: randomUUID(), user_id: user.id, flow_id: null, name: 'x', path: '../keep-me.txt', size: 4, created_at: now }).execute();

      const res = await asAdmin('DELETE', `/api/v1/users/${user.id}`);
      expect(res).toMatchObject({ status: 200, body: { detail: 'User deleted' } });
      for (const table of ['flow', 'folder', 'variable', 'apikey', 'fg_session', 'fg_file'] as const) {
        const rows = await db.selectFrom(table).select('user_id').where('user_id', '=', user.id).execute();
        expect(rows, table).toHaveLength(0);
      }
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(path.dirname(file))).toBe(false);
      expect(fs.existsSync(outside)).toBe(true);
      expect(await asAdmin('DELETE', `/api/v1/users/${user.id}`)).toMatchObject({ status: 404 });
    });
  });
});

describe('sign-up closed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseKinds()[0], { env: { ...ENV, LANGFLOW_ENABLE_SIGNUP: 'False' } });
  });
  afterAll(() => server?.close());

  it('refuses anonymous and regular callers, still lets a superuser add users', async () => {
    const anonymous = await api(server.url, 'POST', '/api/v1/users/', { body: { username: 'nope', password: 'password-123' } });
    expect(anonymous).toMatchObject({ status: 403, body: { detail: 'Public user registration is disabled.' } });
    const regular = await createUser(server);
    const asRegular = await api(server.url, 'POST', '/api/v1/users/', { headers: await bearer(server, regular), body: { username: 'nope', password: 'password-123' } });
    expect(asRegular.status).toBe(403);
    const adminAuth = await bearer(server, { id: '', username: 'admin', password: ENV.LANGFLOW_SUPERUSER_PASSWORD });
    const byAdmin = await api(server.url, 'POST', '/api/v1/users/', { headers: adminAuth, body: { username: 'yes', password: 'password-123' } });
    expect(byAdmin.status).toBe(201);
  });
});
