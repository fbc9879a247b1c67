// Ten instances started at once on an empty PostgreSQL database: all become healthy, with
// exactly one superuser and one key check between them (migrations, the key check and the
// superuser are each written once, whoever wins). An eleventh with another key exits 2 naming
// both fingerprints and writes nothing.
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/auth/secret-key.js';
import { spawnCli } from '../helpers/cli.js';
import { postgresKind, type TestDatabase } from '../helpers/databases.js';
import { ADMIN, INSTANCE_SECRET_KEY, adminApiKey, postJson, startInstance, type Instance } from '../helpers/instance.js';

// Ten processes starting at once on two cores: generous, so a loaded machine is not a failure.
const START_TIMEOUT_MS = 200_000;
const OTHER_KEY = 'an-eleventh-instance-with-another-key-0123456789';

describe.skipIf(!process.env.TEST_DATABASE_URL)('ten instances at once on an empty PostgreSQL database', () => {
  let database: TestDatabase;
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const instance of instances) {
      instance.cli.child.kill('SIGKILL');
      await instance.cli.exited;
      fs.rmSync(instance.configDir, { recursive: true, force: true });
    }
    await database?.drop();
  });

  /** Every table, whole; apikey without its usage counts, which the running instances write once a second. */
  async function snapshot(client: pg.Client): Promise<string> {
    const { rows: tables } = await client.query("select table_name from information_schema.tables where table_schema = 'public' order by 1");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['fg_meta', 'user', 'flow', 'variable', 'apikey', 'fg_session']));
    const parts: unknown[] = [];
    for (const { table_name: table } of tables) {
      const columns = table === 'apikey' ? 'id, name, api_key, key_prefix, created_at, is_active, user_id' : '*';
      parts.push(table, (await client.query(`select ${columns} from "${table}" order by 1`)).rows);
    }
    return JSON.stringify(parts);
  }

  it('all healthy, one superuser, one key check; an eleventh with another key exits 2 and writes nothing', async () => {
    database = await postgresKind.create();
    const started = await Promise.allSettled(Array.from({ length: 10 }, () => startInstance(database.url, {}, undefined, START_TIMEOUT_MS)));
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    expect(started.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    for (const instance of instances) expect((await fetch(`${instance.url}/health_check`)).status).toBe(200);
    // Each logs the superuser in.
    for (const instance of instances) {
      const response = await fetch(`${instance.url}/api/v1/login`, { method: 'POST', body: new URLSearchParams(ADMIN) });
      expect(response.status).toBe(200);
    }

    // Something encrypted under the key (while nothing is, another key may take over: D21).
    const apiKey = await adminApiKey(instances[0].url);
    expect((await postJson(`${instances[0].url}/api/v1/variables/`, apiKey, { name: 'SECRET', value: 'v', type: 'Credential' })).status).toBe(201);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      expect((await client.query('select count(*)::int as n from "user" where is_superuser')).rows[0].n).toBe(1);
      expect((await client.query("select count(*)::int as n from fg_meta where key = 'key_check'")).rows[0].n).toBe(1);
      const before = await snapshot(client);

      const eleventh = spawnCli(['run', '--port', '0', '--backend-only'], {
        LANGFLOW_CONFIG_DIR: instances[0].configDir,
        LANGFLOW_DATABASE_URL: database.url,
        LANGFLOW_SECRET_KEY: OTHER_KEY,
        LANGFLOW_AUTO_LOGIN: 'False',
        LANGFLOW_SUPERUSER: ADMIN.username,
        LANGFLOW_SUPERUSER_PASSWORD: ADMIN.password,
      });
      const { code, output } = await Promise.race([
        eleventh.exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the eleventh did not exit:\n${eleventh.output()}`)), 60_000)),
      ]).finally(() => eleventh.child.kill('SIGKILL'));
      expect(code).toBe(2);
      expect(output).toContain(keyFingerprint(INSTANCE_SECRET_KEY));
      expect(output).toContain(keyFingerprint(OTHER_KEY));
      expect(output).not.toContain(OTHER_KEY);
      expect(await snapshot(client)).toBe(before);
    } finally {
      await client.end();
    }
  }, 300_000);
});
