// Finding 10: SKIP_AUTH_AUTO_LOGIN judged "loopback" by the proxy's address, so a forwarded
// request from anywhere was the superuser; and a page the operator visits is not the operator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { raw } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('skip-auth and proxies on $kind', (kind) => {
  let behindProxy: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    const env = { LANGFLOW_AUTO_LOGIN: 'true', LANGFLOW_SKIP_AUTH_AUTO_LOGIN: 'true' };
    behindProxy = await startTestServer(kind, { env: { ...env, LANGFLOW_TRUSTED_PROXIES: '127.0.0.1' } });
    direct = await startTestServer(kind, { env });
  });
  afterAll(async () => {
    await behindProxy?.close();
    await direct?.close();
  });

  it('a local caller with no credentials is the superuser (the feature works)', async () => {
    expect((await raw(direct.url, 'GET', '/api/v1/users/whoami')).status).toBe(200);
    expect((await raw(behindProxy.url, 'GET', '/api/v1/users/whoami')).status).toBe(200);
  });

  it('a request forwarded by a trusted proxy is never loopback', async () => {
    for (const xff of ['203.0.113.5', '127.0.0.1', '203.0.113.5, 127.0.0.1']) {
      const response = await raw(behindProxy.url, 'GET', '/api/v1/users/whoami', { headers: { 'x-forwarded-for': xff } });
      expect(response.status, xff).toBe(403);
      expect(response.text).not.toContain('langflow');
    }
  });

  it('forwarding headers from an untrusted peer do not help either', async () => {
    const response = await raw(direct.url, 'GET', '/api/v1/users/whoami', { headers: { 'x-forwarded-for': '127.0.0.1', forwarded: 'for=127.0.0.1' } });
    expect(response.status).toBe(403);
  });

  it('a cross-site page in the operator browser is not the operator', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const response = await raw(direct.url, 'GET', '/api/v1/variables/', { headers });
      expect(response.status).toBe(403);
    }
  });
});
