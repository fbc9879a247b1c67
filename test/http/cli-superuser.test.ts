// `flowgate superuser` as a child process (SPEC §9): the first superuser needs nothing, every
// later one a superuser's access token or API key; refused when the command is disabled.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/auth/secret-key.js';
import { bearer, createUser, login } from '../helpers/auth.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.js';

// Each child process starts the whole CLI: about a second, more on a busy machine.
const SLOW = 120_000;

describe.each(databaseKinds())('flowgate superuser on $kind', (kind) => {
  let database: TestDatabase;
  let configDir: string;
  let server: TestServer | undefined;
  let env: Record<string, string>;

  const superuser = async (args: string[], input?: string, extraEnv: Record<string, string> = {}) =>
    runCliInProcess(['superuser', ...args], { ...env, ...extraEnv }, input).exited;

  beforeAll(async () => {
    database = await kind.create();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-cli-'));
    env = {
      HOME: configDir,
      LANGFLOW_CONFIG_DIR: configDir,
      LANGFLOW_DATABASE_URL: database.url,
      LANGFLOW_SECRET_KEY: TEST_SECRET_KEY,
      LANGFLOW_AUTO_LOGIN: 'False',
    };
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    fs.rmSync(configDir, { recursive: true, force: true });
  }, SLOW);

  it('is refused, in one line, when LANGFLOW_ENABLE_SUPERUSER_CLI=false', async () => {
    const result = await superuser(['--username', 'root', '--password', 'root-password-1'], undefined, { LANGFLOW_ENABLE_SUPERUSER_CLI: 'false' });
    expect(result.code).toBe(1);
    expect(result.output.trim().split('\n')).toHaveLength(1);
    expect(result.output).toMatch(/disabled.*LANGFLOW_ENABLE_SUPERUSER_CLI/);
  }, SLOW);

  it('creates the first superuser from flags, active, who can log in and administer', async () => {
    const result = await superuser(['--username', 'root', '--password', 'root-password-1']);
    expect(result.output).not.toContain('root-password-1');
    expect(result.code, result.output).toBe(0);
    expect(result.output.trim()).toBe("Superuser 'root' created.");
    server = await startTestServer(kind, { database, configDir, env: { LANGFLOW_AUTO_LOGIN: 'False' } });
    const auth = await bearer(server, { id: '', username: 'root', password: 'root-password-1' });
    const me = await api(server.url, 'GET', '/api/v1/users/whoami', { headers: auth });
    expect(me.body).toMatchObject({ username: 'root', is_active: true, is_superuser: true });
    expect((await api(server.url, 'GET', '/api/v1/users/', { headers: auth })).status).toBe(200);
  }, SLOW);

  it('then needs --auth-token of a superuser', async () => {
    const regular = await createUser(server!);
    const regularToken = (await login(server!, regular.username, regular.password)).accessToken;
    const [none, bogus, notAdmin] = await Promise.all([
      superuser(['--username', 'second', '--password', 'second-password-1']),
      superuser(['--username', 'second', '--password', 'second-password-1', '--auth-token', 'not-a-token']),
      superuser(['--username', 'second', '--password', 'second-password-1', '--auth-token', regularToken]),
    ]);
    expect(none.code).toBe(1);
    expect(none.output).toMatch(/--auth-token/);
    expect(bogus.code).toBe(1);
    expect(bogus.output).toMatch(/not a valid access token or API key/);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.output).toMatch(/does not belong to a superuser/);
    expect((await login(server!, 'second', 'second-password-1')).status).toBe(401);
  }, SLOW);

  it("accepts a superuser's access token or API key", async () => {
    const root = await login(server!, 'root', 'root-password-1');
    const withToken = await superuser(['--username', 'second', '--password', 'second-password-1', '--auth-token', root.accessToken]);
    expect(withToken.code, withToken.output).toBe(0);
    const key = await api(server!.url, 'POST', '/api/v1/api_key/', { headers: { authorization: `Bearer ${root.accessToken}` }, body: { name: 'cli' } });
    expect(key.body.api_key).toMatch(/^sk-/);
    const withKey = await superuser(['--username', 'third', '--password', 'third-password-1', '--auth-token', key.body.api_key]);
    expect(withKey.code, withKey.output).toBe(0);
    expect((await login(server!, 'third', 'third-password-1')).status).toBe(200);
  }, SLOW);

  it('reads what is missing from standard input, and refuses taken names and bad passwords', async () => {
    const root = await login(server!, 'root', 'root-password-1');
    const piped = await superuser([], `${root.accessToken}\npiped-admin\npiped-password-1\n`);
    expect(piped.code, piped.output).toBe(0);
    expect(piped.output).not.toContain('piped-password-1');
    expect((await login(server!, 'piped-admin', 'piped-password-1')).status).toBe(200);
    const [taken, short, noPassword] = await Promise.all([
      superuser(['--username', 'ROOT', '--password', 'another-password-1', '--auth-token', root.accessToken]),
      superuser(['--username', 'shorty', '--password', 'short', '--auth-token', root.accessToken]),
      superuser(['--username', 'nopass', '--auth-token', root.accessToken], ''),
    ]);
    expect(taken.code).toBe(1);
    expect(taken.output).toMatch(/This username is unavailable\./);
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/at least 8 characters/);
    expect(noPassword.code).toBe(1);
    expect(noPassword.output).toMatch(/No password/);
  }, SLOW);

  it('piped input that is not a token is named as such, never as an --auth-token that was not passed (issue 9, item 6)', async () => {
    const envFile = path.join(configDir, 'piped.env');
    fs.writeFileSync(envFile, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n'));
    const result = await runCliInProcess(['superuser', '--env-file', envFile], { HOME: configDir }, 'x\n').exited;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/first line of standard input/);
    expect(result.output).not.toMatch(/The --auth-token/);
    expect(result.output.trim().split('\n')).toHaveLength(1);
  }, SLOW);

  it('without a key configured, superuser and api-key say so, naming the fingerprint the database expects (item 5)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-nokey-'));
    try {
      const noKey = { HOME: dir, LANGFLOW_CONFIG_DIR: dir, LANGFLOW_DATABASE_URL: database.url };
      const runs = await Promise.all([
        runCliInProcess(['superuser', '--username', 'nokey', '--password', 'nokey-password-1'], noKey).exited,
        runCliInProcess(['superuser', '--username', 'nokey', '--password', 'nokey-password-1'], noKey).exited,
        runCliInProcess(['api-key'], noKey).exited,
      ]);
      for (const run of runs) {
        expect(run.code).toBe(2);
        expect(run.output).toMatch(/No secret key is configured/);
        expect(run.output).toContain(keyFingerprint(TEST_SECRET_KEY));
        expect(run.output).not.toMatch(/cannot decrypt/);
      }
      expect(fs.existsSync(path.join(dir, 'secret_key'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);
});
