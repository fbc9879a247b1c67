// Login throttling (D11): per account (known or unknown), per client address, doubling locks,
// reset on success, atomic counting, and counts that survive a restart (they live in the database).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser, login, type LoginResult } from '../helpers/auth.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };
const THROTTLED = { detail: 'Too many login attempts. Try again later.' };

describe.each(databaseKinds())('login throttling on $kind', (kind) => {
  let server: TestServer;
  let database: TestDatabase;
  let configDir: string;
  const clock = new FakeClock();
  beforeAll(async () => {
    // The database outlives the first server, for the restart test.
    database = await kind.create();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-throttle-'));
    server = await startTestServer(kind, { env: ENV, clock, database, configDir });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });
  // Every test starts after all earlier windows and locks are long over.
  beforeEach(() => clock.advance(24 * 3600));

  const wrong = (username: string) => login(server, username, 'not-the-password');

  function expectThrottled(result: LoginResult): void {
    expect(result.status).toBe(429);
    expect(result.body).toEqual(THROTTLED);
    expect(result.setCookies).toEqual([]);
  }

  async function retryAfterOf(username: string, password: string): Promise<number> {
    const response = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }),
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual(THROTTLED);
    return Number(response.headers.get('retry-after'));
  }

  it('locks an account after 5 failures, even against the right password, with Retry-After', async () => {
    const user = await createUser(server);
    for (let i = 0; i < 5; i++) expect((await wrong(user.username)).status).toBe(401);
    expect(await retryAfterOf(user.username, user.password)).toBe(60);
    expectThrottled(await login(server, user.username.toUpperCase(), user.password));
    const [event] = await server.deps.storage.db.selectFrom('fg_audit_event').select('detail').where('event', '=', 'login_failure').where('detail', 'like', '%throttled%').execute();
    expect(JSON.parse(event.detail!)).toEqual({ reason: 'throttled', scope: 'account' });
    clock.advance(30);
    expect(await retryAfterOf(user.username, user.password)).toBe(30);
    clock.advance(31);
    expect((await login(server, user.username, user.password)).status).toBe(200);
  });

  it('doubles the lock on each further failure, up to the cap', async () => {
    const user = await createUser(server);
    for (let i = 0; i < 5; i++) await wrong(user.username);
    let lock = 60;
    expect(await retryAfterOf(user.username, user.password)).toBe(lock);
    for (const next of [120, 240, 480, 960, 1920, 3600, 3600]) {
      clock.advance(lock + 1);
      expect((await wrong(user.username)).status).toBe(401);
      expect(await retryAfterOf(user.username, user.password)).toBe(next);
      lock = next;
    }
  });

  it('throttles unknown usernames exactly like real ones', async () => {
    const ghost = `ghost-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++) expect((await wrong(ghost)).status).toBe(401);
    expect(await retryAfterOf(ghost, 'anything')).toBe(60);
  });

  it("clears an account's failures on a successful login", async () => {
    const user = await createUser(server);
    for (let i = 0; i < 4; i++) expect((await wrong(user.username)).status).toBe(401);
    expect((await login(server, user.username, user.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await wrong(user.username)).status).toBe(401);
    expect((await login(server, user.username, user.password)).status).toBe(200);
  });

  it('counts concurrent failures atomically', async () => {
    const ghost = `burst-${randomUUID().slice(0, 8)}`;
    const results = await Promise.all(Array.from({ length: 12 }, () => wrong(ghost)));
    const refused = results.filter((r) => r.status === 401).length;
    expect(refused + results.filter((r) => r.status === 429).length).toBe(12);
    const rows = await server.deps.storage.db.selectFrom('fg_login_throttle').selectAll().where('key', 'in', [`account:${ghost}`, 'ip:127.0.0.1']).execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    // Every 401 was counted once, for the account and for the address: no update was lost.
    expect(byKey.get(`account:${ghost}`)!.failures).toBe(refused);
    expect(byKey.get('ip:127.0.0.1')!.failures).toBe(refused);
    expect(byKey.get(`account:${ghost}`)!.lock_seconds).toBeGreaterThanOrEqual(60);
  });

  it('throttles a client address after 30 failures a minute, whatever the account', async () => {
    const user = await createUser(server);
    for (let i = 0; i < 30; i++) expect((await wrong(`spray-${i}-${randomUUID().slice(0, 4)}`)).status).toBe(401);
    const retryAfter = await retryAfterOf(user.username, user.password);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const [event] = await server.deps.storage.db.selectFrom('fg_audit_event').select('detail').where('detail', 'like', '%"scope":"ip"%').execute();
    expect(event).toBeDefined();
    clock.advance(61);
    expect((await login(server, user.username, user.password)).status).toBe(200);
  });

  it('keeps counting across a restart', async () => {
    const user = await createUser(server);
    for (let i = 0; i < 5; i++) await wrong(user.username);
    await server.close();
    server = await startTestServer(kind, { env: ENV, clock, database, configDir });
    expect(await retryAfterOf(user.username, user.password)).toBe(60);
  });
});
