// Finding 5: PATCH /users/{id}/reset-password took an API key and checked current_password with
// no limit (60 guesses in 0.9 s).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiCall } from '../helpers/api-call.js';
import { bearer, createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };

describe.each(databaseKinds())('password changes on $kind', (kind) => {
  let server: TestServer;
  const clock = new FakeClock();
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV, clock });
  });
  afterAll(async () => server?.close());
  beforeEach(() => clock.advance(24 * 3600));

  const reset = (headers: Record<string, string>, id: string, current: string, next = 'a-brand-new-password') =>
    apiCall(server, 'PATCH', `/api/v1/users/${id}/reset-password`, headers, { current_password: current, password: next });

  it('refuses an API key: a password change needs a login session', async () => {
    const user = await createUser(server);
    const auth = await bearer(server, user);
    const key = await apiCall(server, 'POST', '/api/v1/api_key/', auth, { name: 'script' });
    expect(key.status).toBe(200);
    const response = await reset({ 'x-api-key': key.body.api_key }, user.id, user.password);
    expect(response.status).toBe(403);
    expect((await login(server, user.username, user.password)).status).toBe(200); // unchanged
  });

  it('throttles current_password guesses like logins, sharing the account count', async () => {
    const user = await createUser(server);
    const auth = await bearer(server, user);
    for (let i = 0; i < 5; i++) expect((await reset(auth, user.id, `guess-${i}`)).status).toBe(400);
    expect((await reset(auth, user.id, user.password)).status).toBe(429);
    expect((await login(server, user.username, user.password)).status).toBe(429);
    clock.advance(61);
    expect((await reset(auth, user.id, user.password)).status).toBe(200);
  });

  it('parallel guesses are counted before they are checked', async () => {
    const user = await createUser(server);
    const auth = await bearer(server, user);
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => reset(auth, user.id, `guess-${i}`)));
    expect(results.filter((r) => r.status === 400)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(10);
  });
});
