// A login storm gets 503 + Retry-After beyond the hashing queue, never an error, and the API
// keeps answering meanwhile (issue 12). Throughput itself is measured in bench/, not here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { sqliteKind } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HASH_BUSY_MESSAGE } from '../../src/services/auth/password-hashing.js';

describe('login storm', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqliteKind, {
      env: { LANGFLOW_PASSWORD_HASH_THREADS: '1', LANGFLOW_PASSWORD_HASH_QUEUE: '2', LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: '10000', LANGFLOW_RATE_LIMIT_ACCOUNT_MAX_FAILURES: '10000' },
    });
  });
  afterAll(() => server?.close());

  it('answers beyond the queue with 503 and Retry-After, logs the others in, and serves whoami meanwhile', async () => {
    const user = await createUser(server);
    const { key } = await createApiKeyFor(server, user.id);
    const body = new URLSearchParams({ username: user.username, password: user.password }).toString();
    const logins = Array.from({ length: 30 }, () =>
      fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: await r.json(),
      })),
    );
    const whoami = await Promise.all(Array.from({ length: 5 }, () => api(server.url, 'GET', '/api/v1/users/whoami', { headers: { 'x-api-key': key } })));
    const results = await Promise.all(logins);
    expect(whoami.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
    const refused = results.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    for (const r of refused) expect(r).toMatchObject({ retryAfter: '1', body: { detail: HASH_BUSY_MESSAGE } });
    // The storm over, logins work again.
    const after = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(after.status).toBe(200);
  });
});
