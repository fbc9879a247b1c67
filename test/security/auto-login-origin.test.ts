// Finding 1: the default mode handed the superuser's token to any web page (CORS `*` on
// /auto_login, no Host check, so DNS rebinding worked too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { raw } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const EVIL = 'http://evil.example';

describe.each(databaseKinds())('auto-login and Host on $kind', (kind) => {
  let server: TestServer;
  let allowList: TestServer;
  let port: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'true' } });
    allowList = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'true', LANGFLOW_ALLOWED_HOSTS: 'flows.example, .corp.example' } });
    port = new URL(server.url).port;
  });
  afterAll(async () => {
    await server?.close();
    await allowList?.close();
  });

  it('never gives the auto-login token to a cross-origin page', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }]) {
      const response = await raw(server.url, 'GET', '/api/v1/auto_login', { headers });
      expect(response.status).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.text).not.toContain('access_token');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('grants no CORS preflight for /auto_login', async () => {
    const response = await raw(server.url, 'OPTIONS', '/api/v1/auto_login', {
      headers: { origin: EVIL, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('still serves the UI itself and non-browser clients', async () => {
    const same = await raw(server.url, 'GET', '/api/v1/auto_login', { headers: { origin: server.url, 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(200);
    expect(same.body.access_token).toEqual(expect.any(String));
    const cli = await raw(server.url, 'GET', '/api/v1/auto_login');
    expect(cli.status).toBe(200);
    const localhost = await raw(server.url, 'GET', '/api/v1/auto_login', { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` } });
    expect(localhost.status).toBe(200);
  });

  it('refuses a Host it does not serve on every route (DNS rebinding)', async () => {
    for (const path of ['/api/v1/auto_login', '/health', '/api/v1/flows/', '/', '/api/v1/login', '/no/such/page']) {
      for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.nip.io:${port}`]) {
        const response = await raw(server.url, 'GET', path, { headers: { host } });
        expect(response.status, `${host} ${path}`).toBe(421);
        expect(response.body).toEqual({ detail: 'Invalid host header' });
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      expect((await raw(server.url, 'GET', '/health', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('serves the names of LANGFLOW_ALLOWED_HOSTS, and only those', async () => {
    for (const host of ['flows.example', `FLOWS.example:${port}`, 'a.corp.example', 'corp.example', '127.0.0.1']) {
      expect((await raw(allowList.url, 'GET', '/health', { headers: { host } })).status, host).toBe(200);
    }
    for (const host of ['evil.example', 'flows.example.evil.example', 'xcorp.example']) {
      expect((await raw(allowList.url, 'GET', '/health', { headers: { host } })).status, host).toBe(421);
    }
  });
});
