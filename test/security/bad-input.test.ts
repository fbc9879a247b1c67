// Finding 13: 500s from bad input, some with exception text: huge page/skip, a NUL byte in text
// on PostgreSQL (even an anonymous login name), /%00 on the UI, JSON nested 10,000 deep (a stack
// overflow answered by Fastify's default handler with its message).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { raw } from '../helpers/raw-http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };

describe.each(databaseKinds())('bad input on $kind', (kind) => {
  let server: TestServer;
  let admin: Record<string, string>;
  let user: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
    admin = await bearer(server, { id: '', username: 'admin', password: 'admin-password-1' });
    user = await bearer(server, await createUser(server));
  });
  afterAll(async () => server?.close());

  const never500 = (response: { status: number; text: string }) => {
    expect(response.status).toBeLessThan(500);
    expect(response.text).not.toMatch(/stack|Maximum call|invalid byte sequence|out of range/i);
  };

  it('bounds every page and skip number', async () => {
    const projects = await api(server.url, 'GET', '/api/v1/projects/', { headers: user });
    const projectId = projects.body[0].id;
    for (const [headers, url] of [
      [user, '/api/v1/flows/?page=99999999999999999999&size=10'],
      [user, '/api/v1/flows/?page=9007199254740993&size=10'],
      [user, `/api/v1/projects/${projectId}?page=99999999999999&size=10`],
      [admin, '/api/v1/users/?skip=99999999999999999999'],
      [admin, '/api/v1/audit/?skip=99999999999999999999'],
    ] as const) {
      const response = await api(server.url, 'GET', url, { headers });
      never500(response);
      expect(response.status, url).toBe(422);
    }
  });

  it('refuses NUL in any text with 422, anonymous login included, and changes nothing', async () => {
    const login = await raw(server.url, 'POST', '/api/v1/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=ad%00min&password=x',
    });
    never500(login);
    expect(login.status).toBe(422);
    const variable = await api(server.url, 'POST', '/api/v1/variables/', { headers: user, body: { name: 'nul\u0000name', value: 'v', type: 'Generic', default_fields: [] } });
    never500(variable);
    expect(variable.status).toBe(422);
    const flow = await api(server.url, 'POST', '/api/v1/flows/', { headers: user, body: { name: 'ok', data: { nodes: [], edges: [], note: 'a\u0000b' } } });
    expect(flow.status).toBe(422);
    const search = await api(server.url, 'GET', '/api/v1/users/?search=a%00b', { headers: admin });
    expect(search.status).toBe(422);
  });

  it('refuses JSON nested 10,000 deep with 422, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    for (const [method, url, headers] of [['POST', '/api/v1/flows/', user], ['POST', '/api/v1/variables/', user], ['POST', '/api/v1/users/', {}]] as const) {
      const response = await api(server.url, method, url, { headers, rawBody: deep });
      never500(response);
      expect([401, 403, 422], url).toContain(response.status);
    }
  });

  it('answers /%00 and a broken escape on the UI without a 500', async () => {
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-ui-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>ui</title>');
    const ui = await startTestServer(kind, { env: ENV, webRoot });
    try {
      for (const url of ['/%00', '/assets/%00.js', '/%E0%A4%A', '/a%00/../index.html']) {
        const response = await raw(ui.url, 'GET', url);
        never500(response);
      }
    } finally {
      await ui.close();
      fs.rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
