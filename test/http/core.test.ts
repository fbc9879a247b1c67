// The HTTP core: public health and version routes, error shapes, body limits, log redaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('HTTP core on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_MAX_REQUEST_BODY_BYTES: '65536' } });
  });
  afterAll(() => server?.close());

  it('answers the public health and version routes', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const check = await fetch(`${server.url}/health_check`);
    expect(await check.json()).toMatchObject({ status: 'ok', db: 'ok' });
    const version = await fetch(`${server.url}/api/v1/version`);
    expect(await version.json()).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/), package: 'Flowgate' });
  });

  it('refuses protected routes without credentials, with Langflow message', async () => {
    const response = await fetch(`${server.url}/api/v1/users/whoami`);
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.detail).toMatch(/LANGFLOW_AUTO_LOGIN requires a valid API key/);
  });

  it('answers unknown API paths with a JSON 404, never the UI', async () => {
    const response = await fetch(`${server.url}/api/v1/no-such-route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not Found' });
    const post = await fetch(`${server.url}/api/v1/no-such-route`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('refuses a body over the limit with 413 and a detail', async () => {
    const response = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ junk: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: 'Request body is too large' });
  });

  it('serves double slashes as the official client sends them', async () => {
    const response = await fetch(`${server.url}//api/v1/version`);
    expect(response.status).toBe(200);
  });

  it('marks API answers as not cacheable and gives each a request id', async () => {
    const response = await fetch(`${server.url}/api/v1/version`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs the x-api-key query parameter', async () => {
    await fetch(`${server.url}/api/v1/users/whoami?x-api-key=sk-LOGCANARY-123&other=1`);
    await new Promise((r) => setTimeout(r, 50));
    const joined = server.logs.join('\n');
    expect(joined).toContain('x-api-key=[REDACTED]');
    expect(joined).not.toContain('sk-LOGCANARY-123');
  });
});

describe('validation errors never echo secrets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseKinds()[0], { env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' } });
  });
  afterAll(() => server?.close());

  it('redacts the password of a sign-up missing its username', async () => {
    const response = await fetch(`${server.url}/api/v1/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'sk-ECHO-CANARY-42' }),
    });
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(JSON.parse(text).detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'username'] });
    expect(text).not.toContain('sk-ECHO-CANARY-42');
  });
});
