// /api/v1/api_key: Langflow's cases (full key once, masked list, extra fields ignored, another
// user's key is "not found"), exact usage counting under concurrency, D9 (a deactivated user's
// key stops at once), the env key source, and the Store key encrypted at rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteUserRow, findUserById, updateUser } from '../../src/storage/repositories/users.js';
import { findAutoLoginUser } from '../../src/services/auth/auto-login-user.js';
import { apiCall } from '../helpers/api-call.js';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const KEY_RE = /^sk-[A-Za-z0-9_-]{43}$/;

describe.each(databaseKinds())('API keys on $kind', (kind) => {
  let server: TestServer;
  let alice: TestUser;
  let asAlice: Record<string, string>;
  let asBob: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    alice = await createUser(server);
    asAlice = await bearer(server, alice);
    asBob = await bearer(server, await createUser(server));
  });
  afterAll(() => server?.close());

  const create = (headers: Record<string, string>, body: unknown = { name: 'key' }) => apiCall(server, 'POST', '/api/v1/api_key/', headers, body);
  const list = (headers: Record<string, string>) => apiCall(server, 'GET', '/api/v1/api_key/', headers);
  const withKey = (key: string) => ({ 'x-api-key': key });

  it('creates a key (200) and shows it in full once', async () => {
    const res = await create(asAlice, { name: 'my key' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'my key',
      api_key: expect.stringMatching(KEY_RE),
      created_at: expect.any(String),
      last_used_at: null,
      total_uses: 0,
      is_active: true,
      user_id: alice.id,
    });
    const stored = await server.deps.storage.db.selectFrom('apikey').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(stored.api_key).not.toContain(res.body.api_key);
    expect(stored.api_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the fields a client may not set', async () => {
    const res = await create(asAlice, { name: 'sneaky', api_key: 'sk-chosen-by-client', user_id: '00000000-0000-4000-8000-000000000000', total_uses: 99, is_active: false });
    expect(res.status).toBe(200);
    expect(res.body.api_key).toMatch(KEY_RE);
    expect(res.body).toMatchObject({ user_id: alice.id, total_uses: 0, is_active: true });
    expect((await list(withKey('sk-chosen-by-client'))).status).toBe(403);
  });

  it('lists only the caller\'s keys, masked as Langflow masks them', async () => {
    const mine = await create(asAlice, { name: 'listed' });
    await create(asBob, { name: 'bobs' });
    const res = await list(asAlice);
    expect(res.status).toBe(200);
    expect(res.body.user_id).toBe(alice.id);
    expect(res.body.total_count).toBe(res.body.api_keys.length);
    expect(res.body.api_keys.every((k: any) => k.user_id === alice.id)).toBe(true);
    const listed = res.body.api_keys.find((k: any) => k.id === mine.body.id);
    expect(listed.api_key).toBe(mine.body.api_key.slice(0, 8) + '*'.repeat(mine.body.api_key.length - 8));
    expect(JSON.stringify(res.body)).not.toContain(mine.body.api_key);
  });

  it('accepts the key as header and as query parameter', async () => {
    const { body } = await create(asAlice);
    expect((await list(withKey(body.api_key))).body.user_id).toBe(alice.id);
    const viaQuery = await apiCall(server, 'GET', `/api/v1/api_key/?x-api-key=${encodeURIComponent(body.api_key)}`);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.body.user_id).toBe(alice.id);
  });

  it('deletes own keys; another user\'s or an unknown key is 400 "API Key not found"', async () => {
    const { body } = await create(asAlice);
    const foreign = await apiCall(server, 'DELETE', `/api/v1/api_key/${body.id}`, asBob);
    expect(foreign).toMatchObject({ status: 400, body: { detail: 'API Key not found' } });
    expect((await list(withKey(body.api_key))).status).toBe(200);
    const unknown = await apiCall(server, 'DELETE', '/api/v1/api_key/00000000-0000-4000-8000-000000000000', asAlice);
    expect(unknown).toMatchObject({ status: 400, body: { detail: 'API Key not found' } });
    const own = await apiCall(server, 'DELETE', `/api/v1/api_key/${body.id.toUpperCase()}`, asAlice);
    expect(own).toMatchObject({ status: 200, body: { detail: 'API Key deleted' } });
    expect(await list(withKey(body.api_key))).toMatchObject({ status: 403, body: { detail: 'Invalid or missing API key' } });
  });

  it('records key creation and deletion in the audit trail, never the key', async () => {
    const { body } = await create(asAlice, { name: 'audited' });
    await apiCall(server, 'DELETE', `/api/v1/api_key/${body.id}`, asAlice);
    const events = await server.deps.storage.db.selectFrom('fg_audit_event').selectAll().where('actor_id', '=', alice.id).execute();
    const forKey = events.filter((e) => e.detail?.includes(body.id));
    expect(forKey.map((e) => e.event).sort()).toEqual(['api_key_created', 'api_key_deleted']);
    expect(JSON.stringify(events)).not.toContain(body.api_key);
  });

  it('answers a non-UUID key id with FastAPI\'s 422', async () => {
    const res = await apiCall(server, 'DELETE', '/api/v1/api_key/not-a-uuid', asAlice);
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'api_key_id'] });
  });

  it('counts every use exactly, even 1,000 concurrent ones', async () => {
    const { body } = await create(asAlice, { name: 'counted' });
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => list(withKey(body.api_key))));
      expect(results.every((r) => r.status === 200)).toBe(true);
    }
    const listed = (await list(asAlice)).body.api_keys.find((k: any) => k.id === body.id);
    expect(listed.total_uses).toBe(1000);
    expect(listed.last_used_at).toEqual(expect.any(String));
  }, 180_000);

  it('refuses a deactivated user\'s key at once (D9), and a deleted user\'s key', async () => {
    const carol = await createUser(server);
    const { body } = await create(await bearer(server, carol));
    expect((await list(withKey(body.api_key))).status).toBe(200);
    await updateUser(server.deps.storage.db, carol.id, { is_active: false });
    expect(await list(withKey(body.api_key))).toMatchObject({ status: 401, body: { detail: 'Inactive user' } });
    await updateUser(server.deps.storage.db, carol.id, { is_active: true });
    expect((await list(withKey(body.api_key))).status).toBe(200);
    await deleteUserRow(server.deps.storage.db, carol.id);
    expect(await list(withKey(body.api_key))).toMatchObject({ status: 403, body: { detail: 'Invalid or missing API key' } });
  });

  it('saves the Store key encrypted, never as given', async () => {
    const res = await apiCall(server, 'POST', '/api/v1/api_key/store', asAlice, { api_key: 'store-key-PLAINTEXT-canary' });
    expect(res).toMatchObject({ status: 200, body: { detail: 'API Key saved' } });
    const user = await findUserById(server.deps.storage.db, alice.id);
    expect(user?.storeApiKeyCiphertext).toBeTruthy();
    expect(user?.storeApiKeyCiphertext).not.toContain('PLAINTEXT');
    expect(server.deps.keys.fernet.decrypt(user!.storeApiKeyCiphertext!).toString('utf8')).toBe('store-key-PLAINTEXT-canary');
  });

  it('refuses every api_key route without credentials', async () => {
    expect((await list({})).status).toBe(403);
    expect((await create({})).status).toBe(403);
    expect((await apiCall(server, 'DELETE', '/api/v1/api_key/00000000-0000-4000-8000-000000000000')).status).toBe(403);
  });
});

describe.each(databaseKinds())('API key settings on $kind', (kind) => {
  let server: TestServer;
  const envKey = 'sk-env-configured-key-for-the-superuser-0123456789';

  beforeAll(async () => {
    server = await startTestServer(kind, {
      env: { LANGFLOW_DISABLE_TRACK_APIKEY_USAGE: 'true', LANGFLOW_API_KEY_SOURCE: 'env', LANGFLOW_API_KEY: envKey },
    });
  });
  afterAll(() => server?.close());

  it('does not count uses when DISABLE_TRACK_APIKEY_USAGE is set', async () => {
    const user = await createUser(server);
    const headers = await bearer(server, user);
    const { body } = await apiCall(server, 'POST', '/api/v1/api_key/', headers, { name: 'untracked' });
    for (let i = 0; i < 5; i++) expect((await apiCall(server, 'GET', '/api/v1/api_key/', { 'x-api-key': body.api_key })).status).toBe(200);
    const listed = (await apiCall(server, 'GET', '/api/v1/api_key/', headers)).body.api_keys.find((k: any) => k.id === body.id);
    expect(listed).toMatchObject({ total_uses: 0, last_used_at: null });
  });

  it('accepts LANGFLOW_API_KEY as the superuser with API_KEY_SOURCE=env, and database keys too', async () => {
    const superuser = await findAutoLoginUser(server.deps);
    const res = await apiCall(server, 'GET', '/api/v1/api_key/', { 'x-api-key': envKey });
    expect(res.status).toBe(200);
    expect(res.body.user_id).toBe(superuser!.id);
    expect((await apiCall(server, 'GET', '/api/v1/api_key/', { 'x-api-key': `${envKey}x` })).status).toBe(403);
    const user = await createUser(server);
    const { body } = await apiCall(server, 'POST', '/api/v1/api_key/', await bearer(server, user), {});
    expect((await apiCall(server, 'GET', '/api/v1/api_key/', { 'x-api-key': body.api_key })).body.user_id).toBe(user.id);
  });
});
