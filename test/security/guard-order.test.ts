// Finding 15: the Origin check ignored the scheme, and body validation (422, which describes the
// schema) ran before the guard, for anonymous callers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { raw } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('guard order and origin comparison on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' } });
  });
  afterAll(async () => server?.close());

  it('an anonymous caller gets 401/403 before any validation, never a 422', async () => {
    const bad = { headers: { 'content-type': 'application/json' }, body: '{"name": 5, "data": "x"}' };
    for (const [method, path] of [['POST', '/api/v1/flows/'], ['POST', '/api/v1/variables/'], ['PATCH', '/api/v1/users/not-a-uuid'], ['POST', '/api/v1/api_key/']]) {
      const response = await raw(server.url, method, path, bad);
      expect([401, 403], `${method} ${path}`).toContain(response.status);
      expect(response.text).not.toContain('loc');
    }
    const broken = await raw(server.url, 'POST', '/api/v1/flows/', { headers: { 'content-type': 'application/json' }, body: '{' });
    expect([401, 403]).toContain(broken.status);
  });

  it('compares scheme, host and port of Origin on cookie-authenticated writes', async () => {
    const user = await createUser(server);
    const session = await login(server, user.username, user.password);
    const host = new URL(server.url).host;
    const port = Number(new URL(server.url).port);
    const write = (origin: string) =>
      raw(server.url, 'POST', '/api/v1/variables/', {
        headers: { 'content-type': 'application/json', cookie: session.cookieHeader, origin },
        body: JSON.stringify({ name: `v${Math.random()}`.replace('.', ''), value: 'x', type: 'Generic', default_fields: [] }),
      });
    for (const origin of [`https://${host}`, `http://127.0.0.1:${port + 1}`, 'http://evil.example', `http://${host}.evil.example`]) {
      expect((await write(origin)).status, origin).toBe(403);
    }
    expect((await write(server.url)).status).toBe(201);
  });
});
