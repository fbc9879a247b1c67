// Finding 12: two refreshes with one token at once (two tabs) ended the session: the loser read
// the session after the winner's rotation committed and was taken for a replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };

describe.each(databaseKinds())('concurrent refreshes on $kind', (kind) => {
  let server: TestServer;
  const clock = new FakeClock();
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV, clock });
  });
  afterAll(async () => server?.close());

  const refresh = (token: string) =>
    fetch(`${server.url}/api/v1/refresh`, { method: 'POST', headers: { cookie: `refresh_token_lf=${token}` } });
  const whoami = (token: string) => fetch(`${server.url}/api/v1/users/whoami`, { headers: { authorization: `Bearer ${token}` } });

  for (const parallel of [2, 20]) {
    it(`${parallel} refreshes with one token: one wins, the others get 401, the session lives`, async () => {
      const user = await createUser(server);
      const session = await login(server, user.username, user.password);
      const responses = await Promise.all(Array.from({ length: parallel }, () => refresh(session.refreshToken)));
      const winners = responses.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(responses.filter((r) => r.status === 401)).toHaveLength(parallel - 1);
      for (const loser of responses.filter((r) => r.status === 401)) {
        // The loser leaves the winner's cookies alone.
        expect(loser.headers.getSetCookie()).toEqual([]);
      }
      const pair = await winners[0].json();
      expect((await whoami(pair.access_token)).status).toBe(200);
      expect((await whoami(session.accessToken)).status).toBe(200);
      const next = await refresh(pair.refresh_token);
      expect(next.status).toBe(200);
    });
  }

  it('a spent token arriving after the grace is reuse: the session ends', async () => {
    const user = await createUser(server);
    const session = await login(server, user.username, user.password);
    const first = await refresh(session.refreshToken);
    expect(first.status).toBe(200);
    const pair = await first.json();
    clock.advance(3);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await whoami(pair.access_token)).status).toBe(401);
  });
});
