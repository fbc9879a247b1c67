// The database goes away under load and comes back. Twice: every backend of the instance
// terminated and the database refusing connections (a restart, a failover), then a network
// partition where PostgreSQL simply goes quiet (through a loopback relay). In both: the process
// keeps running, requests answer 503 with a JSON detail within the configured timeout (never a
// hang), /health_check says `db: error`, the instance serves again once the database is back,
// without a restart, and every write it acknowledged is there afterwards.
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresKind, type TestDatabase } from '../helpers/databases.js';
import { adminApiKey, startInstance, type Instance } from '../helpers/instance.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const CLIENTS = 8;
/** Longer than any bounded wait of the server (LANGFLOW_DB_TIMEOUT_SECONDS=2): a hang fails. */
const HANG_MS = 20_000;

interface Load {
  acknowledged: string[];
  /** Requests that got no answer (a hang past HANG_MS, a closed connection). */
  failures: string[];
  /** Statuses seen while the database was away. */
  duringOutage: { status: number; body: unknown }[];
  stop(): Promise<void>;
}

/** CLIENTS loops creating variables (writes) and listing them (reads). */
function startLoad(url: string, apiKey: string, outage: () => boolean): Load {
  const acknowledged: string[] = [];
  const duringOutage: { status: number; body: unknown }[] = [];
  const failures: string[] = [];
  let stopped = false;
  let counter = 0;
  const loop = async (client: number) => {
    while (!stopped) {
      const name = `V_${client}_${counter++}`;
      const away = outage();
      const write = counter % 3 !== 0;
      let response: Response;
      let body: unknown;
      try {
        response = await fetch(`${url}/api/v1/variables/`, {
          method: write ? 'POST' : 'GET',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: write ? JSON.stringify({ name, value: `value of ${name}`, type: 'Generic' }) : undefined,
          signal: AbortSignal.timeout(HANG_MS),
        });
        body = await response.json();
      } catch (error) {
        // A hang (the timeout) or a dead server: recorded as a status no answer can have.
        failures.push(String(error));
        return;
      }
      if (write && response.status === 201) acknowledged.push(name);
      if (away && outage()) duringOutage.push({ status: response.status, body });
      if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const loops = Array.from({ length: CLIENTS }, (_, client) => loop(client));
  return {
    acknowledged,
    failures,
    duringOutage,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function waitUntil(check: () => Promise<boolean>, what: string, detail?: () => string): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 60_000) throw new Error(`gave up waiting: ${what}${detail ? ` (${detail()})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

async function serves(url: string, apiKey: string): Promise<boolean> {
  const response = await fetch(`${url}/api/v1/variables/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ name: `PROBE_${Date.now()}_${Math.random()}`, value: 'x', type: 'Generic' }),
    signal: AbortSignal.timeout(HANG_MS),
  });
  await response.arrayBuffer();
  return response.status === 201;
}

async function expectAllThere(url: string, apiKey: string, names: string[]): Promise<void> {
  const response = await fetch(`${url}/api/v1/variables/`, { headers: { 'x-api-key': apiKey } });
  expect(response.status).toBe(200);
  const stored = new Set(((await response.json()) as { name: string }[]).map((v) => v.name));
  expect(names.filter((name) => !stored.has(name))).toEqual([]);
}

function expectOutageAnswers(load: Load): void {
  expect(load.failures).toEqual([]);
  expect(load.duringOutage.length).toBeGreaterThan(0);
  const wrong = load.duringOutage.filter((r) => !(r.status === 503 || r.status < 300));
  expect(wrong.slice(0, 3)).toEqual([]);
  expect(load.duringOutage.find((r) => r.status === 503)?.body).toEqual({ detail: 'The database is unavailable; try again shortly' });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('database outage under load (PostgreSQL)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function setUp(viaProxy: boolean): Promise<{ database: TestDatabase; instance: Instance; apiKey: string; proxy?: TcpProxy; admin: pg.Client }> {
    const database = await postgresKind.create();
    cleanups.push(() => database.drop());
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    let url = database.url;
    let proxy: TcpProxy | undefined;
    if (viaProxy) {
      const target = new URL(database.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      cleanups.push(() => proxy!.close());
      target.port = String(proxy.port);
      url = target.toString();
    }
    const instance = await startInstance(url, { LANGFLOW_DB_TIMEOUT_SECONDS: '2' });
    cleanups.push(() => {
      instance.cli.child.kill('SIGKILL');
      fs.rmSync(instance.configDir, { recursive: true, force: true });
    });
    const apiKey = await adminApiKey(instance.url);
    return { database, instance, apiKey, proxy, admin };
  }

  it('every backend terminated and connections refused: 503s, then serving again; nothing acknowledged lost', async () => {
    const { database, instance, apiKey, admin } = await setUp(false);
    const name = new URL(database.url).pathname.slice(1);
    let away = false;
    const load = startLoad(instance.url, apiKey, () => away);
    await waitUntil(async () => load.acknowledged.length >= 50, 'writes before the outage');

    away = true;
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await waitUntil(async () => load.duringOutage.filter((r) => r.status === 503).length >= 20, '503s during the outage', () => JSON.stringify({ failures: load.failures.slice(0, 3), seen: load.duringOutage.slice(-3), exit: instance.cli.child.exitCode, output: instance.cli.output().slice(-3000) }));
    const health = await fetch(`${instance.url}/health_check`, { signal: AbortSignal.timeout(HANG_MS) });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: 'error' });
    expect(instance.cli.child.exitCode).toBeNull();

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const recoveryMs = await waitUntil(() => serves(instance.url, apiKey), 'serving again');
    away = false;
    await load.stop();
    console.log(`outage (terminated + refused): serving again ${recoveryMs} ms after the database came back; ${load.acknowledged.length} writes acknowledged`);

    expectOutageAnswers(load);
    expect(instance.cli.child.exitCode).toBeNull();
    expect((await fetch(`${instance.url}/health_check`)).status).toBe(200);
    await expectAllThere(instance.url, apiKey, load.acknowledged);
  }, 120_000);

  it('network partition (the database goes quiet): 503 within the timeout, no hang; serving again after', async () => {
    const { instance, apiKey, proxy } = await setUp(true);
    let away = false;
    const load = startLoad(instance.url, apiKey, () => away);
    await waitUntil(async () => load.acknowledged.length >= 50, 'writes before the partition');

    away = true;
    proxy!.partition();
    await waitUntil(async () => load.duringOutage.filter((r) => r.status === 503).length >= CLIENTS, '503s during the partition');
    const health = await fetch(`${instance.url}/health_check`, { signal: AbortSignal.timeout(HANG_MS) });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: 'error' });

    proxy!.heal();
    const recoveryMs = await waitUntil(() => serves(instance.url, apiKey), 'serving again');
    away = false;
    await load.stop();
    console.log(`outage (partition): serving again ${recoveryMs} ms after the network healed; ${load.acknowledged.length} writes acknowledged`);

    expectOutageAnswers(load);
    expect(instance.cli.child.exitCode).toBeNull();
    await expectAllThere(instance.url, apiKey, load.acknowledged);
  }, 120_000);
});
