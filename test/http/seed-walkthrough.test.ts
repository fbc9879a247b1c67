// The documented multi-user set-up, by HTTP against a server started from a .env file:
// the administrator logs in, creates a user who waits for approval until activated, then works
// but has no access to the admin APIs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, type InProcessCli } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { api } from '../helpers/http.js';

const SLOW = 120_000;

async function login(url: string, username: string, password: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  return { status: response.status, body: await response.json() };
}

describe.each(databaseKinds())('seed walkthrough on $kind', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let server: InProcessCli;
  let url: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    database = await kind.create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-seed-'));
    const envFile = path.join(dir, '.env');
    fs.writeFileSync(
      envFile,
      [
        'LANGFLOW_AUTO_LOGIN=False',
        'LANGFLOW_SUPERUSER=administrator',
        'LANGFLOW_SUPERUSER_PASSWORD=securepassword',
        'LANGFLOW_SECRET_KEY=dBuuuB_FHLvU8T9eUNlxQF9ppqRxwWpXXQ42kM2_fb',
        'LANGFLOW_NEW_USER_IS_ACTIVE=False',
        `LANGFLOW_CONFIG_DIR=${path.join(dir, 'config')}`,
        `LANGFLOW_DATABASE_URL=${database.url}`,
        '',
      ].join('\n'),
    );
    server = runCliInProcess(['run', '--port', '0', '--env-file', envFile], { HOME: dir });
    [, url] = await server.waitFor(/Flowgate is running at (http:\/\/\S+)/);
  }, SLOW);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, SLOW);

  it('the administrator logs in', async () => {
    const result = await login(url, 'administrator', 'securepassword');
    expect(result.status).toBe(200);
    expect(result.body.token_type).toBe('bearer');
    admin = { authorization: `Bearer ${result.body.access_token}` };
    const me = await api(url, 'GET', '/api/v1/users/whoami', { headers: admin });
    expect(me.body).toMatchObject({ username: 'administrator', is_superuser: true, is_active: true });
  });

  it('creates a user, who waits for approval until activated, then logs in', async () => {
    const created = await api(url, 'POST', '/api/v1/users/', { headers: admin, body: { username: 'analyst', password: 'analyst-password' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'analyst', is_active: false, is_superuser: false });
    expect(await login(url, 'analyst', 'analyst-password')).toMatchObject({ status: 400, body: { detail: 'Waiting for approval' } });

    const listed = await api(url, 'GET', '/api/v1/users/?search=ANALYST', { headers: admin });
    expect(listed.body.total_count).toBe(1);
    expect(listed.body.users[0]).toMatchObject({ id: created.body.id, is_active: false });

    const activated = await api(url, 'PATCH', `/api/v1/users/${created.body.id}`, { headers: admin, body: { is_active: true } });
    expect(activated.body.is_active).toBe(true);
    const result = await login(url, 'analyst', 'analyst-password');
    expect(result.status).toBe(200);
    const analyst = { authorization: `Bearer ${result.body.access_token}` };
    expect((await api(url, 'GET', '/api/v1/users/whoami', { headers: analyst })).body).toMatchObject({ username: 'analyst', is_active: true });

    // ... and has no access to the admin APIs.
    const adminId = (await api(url, 'GET', '/api/v1/users/whoami', { headers: admin })).body.id;
    const forbidden = "The user doesn't have enough privileges";
    expect(await api(url, 'GET', '/api/v1/users/', { headers: analyst })).toMatchObject({ status: 403, body: { detail: forbidden } });
    expect(await api(url, 'GET', '/api/v1/audit', { headers: analyst })).toMatchObject({ status: 403, body: { detail: forbidden } });
    expect(await api(url, 'DELETE', `/api/v1/users/${adminId}`, { headers: analyst })).toMatchObject({ status: 403, body: { detail: forbidden } });
    expect(await api(url, 'PATCH', `/api/v1/users/${adminId}`, { headers: analyst, body: { is_active: false } })).toMatchObject({
      status: 403,
      body: { detail: 'Permission denied' },
    });
    expect(await api(url, 'PATCH', `/api/v1/users/${created.body.id}`, { headers: analyst, body: { is_superuser: true } })).toMatchObject({
      status: 403,
      body: { detail: 'Permission denied' },
    });
  });
});
