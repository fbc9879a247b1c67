// GET /api/v1/audit: every change to a user is recorded with actor, target and IP; field names,
// never values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = {
  LANGFLOW_AUTO_LOGIN: 'False',
  LANGFLOW_SUPERUSER: 'admin',
  LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1',
  LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: '10000',
};

describe.each(databaseKinds())('audit log on $kind', (kind) => {
  let server: TestServer;
  let adminAuth: Record<string, string>;
  let adminId: string;
  const asAdmin = (method: string, p: string, body?: unknown) => api(server.url, method, p, { headers: adminAuth, body });
  const eventsOf = async (userId: string) => (await asAdmin('GET', `/api/v1/audit?user_id=${userId}&limit=1000`)).body.events as any[];

  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
    adminAuth = await bearer(server, { id: '', username: 'admin', password: ENV.LANGFLOW_SUPERUSER_PASSWORD });
    adminId = (await asAdmin('GET', '/api/v1/users/whoami')).body.id;
  });
  afterAll(() => server?.close());

  it('records creation by an admin and by sign-up, with actor, target and IP', async () => {
    const made = (await asAdmin('POST', '/api/v1/users/', { username: 'audited-1', password: 'password-123' })).body;
    const [created] = (await eventsOf(made.id)).filter((e) => e.event === 'user_created');
    expect(created).toMatchObject({
      actor_id: adminId,
      actor_username: 'admin',
      target_id: made.id,
      target_username: 'audited-1',
      ip: '127.0.0.1',
      detail: { via: 'admin' },
    });
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const signup = (await api(server.url, 'POST', '/api/v1/users/', { body: { username: 'audited-2', password: 'password-123' } })).body;
    const [own] = (await eventsOf(signup.id)).filter((e) => e.event === 'user_created');
    expect(own).toMatchObject({ actor_id: signup.id, target_id: signup.id, detail: { via: 'signup' } });
  });

  it('records updates by field name, and each change of state, role and password', async () => {
    const user = await createUser(server, { isActive: false });
    const p = `/api/v1/users/${user.id}`;
    await asAdmin('PATCH', p, { username: `${user.username}-secret-name` });
    await asAdmin('PATCH', p, { is_active: true, is_superuser: true });
    await asAdmin('PATCH', p, { is_active: false, is_superuser: false });
    await asAdmin('PATCH', p, { password: 'Secret-Value-123' });
    await asAdmin('PATCH', p, { is_active: true });
    const auth = await bearer(server, { ...user, username: `${user.username}-secret-name`, password: 'Secret-Value-123' });
    await api(server.url, 'PATCH', `${p}/reset-password`, { headers: auth, body: { current_password: 'Secret-Value-123', password: 'Other-Secret-456' } });

    // Events of one request may share a millisecond, so their relative order is not asserted.
    const events = await eventsOf(user.id);
    const names = events.map((e) => e.event).filter((e) => e !== 'sessions_revoked' && !e.startsWith('login'));
    expect(names.sort()).toEqual([
      'user_updated',
      'user_updated', 'user_activated', 'superuser_granted',
      'user_updated', 'user_deactivated', 'superuser_revoked',
      'user_updated', 'password_reset_by_admin',
      'user_updated', 'user_activated',
      'password_changed',
    ].sort());
    const updates = events.filter((e) => e.event === 'user_updated').map((e) => e.detail.fields.sort().join(','));
    expect(updates.sort()).toEqual(['is_active', 'is_active,is_superuser', 'is_active,is_superuser', 'password', 'username']);
    for (const e of events.filter((x) => x.event !== 'password_changed' && !x.event.startsWith('login') && x.event !== 'sessions_revoked')) {
      expect(e).toMatchObject({ actor_id: adminId, target_id: user.id, ip: '127.0.0.1' });
    }
    expect(events.find((e) => e.event === 'password_changed')).toMatchObject({ actor_id: user.id, target_id: user.id });
    const text = JSON.stringify(events);
    expect(text).not.toContain('Secret-Value');
    expect(text).not.toContain('Other-Secret');
    // The new username is a value: it shows as target_username, never in the detail.
    expect(JSON.stringify(events.map((e) => e.detail))).not.toContain('secret-name');
  });

  it('records deletion; the deleted user shows as null, the event stays', async () => {
    const user = await createUser(server);
    await asAdmin('DELETE', `/api/v1/users/${user.id}`);
    const events = await eventsOf(user.id);
    const deleted = events.find((e) => e.event === 'user_deleted');
    expect(deleted).toMatchObject({ actor_username: 'admin', target_id: user.id, target_username: null, detail: { username: user.username } });
  });

  it('filters by event, pages with total_count, newest first', async () => {
    for (let i = 0; i < 3; i++) await createUser(server).then((u) => asAdmin('PATCH', `/api/v1/users/${u.id}`, { username: `${u.username}-p${i}` }));
    const page = await asAdmin('GET', '/api/v1/audit?event=user_updated&skip=0&limit=2');
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(2);
    expect(page.body.total_count).toBeGreaterThanOrEqual(3);
    for (const e of page.body.events) expect(e.event).toBe('user_updated');
    const [first, second] = page.body.events;
    expect(first.created_at >= second.created_at).toBe(true);
    const next = await asAdmin('GET', '/api/v1/audit?event=user_updated&skip=2&limit=2');
    expect(next.body.events.map((e: any) => e.id)).not.toContain(first.id);
    const none = await asAdmin('GET', '/api/v1/audit?event=no_such_event');
    expect(none.body).toEqual({ total_count: 0, events: [] });
  });

  it('is for superusers only and validates its query', async () => {
    const user = await createUser(server);
    const res = await api(server.url, 'GET', '/api/v1/audit', { headers: await bearer(server, user) });
    expect(res).toMatchObject({ status: 403, body: { detail: "The user doesn't have enough privileges" } });
    expect((await api(server.url, 'GET', '/api/v1/audit')).status).toBe(403);
    const bad = await asAdmin('GET', '/api/v1/audit?user_id=nope');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['query', 'user_id'] });
  });
});
