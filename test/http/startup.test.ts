// Start-up and the superuser (SPEC §2, D1, D2, D3), through the real CLI in a child process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, type InProcessCli } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { TEST_SECRET_KEY } from '../helpers/server.js';

// Each child process starts the whole CLI: about a second, more on a busy machine.
const SLOW = 120_000;
const BANNER = /Flowgate is running at (http:\/\/\S+)/;

async function loginStatus(url: string, username: string, password: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  return { status: response.status, body: await response.json() };
}

describe.each(databaseKinds())('start-up on $kind', (kind) => {
  let database: TestDatabase;
  let configDir: string;
  let running: InProcessCli | undefined;
  const env = (extra: Record<string, string>) => ({
    HOME: configDir,
    LANGFLOW_CONFIG_DIR: configDir,
    LANGFLOW_DATABASE_URL: database.url,
    LANGFLOW_SECRET_KEY: TEST_SECRET_KEY,
    ...extra,
  });
  /** Starts `run` and returns its URL (reachable on loopback whatever --host was). */
  async function start(extra: Record<string, string>, args: string[] = []): Promise<string> {
    running = runCliInProcess(['run', '--port', '0', ...args], env(extra));
    const [, url] = await running.waitFor(BANNER);
    return url.replace('0.0.0.0', '127.0.0.1');
  }
  async function stop(): Promise<void> {
    await running?.stop();
    running = undefined;
  }

  beforeAll(async () => {
    database = await kind.create();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-startup-'));
  });
  afterAll(async () => {
    await stop();
    await database?.drop();
    fs.rmSync(configDir, { recursive: true, force: true });
  }, SLOW);

  it('D2: auto-login off, no superuser configured, empty database: exit 2 naming the variables', async () => {
    const { code, output } = await runCliInProcess(['run', '--port', '0'], env({ LANGFLOW_AUTO_LOGIN: 'False' })).exited;
    expect(code).toBe(2);
    expect(output).toContain('LANGFLOW_SUPERUSER');
    expect(output).toContain('LANGFLOW_SUPERUSER_PASSWORD');
    expect(output).not.toMatch(/Flowgate is running/);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  }, SLOW);

  it('D3: default auto-login on a non-loopback host: exit 2 with a clear message', async () => {
    const { code, output } = await runCliInProcess(['run', '--port', '0', '--host', '0.0.0.0'], env({})).exited;
    expect(code).toBe(2);
    expect(output).toMatch(/Auto-login is on/);
    expect(output).toMatch(/LANGFLOW_AUTO_LOGIN/);
    expect(output).not.toMatch(/Flowgate is running/);
  }, SLOW);

  it('D3: explicit LANGFLOW_AUTO_LOGIN=True on 0.0.0.0 starts with a loud warning; D1: langflow/langflow never logs in', async () => {
    const url = await start({ LANGFLOW_AUTO_LOGIN: 'True' }, ['--host', '0.0.0.0']);
    expect(running!.output()).toMatch(/AUTO-LOGIN IS ON AND THE SERVER LISTENS ON 0\.0\.0\.0/);
    expect(await loginStatus(url, 'langflow', 'langflow')).toMatchObject({ status: 401, body: { detail: 'Incorrect username or password' } });
    // Sign-up is closed while auto-login is on.
    const signup = await api(url, 'POST', '/api/v1/users/', { body: { username: 'intruder', password: 'password-123' } });
    expect(signup).toMatchObject({ status: 403, body: { detail: 'Public user registration is disabled.' } });
    await stop();
  }, SLOW);

  it('creates the configured superuser; the old auto-login account still has no usable password (D1)', async () => {
    const url = await start({ LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'first-password-1' });
    expect(running!.output()).toMatch(/login required/);
    expect((await loginStatus(url, 'admin', 'first-password-1')).status).toBe(200);
    expect((await loginStatus(url, 'langflow', 'langflow')).status).toBe(401);
    expect((await loginStatus(url, 'langflow', '')).status).not.toBe(200);
    // A regular user, for the last test.
    const token = (await loginStatus(url, 'admin', 'first-password-1')).body.access_token;
    const made = await api(url, 'POST', '/api/v1/users/', { headers: { authorization: `Bearer ${token}` }, body: { username: 'regular', password: 'regular-password-1' } });
    expect(made.status).toBe(201);
    await stop();
  }, SLOW);

  it("never resets an existing superuser's password from a changed LANGFLOW_SUPERUSER_PASSWORD", async () => {
    const url = await start({ LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'second-password-2' });
    expect((await loginStatus(url, 'admin', 'first-password-1')).status).toBe(200);
    expect((await loginStatus(url, 'admin', 'second-password-2')).status).toBe(401);
    await stop();
  }, SLOW);

  it('refuses to start when LANGFLOW_SUPERUSER names a regular user', async () => {
    const { code, output } = await runCliInProcess(
      ['run', '--port', '0'],
      env({ LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'Regular', LANGFLOW_SUPERUSER_PASSWORD: 'whatever-password' }),
    ).exited;
    expect(code).toBe(2);
    expect(output).toMatch(/LANGFLOW_SUPERUSER=Regular names an existing regular user/);
  }, SLOW);
});

describe('bad configuration', () => {
  it('reports every bad value together, exits 2, and prints no stack trace or secret', async () => {
    const { code, output } = await runCliInProcess(['run'], {
      LANGFLOW_CONFIG_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-badconf-')),
      LANGFLOW_AUTO_LOGIN: 'maybe',
      LANGFLOW_PORT: '99999',
      LANGFLOW_ALGORITHM: 'HS999',
      LANGFLOW_SECRET_KEY_PREVIOUS: '',
      LANGFLOW_SUPERUSER_PASSWORD: 'sk-PASSWORD-CANARY',
      LANGFLOW_ENABLE_SIGNUP: 'sk-PASSWORD-CANARY',
    }).exited;
    expect(code).toBe(2);
    for (const variable of ['LANGFLOW_AUTO_LOGIN=maybe', 'LANGFLOW_PORT=99999', 'LANGFLOW_ALGORITHM=HS999', 'LANGFLOW_ENABLE_SIGNUP']) {
      expect(output).toContain(variable);
    }
    expect(output).not.toContain('sk-PASSWORD-CANARY');
    expect(output).not.toMatch(/\n\s+at /);
  }, SLOW);
});
