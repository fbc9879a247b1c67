// `flowgate api-key --env-file F` as a real process: each run mints a new key for the superuser,
// prints it once, leaves earlier keys alone; with no superuser it refuses and mints nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAutoLoginUser } from '../../src/services/auth/auto-login-user.js';
import { apiCall } from '../helpers/api-call.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { databaseKinds, sqliteKind } from '../helpers/databases.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.js';

const KEY_LINE = /^sk-[A-Za-z0-9_-]{43}$/m;

function writeEnvFile(dir: string, databaseUrl: string): string {
  const file = path.join(dir, 'flowgate.env');
  fs.writeFileSync(file, [`LANGFLOW_DATABASE_URL=${databaseUrl}`, `LANGFLOW_CONFIG_DIR=${dir}`, `LANGFLOW_SECRET_KEY=${TEST_SECRET_KEY}`, ''].join('\n'));
  return file;
}

async function mint(envFile: string, home: string) {
  const result = await runCliInProcess(['api-key', '--env-file', envFile], { HOME: home }).exited;
  return { code: result.code, output: result.output, key: result.output.match(KEY_LINE)?.[0] };
}

describe.each(databaseKinds())('flowgate api-key on $kind', (kind) => {
  let server: TestServer;
  let envFile: string;

  beforeAll(async () => {
    // The server's start-up creates the auto-login superuser the command mints keys for.
    server = await startTestServer(kind);
    envFile = writeEnvFile(server.configDir, server.database.url);
  });
  afterAll(() => server?.close());

  it('mints a new working key each time, named cli, never deleting the earlier ones', async () => {
    const first = await mint(envFile, server.configDir);
    expect(first.code, first.output).toBe(0);
    const second = await mint(envFile, server.configDir);
    expect(second.code, second.output).toBe(0);
    expect(first.key).toBeDefined();
    expect(second.key).toBeDefined();
    expect(second.key).not.toBe(first.key);
    const superuser = await findAutoLoginUser(server.deps);
    for (const key of [first.key!, second.key!]) {
      const res = await apiCall(server, 'GET', '/api/v1/api_key/', { 'x-api-key': key });
      expect(res.status).toBe(200);
      expect(res.body.user_id).toBe(superuser!.id);
      expect(res.body.api_keys.filter((k: any) => k.name === 'cli')).toHaveLength(2);
    }
    // Printed once: the output holds the key exactly one time.
    expect(first.output.split(first.key!).length - 1).toBe(1);
  }, 180_000);
});

describe('flowgate api-key without a superuser', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'flowgate-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses, exits non-zero and prints no key', async () => {
    const database = await sqliteKind.create();
    try {
      const result = await mint(writeEnvFile(dir, database.url), dir);
      expect(result.code).toBe(1);
      expect(result.key).toBeUndefined();
      expect(result.output).toMatch(/No superuser/);
    } finally {
      await database.drop();
    }
  }, 120_000);
});
