// The log routes the official client calls (/logs, /logs-stream) answered the web UI's HTML.
// Now: Langflow's 501 "Log retrieval is disabled" (Flowgate keeps no log buffer), and only for
// a superuser, since logs hold every user's activity: a regular user 403, no credentials 403 and bad ones 401 (as on every
// guarded route, like Langflow).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1', LANGFLOW_LOG_RETRIEVER_BUFFER_SIZE: '100' };

describe.each(databaseKinds())('log routes on $kind', (kind) => {
  let server: TestServer;
  let admin: Record<string, string>;
  let user: Record<string, string>;
  let userKey: string;
  beforeAll(async () => {
    // A web root, so a route the server did not know would be answered with the UI's HTML.
    server = await startTestServer(kind, { env: ENV, webRoot: await webRootWithIndex() });
    admin = await bearer(server, { id: '', username: 'admin', password: 'admin-password-1' });
    const regular = await createUser(server);
    user = await bearer(server, regular);
    userKey = (await createApiKeyFor(server, regular.id)).key;
  });
  afterAll(async () => server?.close());

  for (const path of ['/logs', '/logs-stream', '/logs?lines_before=5']) {
    it(`${path}: 501 JSON for a superuser, 403 for a user, 403 without credentials; never the UI`, async () => {
      const asAdmin = await api(server.url, 'GET', path, { headers: admin });
      expect(asAdmin.status).toBe(501);
      expect(asAdmin.headers.get('content-type')).toContain('application/json');
      expect(asAdmin.body).toEqual({ detail: 'Log retrieval is disabled' });
      for (const headers of [user, { 'x-api-key': userKey }]) {
        const asUser = await api(server.url, 'GET', path, { headers });
        expect(asUser.status).toBe(403);
        expect(asUser.text).not.toContain('<html');
      }
      // No credentials: 403 with the API-key message, as Langflow answers every guarded route;
      // credentials that do not hold: 401.
      const anonymous = await api(server.url, 'GET', path);
      expect(anonymous.status).toBe(403);
      expect(anonymous.body.detail).toMatch(/API key/);
      const badToken = await api(server.url, 'GET', path, { headers: { authorization: 'Bearer not-a-token' } });
      expect(badToken.status).toBe(401);
      expect(badToken.text).not.toContain('<html');
    });
  }

  it('answers an unknown /api path with a JSON 404, not the UI', async () => {
    const response = await api(server.url, 'GET', '/api/v1/no-such-route', { headers: admin });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not Found' });
  });
});

async function webRootWithIndex(): Promise<string> {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><body>ui</body></html>');
  return dir;
}
