// Finding 11: sign-up was never throttled (1,000 anonymous sign-ups, each a password hash).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('sign-up flood on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      env: { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1', LANGFLOW_RATE_LIMIT_SIGNUP_MAX: '3' },
    });
  });
  afterAll(async () => server?.close());

  it('counts anonymous sign-ups per address, atomically, and refuses the rest with 429', async () => {
    const stamp = Date.now();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api(server.url, 'POST', '/api/v1/users/', { body: { username: `flood-${stamp}-${i}`, password: 'a-long-password-1' } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(9);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await server.deps.storage.db.selectFrom('user').select('id').where('username', 'like', `flood-${stamp}-%`).execute();
    expect(rows).toHaveLength(3);
  });

  it('refused input costs nothing and is not counted', async () => {
    const response = await api(server.url, 'POST', '/api/v1/users/', { body: { username: 'x', password: 'short' } });
    expect(response.status).toBe(422);
  });
});
