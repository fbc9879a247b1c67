// Periodic housekeeping deletes only rows that no longer mean anything: ended sessions older than
// a day, and login counters that would start over anyway. Live sessions and running locks stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpiredRows } from '../../src/services/housekeeping.js';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('housekeeping on $kind', (kind) => {
  let server: TestServer;
  const clock = new FakeClock();
  beforeAll(async () => {
    server = await startTestServer(kind, {
      clock,
      env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1', LANGFLOW_SESSION_MAX_SECONDS: '7200' },
    });
  });
  afterAll(() => server?.close());

  const db = () => server.deps.storage.db;

  it('deletes quiet login counters and ended sessions, and keeps the rest', async () => {
    // A spray: one failure each for many unknown names; and one account locked for a long time.
    for (let i = 0; i < 5; i++) expect((await login(server, `spray-${i}`, 'wrong-password')).status).toBe(401);
    const locked = await createUser(server);
    for (let i = 0; i < 7; i++) await login(server, locked.username, 'wrong-password');
    const lockedRow = await db().selectFrom('fg_login_throttle').selectAll().where('key', '=', `account:${locked.username.toLowerCase()}`).executeTakeFirstOrThrow();
    expect(lockedRow.locked_until).not.toBeNull();

    const user = await createUser(server);
    const old = await login(server, user.username, user.password);
    expect(old.status).toBe(200);

    clock.advance(3 * 3600); // the old session reached its absolute end (2 h)...
    const fresh = await login(server, user.username, user.password); // ...this one ends 22 h before the prune: kept
    clock.advance(24 * 3600); // the old session ended 25 h ago; the spray windows are long over

    const before = await db().selectFrom('fg_login_throttle').select('key').execute();
    expect(before.length).toBeGreaterThanOrEqual(6);
    const removed = await pruneExpiredRows(server.deps);
    expect(removed.throttles).toBeGreaterThanOrEqual(5);

    const keys = (await db().selectFrom('fg_login_throttle').select(['key', 'locked_until']).execute()).filter((r) => r.key.startsWith('account:spray-'));
    expect(keys).toEqual([]);
    const sessions = (await db().selectFrom('fg_session').select('id').where('user_id', '=', user.id).execute()).map((s) => s.id);
    expect(removed.sessions).toBeGreaterThanOrEqual(1);
    expect(sessions).toHaveLength(1);
    expect(JSON.parse(Buffer.from(fresh.accessToken.split('.')[1], 'base64url').toString()).sid).toBe(sessions[0]);
  });

  it('keeps a counter whose lock is still running', async () => {
    const user = await createUser(server);
    await db()
      .insertInto('fg_login_throttle')
      .values({ key: `account:${user.username.toLowerCase()}`, failures: 9, window_started_at: new Date(clock.now().getTime() - 86_400_000).toISOString(), locked_until: new Date(clock.now().getTime() + 3_600_000).toISOString(), lock_seconds: 3600 })
      .execute();
    await pruneExpiredRows(server.deps);
    const row = await db().selectFrom('fg_login_throttle').select('key').where('key', '=', `account:${user.username.toLowerCase()}`).executeTakeFirst();
    expect(row).toBeDefined();
  });
});
