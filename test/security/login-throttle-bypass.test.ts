// Finding 4: the throttle key was not folded like the user lookup (" admin", "admin\t",
// "\u00a0admin\u3000" reached a locked account), and the count was checked before any parallel
// attempt had been counted (20 parallel guesses at one account, 100 from one address all ran).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };

describe.each(databaseKinds())('login throttle bypasses on $kind', (kind) => {
  let server: TestServer;
  const clock = new FakeClock();
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV, clock });
  });
  afterAll(async () => server?.close());
  beforeEach(() => clock.advance(24 * 3600));

  it('every spelling that reaches an account shares its count', async () => {
    const user = await createUser(server, { username: `Émile-${randomUUID().slice(0, 6)}` });
    for (let i = 0; i < 5; i++) expect((await login(server, user.username, 'wrong-password')).status).toBe(401);
    const spellings = [` ${user.username}`, `${user.username}\t`, `\u00a0${user.username}\u3000`, user.username.toUpperCase(), user.username.normalize('NFD')];
    for (const name of spellings) {
      const result = await login(server, name, user.password);
      expect(result.status, JSON.stringify(name)).toBe(429);
    }
  });

  it('of 20 parallel guesses at one account, exactly the limit (5) are checked', async () => {
    const user = await createUser(server);
    const results = await Promise.all(Array.from({ length: 20 }, () => login(server, user.username, 'wrong-password')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
  });

  it('of 100 parallel guesses from one address, exactly the limit (30) are checked', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login(server, `spray-${i}-${randomUUID().slice(0, 6)}`, 'guess')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(30);
    expect(results.filter((r) => r.status === 429)).toHaveLength(70);
  });

  it('a right password gives its reservation back: successful logins never throttle an address', async () => {
    const user = await createUser(server);
    for (let i = 0; i < 40; i++) expect((await login(server, user.username, user.password)).status).toBe(200);
  });
});
