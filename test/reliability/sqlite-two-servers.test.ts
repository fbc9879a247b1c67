// Two servers on one SQLite file (and CLI commands beside them): decided to work, not to refuse
// (docs/deployment.md). 120 flow creations spread across both, with `api-key` commands writing
// at the same time, all succeed (with SQLite's deferred BEGIN, 25 of 200 failed with
// SQLITE_BUSY_SNAPSHOT); one server killed with -9 under that load leaves the other serving and
// the file intact (integrity_check), every acknowledged creation there.
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { sqliteKind, type TestDatabase } from '../helpers/databases.js';
import { ADMIN, INSTANCE_SECRET_KEY, adminApiKey, postJson, startInstance, type Instance } from '../helpers/instance.js';
import { promptFlowData } from '../helpers/run-fixtures.js';

function countRows(file: string, sql: string): number {
  const check = new SqliteDatabase(file, { readonly: true });
  try {
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    return (check.prepare(sql).get() as { n: number }).n;
  } finally {
    check.close();
  }
}

describe('two servers on one SQLite file', () => {
  let database: TestDatabase;
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const instance of instances) {
      instance.cli.child.kill('SIGKILL');
      await instance.cli.exited;
    }
    if (instances[0]) fs.rmSync(instances[0].configDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('both serve writes, with CLI commands writing beside them: no error, the file intact', async () => {
    database = await sqliteKind.create();
    const file = database.url.replace('sqlite:///', '');
    const a = await startInstance(database.url);
    instances.push(a);
    const b = await startInstance(database.url, {}, a.configDir);
    instances.push(b);
    const keys = [await adminApiKey(a.url), await adminApiKey(b.url)];
    const urls = [a.url, b.url];
    const env = {
      LANGFLOW_CONFIG_DIR: a.configDir,
      LANGFLOW_DATABASE_URL: database.url,
      LANGFLOW_SECRET_KEY: INSTANCE_SECRET_KEY,
      LANGFLOW_AUTO_LOGIN: 'False',
      LANGFLOW_SUPERUSER: ADMIN.username,
    };
    const creations = Array.from({ length: 120 }, (_, i) => postJson(`${urls[i % 2]}/api/v1/flows/`, keys[i % 2], { name: `flow-${i}`, data: promptFlowData() }));
    const commands = Array.from({ length: 2 }, () => spawnCli(['api-key'], env).exited);
    const failed = (await Promise.all(creations)).filter((r) => r.status !== 201);
    expect(failed.slice(0, 3)).toEqual([]);
    for (const { code, output } of await Promise.all(commands)) expect(code, output).toBe(0);
    expect(countRows(file, "select count(*) as n from flow where name like 'flow-%'")).toBe(120);
    expect(countRows(file, "select count(*) as n from apikey where name = 'cli'")).toBe(2);
  }, 120_000);

  it('kill -9 of one under write load: the other keeps serving, nothing acknowledged lost', async () => {
    const [a, b] = instances;
    const file = database.url.replace('sqlite:///', '');
    const keys = [await adminApiKey(a.url), await adminApiKey(b.url)];
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (which: number) => {
      for (let i = 0; !stop; i++) {
        const name = `killed-${which}-${i}`;
        const response = await postJson(`${[a.url, b.url][which]}/api/v1/flows/`, keys[which], { name, data: promptFlowData() }).catch(() => undefined);
        if (!response) return; // the killed server: no answer, nothing acknowledged
        expect(response.status).toBe(201);
        acknowledged.push(name);
        if (which === 0 && i === 20) a.cli.child.kill('SIGKILL');
      }
    };
    const writers = [writer(0), writer(1)];
    await a.cli.exited;
    while (acknowledged.filter((n) => n.startsWith('killed-1-')).length < 60) await new Promise((resolve) => setTimeout(resolve, 20));
    stop = true;
    await Promise.all(writers);
    expect((await fetch(`${b.url}/health_check`)).status).toBe(200);
    const placeholders = acknowledged.map(() => '?').join(',');
    const check = new SqliteDatabase(file, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = check.prepare(`select count(*) as n from flow where name in (${placeholders})`).get(...acknowledged) as { n: number };
      expect(stored.n).toBe(acknowledged.length);
    } finally {
      check.close();
    }
  }, 120_000);
});
