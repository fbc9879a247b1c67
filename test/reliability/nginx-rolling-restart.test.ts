// Two instances on one database (PostgreSQL when TEST_DATABASE_URL is set) behind Debian's nginx
// running deploy/nginx.conf (only its addresses and certificate changed): a login through nginx's
// TLS gets Secure cookies and passes the CSRF origin check (the trusted proxy's headers are
// believed), the plain-HTTP server redirects to HTTPS, and a rolling restart of both instances
// under load (runs, reads, writes), done as docs/deployment.md says, loses no request: every
// answer is 2xx and every acknowledged write is there afterwards. The instances run in this
// process; stopping one is the same graceful close as its SIGTERM (sigterm-under-load.test.ts).
// Without nginx the test is skipped, except under CI=true, where it fails.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, raw, type RawResponse } from '../helpers/raw-http.js';
import { postgresKind, sqliteKind, type TestDatabase } from '../helpers/databases.js';
import { NGINX, startNginx, type Nginx } from '../helpers/nginx.js';
import { promptFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const HAS_NGINX = fs.existsSync(NGINX);
const CLIENTS = 8;
const ADMIN = { username: 'admin', password: 'nginx-test-admin-password-1' };
const ENV = {
  LANGFLOW_AUTO_LOGIN: 'False',
  LANGFLOW_SUPERUSER: ADMIN.username,
  LANGFLOW_SUPERUSER_PASSWORD: ADMIN.password,
  LANGFLOW_TRUSTED_PROXIES: '127.0.0.1',
  LANGFLOW_ALLOWED_HOSTS: 'flows.example.com',
  LANGFLOW_LOG_LEVEL: 'warn',
};

/** One request through nginx's TLS on its own connection (no keep-alive); never rejects. */
function viaNginx(proxy: Nginx, method: string, pathname: string, headers: Record<string, string>, body?: string): Promise<RawResponse & { error?: string }> {
  const url = new URL(proxy.httpsUrl);
  return new Promise((resolve) => {
    const request = https.request(
      { host: '127.0.0.1', servername: 'localhost', port: url.port, method, path: pathname, ca: proxy.ca, agent: false, headers: { host: url.host, ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed: any;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parsed });
        });
        response.on('error', (error) => resolve({ status: 0, headers: {}, text, body: undefined, error: `body cut: ${error.message}` }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, text: '', body: undefined, error: error.code ?? error.message }));
    request.setTimeout(60_000, () => request.destroy(new Error('no answer in 60 s')));
    request.end(body);
  });
}

describe.skipIf(!HAS_NGINX && !CI)('two instances behind nginx (deploy/nginx.conf)', () => {
  let database: TestDatabase;
  let configDir: string;
  const servers: (TestServer | undefined)[] = [undefined, undefined];
  const ports: number[] = [];
  let proxy: Nginx | undefined;

  const startInstance = async (index: number) => {
    servers[index] = await startTestServer(database.kind === 'postgres' ? postgresKind : sqliteKind, { env: ENV, database, configDir, port: ports[index] });
    return servers[index]!;
  };

  beforeAll(async () => {
    if (!HAS_NGINX) throw new Error(`nginx not found at ${NGINX} (CI=true: apt-get install -y nginx-light)`);
    database = await (process.env.TEST_DATABASE_URL ? postgresKind : sqliteKind).create();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-nginx-instances-'));
    for (const index of [0, 1]) {
      const server = await startInstance(index);
      ports[index] = Number(new URL(server.url).port);
    }
    proxy = await startNginx(ports);
  });
  afterAll(async () => {
    await proxy?.close();
    for (const server of servers) await server?.close();
    await database?.drop();
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
  });

  async function login(): Promise<RawResponse> {
    const response = await viaNginx(proxy!, 'POST', '/api/v1/login', { 'content-type': 'application/x-www-form-urlencoded', origin: proxy!.httpsUrl }, new URLSearchParams(ADMIN).toString());
    expect(response.status, response.text).toBe(200);
    return response;
  }

  it('login through nginx: Secure cookies, the origin check passes, the session works; HTTP redirects to HTTPS', async () => {
    const response = await login();
    const cookies = response.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    // Secure only because nginx said the client came over HTTPS, and nginx is a trusted proxy.
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
    const direct = await raw(servers[0]!.url, 'POST', '/api/v1/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(ADMIN).toString() });
    expect(direct.status).toBe(200);
    for (const cookie of direct.headers['set-cookie'] ?? []) expect(cookie).not.toMatch(/;\s*Secure/i);

    // A cookie-authenticated write from the page's origin (the CSRF check sees the public origin).
    const write = await viaNginx(proxy!, 'POST', '/api/v1/variables/', { cookie: cookiesOf(response), origin: proxy!.httpsUrl, 'content-type': 'application/json' }, JSON.stringify({ name: 'THROUGH_NGINX', value: 'v', type: 'Generic' }));
    expect(write.status, write.text).toBe(201);
    const foreign = await viaNginx(proxy!, 'POST', '/api/v1/variables/', { cookie: cookiesOf(response), origin: 'https://evil.example', 'content-type': 'application/json' }, JSON.stringify({ name: 'FROM_ELSEWHERE', value: 'v', type: 'Generic' }));
    expect(foreign.status).toBe(403);

    const redirect = await raw(proxy!.httpUrl, 'GET', '/api/v1/flows/');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toMatch(/^https:\/\//);
  });

  it('a rolling restart of both instances under load loses no request', async () => {
    const token = (await login()).body.access_token as string;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await viaNginx(proxy!, 'POST', '/api/v1/flows/', auth, JSON.stringify({ name: 'rolling', data: promptFlowData() }));
    expect(created.status, created.text).toBe(201);
    const flowId = created.body.id as string;

    const failures: string[] = [];
    const acknowledged: string[] = [];
    let answered = 0;
    let stopped = false;
    let counter = 0;
    const client = async (index: number) => {
      while (!stopped) {
        const n = counter++;
        const kind = n % 3;
        const name = `ROLLING_${index}_${n}`;
        const response =
          kind === 0
            ? await viaNginx(proxy!, 'POST', `/api/v1/run/${flowId}`, auth, JSON.stringify({ input_value: `request ${n}` }))
            : kind === 1
              ? await viaNginx(proxy!, 'POST', '/api/v1/variables/', auth, JSON.stringify({ name, value: 'v', type: 'Generic' }))
              : await viaNginx(proxy!, 'GET', '/api/v1/flows/', auth);
        const expected = kind === 1 ? 201 : 200;
        if (response.status !== expected || response.error) failures.push(`${kind}: ${response.status} ${response.error ?? response.text.slice(0, 200)}`);
        else if (kind === 1) acknowledged.push(name);
        answered++;
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
    const answers = async (more: number) => {
      const target = answered + more;
      while (answered < target && failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    try {
      await answers(50);
      const during: number[] = [];
      for (const index of [0, 1]) {
        // docs/deployment.md's procedure: out of the upstream, stop (finishing what it has), start,
        // healthy, back into the upstream.
        const before = answered;
        await proxy!.setDown(index, true);
        await servers[index]!.close();
        servers[index] = undefined;
        const restarted = await startInstance(index);
        const health = await raw(restarted.url, 'GET', '/health_check');
        expect(health.status).toBe(200);
        await proxy!.setDown(index, false);
        during.push(answered - before);
        await answers(30);
      }
      stopped = true;
      await Promise.all(clients);
      console.log(`rolling restart behind nginx: ${answered} requests, ${failures.length} failed; ${during.join(' and ')} answered while each instance restarted`);
      expect(failures.slice(0, 5), proxy!.log()).toEqual([]);
      // Traffic went on through each restart.
      for (const count of during) expect(count).toBeGreaterThan(0);
    } finally {
      stopped = true;
      await Promise.all(clients);
    }
    const list = await viaNginx(proxy!, 'GET', '/api/v1/variables/', auth);
    expect(list.status).toBe(200);
    const stored = new Set((list.body as { name: string }[]).map((v) => v.name));
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
  }, 120_000);
});
