// `npm run bench`: every scenario of issue 12 beside its baseline, measured in the same run, on
// loopback, bounded in time (about five minutes at the defaults). Prints one table and writes
// bench/results.json and bench/RESULTS.md.
//   BENCH_SECONDS (3)  seconds per throughput measurement     BENCH_ROUNDS (3)  interleaved rounds
//   --only=1,2,6       a subset of rows, for quick checks (the results files say it is partial)
//   BENCH_DATABASE_URL PostgreSQL admin URL for row 5 (default postgresql://postgres@127.0.0.1:5432/postgres)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { CONNECTIONS, throughput, timedRequest, type Request, type Throughput } from './lib/load.js';
import { buildSources, flowgateEnv, startBare, startFlowgate, SUPERUSER_PASSWORD, type Server } from './lib/processes.js';
import { machine, table, writeResults, type Row } from './lib/report.js';
import { seedScale } from './lib/seed.js';
import { login, prepare } from './lib/setup.js';
import { load1, median, percentile } from './lib/stats.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCALE = 100_000;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wants = (...ids: string[]) => !only || ids.some((id) => only.includes(id));
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const rows: Row[] = [];
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const rps = (n: number) => `${Math.round(n).toLocaleString('en')} req/s`;
function row(r: Omit<Row, 'load'>): void {
  const full = { ...r, load: load1() };
  rows.push(full);
  console.log(`  ${r.id} ${r.scenario}: ${r.figure} (baseline ${r.baseline}, ratio ${r.ratio}, target ${r.target})${r.met === false ? ' MISSED' : ''} [load ${full.load}]`);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-'));
const servers: Server[] = [];
async function track(server: Promise<Server>): Promise<Server> {
  const s = await server;
  servers.push(s);
  return s;
}
async function stop(server: Server): Promise<void> {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}
const sqliteUrl = (name: string) => `sqlite:///${path.join(work, name, 'flowgate.db')}`;

function check<T extends Throughput>(name: string, m: T): T {
  if (m.non2xx || m.errors) throw new Error(`${name}: ${m.non2xx} non-2xx answers and ${m.errors} errors: the scenario is broken`);
  return m;
}

/**
 * Each target and the bare baseline, `ROUNDS` times, interleaved so a change of machine load weighs
 * on all alike. Returns per target the median req/s and the median of its per-round ratios to bare.
 */
async function interleaved(bare: Server, targets: { name: string; server: Server; request: Request }[]) {
  const results = new Map<string, { rps: number[]; ratio: number[]; p99: number[]; cpu: number[] }>(targets.map((t) => [t.name, { rps: [], ratio: [], p99: [], cpu: [] }]));
  const bareRps: number[] = [];
  const bareCpu: number[] = [];
  // CPU time per request, from /proc: unlike req/s it hardly depends on what else the machine runs.
  const measure = async (server: Server, request: Request) => {
    const cpu = server.cpuMs();
    const m = await throughput(server.url, request, SECONDS);
    return { ...m, cpuUs: ((server.cpuMs() - cpu) * 1000) / Math.max(1, m.requests) };
  };
  await throughput(bare.url, { path: '/bare' }, 1);
  for (const t of targets) check(t.name, await throughput(t.server.url, t.request, 1)); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const base = check('bare', await measure(bare, { path: '/bare' }));
    bareRps.push(base.rps);
    bareCpu.push(base.cpuUs);
    for (const t of targets) {
      const m = check(t.name, await measure(t.server, t.request));
      const r = results.get(t.name)!;
      r.rps.push(m.rps);
      r.cpu.push(m.cpuUs);
      r.ratio.push(m.rps / base.rps);
      r.p99.push(m.p99Ms);
    }
  }
  return {
    bare: median(bareRps),
    bareCpuUs: median(bareCpu),
    of: (name: string) => {
      const r = results.get(name)!;
      return { rps: median(r.rps), ratio: median(r.ratio), p99: median(r.p99), cpuUs: median(r.cpu), cpuRatio: median(bareCpu) / median(r.cpu) };
    },
  };
}

const RUN_BODY = JSON.stringify({ input_value: 'hello', input_type: 'chat', output_type: 'chat' });
const whoamiByKey = (apiKey: string): Request => ({ path: '/api/v1/users/whoami', headers: { 'x-api-key': apiKey } });
const runByKey = (apiKey: string, flowId: string): Request => ({
  path: `/api/v1/run/${flowId}`,
  method: 'POST',
  headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
  body: RUN_BODY,
});

function throughputRow(id: string, scenario: string, bare: { rps: number; cpuUs: number }, m: { rps: number; ratio: number; cpuUs: number; cpuRatio: number }, target: number): void {
  row({
    id,
    scenario,
    figure: `${rps(m.rps)}; ${fixed(m.cpuUs, 0)} µs CPU/req`,
    baseline: `bare ${rps(bare.rps)}; ${fixed(bare.cpuUs, 0)} µs CPU/req`,
    ratio: `${fixed(m.ratio)}× (CPU ${fixed(m.cpuRatio)}×)`,
    target: `≥ ${target}×`,
    met: m.ratio >= target,
  });
}

async function sqliteScenarios(bare: Server): Promise<void> {
  const server = await track(startFlowgate(path.join(work, 'small'), flowgateEnv(path.join(work, 'small'), sqliteUrl('small')), 'small'));
  await sleep(1000);
  const idle = server.memory().rssMb;
  const { token, apiKey, flowId } = await prepare(server.url);
  if (wants('1', '2', '3', '4', '8')) {
    server.resetPeak();
    const m = await interleaved(bare, [
      { name: 'key', server, request: whoamiByKey(apiKey) },
      { name: 'bearer', server, request: { path: '/api/v1/users/whoami', headers: { authorization: `Bearer ${token}` } } },
      { name: 'cookie', server, request: { path: '/api/v1/users/whoami', headers: { cookie: `access_token_lf=${token}` } } },
      { name: 'run', server, request: runByKey(apiKey, flowId) },
    ]);
    const peak = server.memory().peakMb;
    throughputRow('1', 'whoami, x-api-key (SQLite)', { rps: m.bare, cpuUs: m.bareCpuUs }, m.of('key'), 0.6);
    throughputRow('2', 'whoami, Bearer (SQLite)', { rps: m.bare, cpuUs: m.bareCpuUs }, m.of('bearer'), 0.6);
    throughputRow('3', 'whoami, cookie (SQLite)', { rps: m.bare, cpuUs: m.bareCpuUs }, m.of('cookie'), 0.6);
    throughputRow('4', 'POST /run ChatInput→Prompt→ChatOutput, x-api-key (SQLite)', { rps: m.bare, cpuUs: m.bareCpuUs }, m.of('run'), 0.35);
    row({ id: '8a', scenario: 'RSS idle after start', figure: `${fixed(idle, 1)} MB`, baseline: '—', ratio: '—', target: '< 100 MB', met: idle < 100 });
    row({ id: '8b', scenario: 'RSS peak during rows 1–4', figure: `${fixed(peak, 1)} MB`, baseline: '—', ratio: '—', target: '< 200 MB', met: peak < 200 });
  }
  if (wants('6')) await stormScenario(server, apiKey);
  if (wants('10')) await timingScenario(server);
  await stop(server);
}

/** 64 clients logging in for 10 s while whoami-by-key runs, against whoami alone just before and after. */
async function stormScenario(server: Server, apiKey: string): Promise<void> {
  const STORM_SECONDS = 10;
  const CLIENTS = 64;
  const alone1 = check('alone', await throughput(server.url, whoamiByKey(apiKey), STORM_SECONDS / 2));
  let logins = 0;
  let refused = 0;
  let failed = 0;
  const until = performance.now() + STORM_SECONDS * 1000;
  const body = new URLSearchParams({ username: 'benchadmin', password: SUPERUSER_PASSWORD }).toString();
  await server.eventLoop('eld-reset');
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < until) {
      const response = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) logins++;
      else if (response?.status === 503) {
        refused++;
        await sleep(Number(response.headers.get('retry-after') ?? 1) * 100);
      } else failed++;
    }
  });
  const during = await throughput(server.url, whoamiByKey(apiKey), STORM_SECONDS);
  await Promise.all(clients);
  const eld = await server.eventLoop('eld-read');
  const alone2 = check('alone', await throughput(server.url, whoamiByKey(apiKey), STORM_SECONDS / 2));
  const aloneRps = (alone1.rps + alone2.rps) / 2;
  const aloneP99 = (alone1.p99Ms + alone2.p99Ms) / 2;
  const kept = during.rps / aloneRps;
  const p99x = during.p99Ms / Math.max(aloneP99, 1);
  const loginRate = logins / STORM_SECONDS;
  row({ id: '6a', scenario: 'login storm (64 clients, 10 s): whoami throughput kept', figure: rps(during.rps), baseline: `alone ${rps(aloneRps)}`, ratio: `${fixed(kept)}×`, target: '≥ 0.40×', met: kept >= 0.4 && during.non2xx === 0 });
  row({ id: '6b', scenario: 'login storm: whoami p99', figure: `${during.p99Ms} ms`, baseline: `alone ${fixed(aloneP99, 1)} ms`, ratio: `${fixed(p99x)}×`, target: '≤ 3×', met: p99x <= 3 });
  row({ id: '6c', scenario: 'login storm: logins/s (503 + Retry-After answers, other failures)', figure: `${fixed(loginRate, 0)}/s (${refused}, ${failed})`, baseline: '—', ratio: '—', target: '≥ 100/s', met: loginRate >= 100 && failed === 0 });
  row({ id: '6d', scenario: 'login storm: server event-loop delay p99 (max)', figure: `${fixed(eld?.eldP99Ms ?? NaN, 1)} ms (${fixed(eld?.eldMaxMs ?? NaN, 1)})`, baseline: '—', ratio: '—', target: '< 20 ms', met: (eld?.eldP99Ms ?? Infinity) < 20 });
}

/** Unknown user vs wrong password, alternated, sequential: the median times must not tell them apart. */
async function timingScenario(server: Server): Promise<void> {
  const attempt = (username: string) =>
    timedRequest(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: 'wrong-password-123' }).toString(),
    });
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < 25; i++) {
    const a = await attempt(`nobody-${i}`);
    const b = await attempt('benchadmin');
    if (a.status !== 401 || b.status !== 401) throw new Error(`timing: expected 401s, got ${a.status} and ${b.status}`);
    unknown.push(a.ms);
    wrong.push(b.ms);
  }
  const diff = Math.abs(median(unknown) - median(wrong)) / Math.max(median(unknown), median(wrong));
  row({ id: '10', scenario: 'login: unknown user vs wrong password, median', figure: `${fixed(median(unknown), 1)} ms`, baseline: `wrong password ${fixed(median(wrong), 1)} ms`, ratio: `${fixed(median(unknown) / median(wrong))}×`, target: 'difference < 10 %', met: diff < 0.1 });
}

async function postgresScenarios(bare: Server): Promise<void> {
  const name = `flowgate_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    row({ id: '5', scenario: 'PostgreSQL', figure: `not measured: ${(error as Error).message}`, baseline: '—', ratio: '—', target: '—', met: false });
    return;
  }
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    const dir = path.join(work, 'pg');
    const server = await track(startFlowgate(dir, flowgateEnv(dir, url.toString()), 'pg'));
    const { apiKey, flowId } = await prepare(server.url);
    const m = await interleaved(bare, [
      { name: 'key', server, request: whoamiByKey(apiKey) },
      { name: 'run', server, request: runByKey(apiKey, flowId) },
    ]);
    throughputRow('5a', 'whoami, x-api-key (PostgreSQL)', { rps: m.bare, cpuUs: m.bareCpuUs }, m.of('key'), 0.4);
    throughputRow('5b', 'POST /run, x-api-key (PostgreSQL)', { rps: m.bare, cpuUs: m.bareCpuUs }, m.of('run'), 0.25);
    await stop(server);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function timeToHealth(dir: string, url: string): Promise<number> {
  const start = performance.now();
  const server = await startFlowgate(dir, flowgateEnv(dir, url), `start-${Date.now()}`);
  for (;;) {
    const response = await fetch(`${server.url}/health`).catch(() => undefined);
    if (response?.status === 200) break;
  }
  const elapsed = performance.now() - start;
  await server.stop();
  return elapsed;
}

async function nodeNoop(): Promise<number> {
  const start = performance.now();
  await new Promise((resolve) => spawn(process.execPath, ['-e', '']).on('exit', resolve));
  return performance.now() - start;
}

async function scaleScenarios(bare: Server): Promise<void> {
  const dir = path.join(work, 'scale');
  const url = sqliteUrl('scale');
  // Migrations and the superuser first, then the rows.
  const first = await startFlowgate(dir, flowgateEnv(dir, url), 'scale-init');
  await first.stop();
  const seedStart = performance.now();
  seedScale(path.join(dir, 'flowgate.db'), SCALE);
  console.log(`  (seeded ${SCALE} users, keys and flows in ${fixed((performance.now() - seedStart) / 1000, 1)} s)`);
  if (wants('7')) {
    const noop: number[] = [];
    const empty: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < 5; i++) {
      noop.push(await nodeNoop());
      const emptyDir = path.join(work, `empty-${i}`);
      empty.push(await timeToHealth(emptyDir, sqliteUrl(`empty-${i}`)));
      full.push(await timeToHealth(dir, url));
    }
    const base = `node -e '' ${fixed(median(noop), 0)} ms`;
    row({ id: '7a', scenario: 'start → first 200 on /health, empty SQLite', figure: `${fixed(median(empty), 0)} ms`, baseline: base, ratio: `${fixed(median(empty) / median(noop), 1)}×`, target: '< 1 s', met: median(empty) < 1000 });
    row({ id: '7b', scenario: `start → first 200 on /health, ${SCALE.toLocaleString('en')} users, keys and flows`, figure: `${fixed(median(full), 0)} ms`, baseline: base, ratio: `${fixed(median(full) / median(noop), 1)}×`, target: '< 1 s', met: median(full) < 1000 });
  }
  if (wants('9')) {
    const big = await track(startFlowgate(dir, flowgateEnv(dir, url), 'scale'));
    const smallDir = path.join(work, 'small9');
    const small = await track(startFlowgate(smallDir, flowgateEnv(smallDir, sqliteUrl('small9')), 'small9'));
    const bigSetup = await prepare(big.url);
    const smallSetup = await prepare(small.url);
    const m = await interleaved(bare, [
      { name: 'small', server: small, request: whoamiByKey(smallSetup.apiKey) },
      { name: 'big', server: big, request: whoamiByKey(bigSetup.apiKey) },
    ]);
    const ratio = m.of('big').rps / m.of('small').rps;
    row({ id: '9a', scenario: `whoami by key with ${SCALE.toLocaleString('en')} users/keys/flows`, figure: rps(m.of('big').rps), baseline: `10 users ${rps(m.of('small').rps)}`, ratio: `${fixed(ratio)}×`, target: '≥ 0.90× (within 10 %)', met: ratio >= 0.9 });
    const headers = { authorization: `Bearer ${bigSetup.token}` };
    for (const [id, label, query] of [
      ['9b', 'admin user list, search', 'search=user-0424&skip=0&limit=10'],
      ['9c', 'admin user list, search matching nothing', 'search=nomatch&skip=0&limit=10'],
      ['9d', 'admin user list, a page deep in the list', 'skip=90000&limit=10'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const t = await timedRequest(`${big.url}/api/v1/users/?${query}`, { headers });
        if (t.status !== 200) throw new Error(`${label}: ${t.status}`);
        if (i >= 10) times.push(t.ms);
      }
      row({ id, scenario: `${label} (${SCALE.toLocaleString('en')} users), p95`, figure: `${fixed(percentile(times, 0.95), 1)} ms`, baseline: `median ${fixed(median(times), 1)} ms`, ratio: '—', target: '< 20 ms', met: percentile(times, 0.95) < 20 });
    }
    await stop(big);
    await stop(small);
  }
}

const info = { ...machine(), loadStart: load1(), connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS };
console.log(`Flowgate bench · ${info.date} · ${info.commit} · ${info.cpus} · load ${info.loadStart}`);
let failure: unknown;
try {
  await buildSources();
  const bare = await track(startBare(work));
  if (wants('1', '2', '3', '4', '6', '8', '10')) await sqliteScenarios(bare);
  if (wants('5')) await postgresScenarios(bare);
  if (wants('7', '9')) await scaleScenarios(bare);
} catch (error) {
  // The rows measured so far are still written; the failure is recorded with them.
  failure = error;
  rows.push({ id: '!', scenario: 'the run stopped', figure: String((error as Error).message).split('\n')[0], baseline: '—', ratio: '—', target: '—', met: false, load: load1() });
} finally {
  for (const server of [...servers]) await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
const finished = { ...info, loadEnd: load1() };
console.log(`\n${table(rows)}\n\nload average at start ${info.loadStart}, at end ${finished.loadEnd}`);
writeResults(rows, finished, Boolean(only) || failure !== undefined);
if (failure) throw failure;
