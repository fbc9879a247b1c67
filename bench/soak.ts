// `npm run soak`: two Flowgate instances on one fresh PostgreSQL database, on loopback, under
// mixed traffic for SOAK_SECONDS (600): logins, API keys made, used and deleted, flow runs (JSON
// and streamed), variables, and admin changes (a user created, activated, logged in on the other
// instance, deactivated — its token refused there — and deleted). Every answer is checked;
// reported: error answers, each instance's RSS at start, after warm-up and at the end with its
// trend after warm-up, and the event-loop delay p99. Exits 1 on any error answer, or when the
// RSS floor grows after warm-up (a leak). Bounded: it stops at the deadline, whatever the
// machine's load. Runs of 5 minutes or more append their figures to bench/results/soak.md. Not
// part of `npm test`.
//   SOAK_SECONDS (600)   how long the traffic runs        SOAK_CLIENTS (6)  concurrent client loops
//   SOAK_DATABASE_URL    PostgreSQL admin URL (default postgresql://postgres@127.0.0.1:5432/postgres)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildSources, flowgateEnv, startFlowgate, SUPERUSER, type Server } from './lib/processes.js';
import { machine } from './lib/report.js';
import { login, prepare } from './lib/setup.js';
import { load1, median } from './lib/stats.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 6);
const ADMIN_URL = process.env.SOAK_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** The first fifth (at most two minutes) is warm-up: caches, JIT and heap settle. */
const WARM_UP_SECONDS = Math.min(120, SECONDS / 5);
const SAMPLE_MS = Math.min(10_000, (SECONDS * 1000) / 30);

type Action = 'login' | 'api key' | 'run' | 'stream' | 'variable' | 'admin';
const ACTIONS: Action[] = ['run', 'stream', 'login', 'api key', 'run', 'variable', 'stream', 'admin'];

interface Sample {
  t: number;
  rssMb: number[];
}

const counts = new Map<Action, number>(ACTIONS.map((a) => [a, 0]));
const errors: string[] = [];
let errorCount = 0;
function fail(action: Action, what: string): void {
  errorCount++;
  if (errors.length < 20) errors.push(`${action}: ${what}`);
}

async function call(url: string, init: RequestInit & { expect: number[] }, action: Action): Promise<{ ok: boolean; status: number; body: any; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    fail(action, `${init.method ?? 'GET'} ${new URL(url).pathname}: ${String(error)}`);
    return { ok: false, status: 0, body: undefined, text: '' };
  }
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const ok = init.expect.includes(response.status);
  if (!ok) fail(action, `${init.method ?? 'GET'} ${new URL(url).pathname}: ${response.status} ${text.slice(0, 200)}`);
  return { ok, status: response.status, body, text };
}

const json = (headers: Record<string, string>, body: unknown) => ({ headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** One action of each kind; `a` and `b` are the two instances, in the order this loop uses them. */
async function act(action: Action, a: string, b: string, ctx: { token: string; apiKey: string; flowId: string }, password: string): Promise<void> {
  const bearer = { authorization: `Bearer ${ctx.token}` };
  switch (action) {
    case 'login': {
      const form = new URLSearchParams({ username: SUPERUSER, password }).toString();
      const r = await call(`${a}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, expect: [200] }, action);
      if (r.ok) await call(`${b}/api/v1/users/whoami`, { headers: { authorization: `Bearer ${r.body.access_token}` }, expect: [200] }, action);
      return;
    }
    case 'api key': {
      const made = await call(`${a}/api/v1/api_key/`, { method: 'POST', ...json(bearer, { name: 'soak' }), expect: [200] }, action);
      if (!made.ok) return;
      await call(`${b}/api/v1/users/whoami`, { headers: { 'x-api-key': made.body.api_key }, expect: [200] }, action);
      await call(`${b}/api/v1/api_key/${made.body.id}`, { method: 'DELETE', headers: bearer, expect: [200] }, action);
      // Deleted on b: refused on a (revocation across instances), within the feed's reach.
      for (let attempt = 0; ; attempt++) {
        const r = await fetch(`${a}/api/v1/users/whoami`, { headers: { 'x-api-key': made.body.api_key } });
        await r.arrayBuffer();
        if (r.status === 401 || r.status === 403) return;
        if (attempt >= 50) return fail(action, `a deleted key still accepted by the other instance (${r.status})`);
        await sleep(100);
      }
    }
    case 'run': {
      const r = await call(`${a}/api/v1/run/${ctx.flowId}`, { method: 'POST', ...json({ 'x-api-key': ctx.apiKey }, { input_value: `soak ${randomUUID()}` }), expect: [200] }, action);
      if (r.ok && typeof r.body?.outputs !== 'object') fail(action, 'a run answer without outputs');
      return;
    }
    case 'stream': {
      const r = await call(`${a}/api/v1/run/${ctx.flowId}?stream=true`, { method: 'POST', ...json({ 'x-api-key': ctx.apiKey }, { input_value: 'soak stream' }), expect: [200] }, action);
      if (!r.ok) return;
      const last = r.text.split('\n\n').filter(Boolean).map((chunk) => JSON.parse(chunk).event).at(-1);
      if (last !== 'end') fail(action, `a stream ended with ${String(last)}`);
      return;
    }
    case 'variable': {
      const name = `SOAK_${randomUUID().replaceAll('-', '_')}`;
      const made = await call(`${a}/api/v1/variables/`, { method: 'POST', ...json(bearer, { name, value: 'soak value', type: 'Credential' }), expect: [201] }, action);
      if (made.ok) await call(`${b}/api/v1/variables/${made.body.id}`, { method: 'DELETE', headers: bearer, expect: [204, 200] }, action);
      return;
    }
    case 'admin': {
      const username = `soak-${randomUUID().slice(0, 8)}`;
      const userPassword = `soak-user-password-${randomUUID()}`;
      const made = await call(`${a}/api/v1/users/`, { method: 'POST', ...json(bearer, { username, password: userPassword }), expect: [201] }, action);
      if (!made.ok) return;
      const id = made.body.id;
      await call(`${b}/api/v1/users/${id}`, { method: 'PATCH', ...json(bearer, { is_active: true }), expect: [200] }, action);
      const form = new URLSearchParams({ username, password: userPassword }).toString();
      const session = await call(`${a}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, expect: [200] }, action);
      await call(`${b}/api/v1/users/${id}`, { method: 'PATCH', ...json(bearer, { is_active: false }), expect: [200] }, action);
      if (session.ok) {
        for (let attempt = 0; ; attempt++) {
          const r = await fetch(`${a}/api/v1/users/whoami`, { headers: { authorization: `Bearer ${session.body.access_token}` } });
          await r.arrayBuffer();
          if (r.status === 401 || r.status === 403) break;
          if (attempt >= 50) {
            fail(action, `a deactivated user still served by the other instance (${r.status})`);
            break;
          }
          await sleep(100);
        }
      }
      await call(`${a}/api/v1/users/${id}`, { method: 'DELETE', headers: bearer, expect: [200] }, action);
      return;
    }
  }
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-soak-'));
  const dbName = `flowgate_soak_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const servers: Server[] = [];
  try {
    console.log(`soak: ${SECONDS} s, ${CLIENTS} clients, two instances on PostgreSQL database ${dbName}; warm-up ${WARM_UP_SECONDS} s`);
    await buildSources();
    const password = 'bench-admin-password-0123456789';
    // One after the other: the second finds the schema, key check and superuser in place.
    for (const name of ['a', 'b']) {
      servers.push(await startFlowgate(path.join(work, name), flowgateEnv(path.join(work, name), dbUrl.toString()), name));
    }
    const urls = servers.map((s) => s.url);
    const ctx = await prepare(urls[0]);
    ctx.token = await login(urls[1]);

    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const samples: Sample[] = [];
    const sample = () => samples.push({ t: (Date.now() - started) / 1000, rssMb: servers.map((s) => s.memory().rssMb) });
    sample();
    let warmedUp = false;
    const sampler = (async () => {
      while (Date.now() < deadline) {
        await sleep(Math.min(SAMPLE_MS, Math.max(0, deadline - Date.now())));
        sample();
        const t = samples.at(-1)!.t;
        if (!warmedUp && t >= WARM_UP_SECONDS) {
          warmedUp = true;
          for (const s of servers) await s.eventLoop('eld-reset');
        }
        const done = [...counts.values()].reduce((s, n) => s + n, 0);
        console.log(`  ${Math.round(t)} s: ${done} actions, ${errorCount} errors, RSS ${samples.at(-1)!.rssMb.map((m) => m.toFixed(0)).join(' / ')} MB, load ${load1()}`);
      }
    })();
    const loop = async (client: number) => {
      for (let i = client; Date.now() < deadline; i++) {
        const action = ACTIONS[i % ACTIONS.length];
        const [a, b] = i % 2 === 0 ? urls : [urls[1], urls[0]];
        await act(action, a, b, ctx, password);
        counts.set(action, counts.get(action)! + 1);
      }
    };
    await Promise.all([sampler, ...Array.from({ length: CLIENTS }, (_, c) => loop(c))]);
    const eventLoop = await Promise.all(servers.map((s) => s.eventLoop('eld-read')));
    const elapsed = (Date.now() - started) / 1000;

    const after = samples.filter((s) => s.t >= WARM_UP_SECONDS);
    // RSS saws up and down with garbage collection: besides the slope, compare the floor (the
    // lowest sample) of the first and second half after warm-up. A leak raises the floor.
    const halfway = (WARM_UP_SECONDS + elapsed) / 2;
    const floor = (i: number, part: Sample[]) => Math.min(...part.map((s) => s.rssMb[i]));
    const perInstance = servers.map((_, i) => {
      const trend = slope(after.map((s) => ({ x: s.t / 60, y: s.rssMb[i] })));
      return {
        floorFirstMb: floor(i, after.filter((s) => s.t < halfway)),
        floorSecondMb: floor(i, after.filter((s) => s.t >= halfway)),
        instance: i === 0 ? 'a' : 'b',
        startMb: samples[0].rssMb[i],
        warmMb: after[0]?.rssMb[i] ?? NaN,
        endMb: samples.at(-1)!.rssMb[i],
        medianAfterWarmUpMb: median(after.map((s) => s.rssMb[i])),
        trendMbPerMin: trend,
        eldP99Ms: eventLoop[i]?.eldP99Ms ?? NaN,
        eldMaxMs: eventLoop[i]?.eldMaxMs ?? NaN,
      };
    });
    const total = [...counts.values()].reduce((s, n) => s + n, 0);
    const report = renderReport({ elapsed, total, perInstance, samples: samples.length, dbName });
    console.log(`\n${report}`);
    if (errors.length) console.log(`first errors:\n  ${errors.join('\n  ')}`);
    if (SECONDS >= 300) fs.appendFileSync(path.join(import.meta.dirname, 'results', 'soak.md'), `${report}\n`);
    // Flat: the second half's floor within 10 % (and 10 MB) of the first's.
    const growing = perInstance.filter((p) => p.floorSecondMb > Math.max(p.floorFirstMb * 1.1, p.floorFirstMb + 10));
    if (growing.length) console.log(`RSS GROWS after warm-up on instance ${growing.map((p) => p.instance).join(', ')}`);
    process.exitCode = errorCount > 0 || growing.length ? 1 : 0;
  } finally {
    for (const s of servers) await s.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface InstanceFigures {
  instance: string;
  startMb: number;
  warmMb: number;
  endMb: number;
  medianAfterWarmUpMb: number;
  floorFirstMb: number;
  floorSecondMb: number;
  trendMbPerMin: number;
  eldP99Ms: number;
  eldMaxMs: number;
}

function renderReport(r: { elapsed: number; total: number; samples: number; dbName: string; perInstance: InstanceFigures[] }): string {
  const m = machine();
  const mix = [...counts.entries()].map(([a, n]) => `${a} ${n.toLocaleString('en')}`).join(', ');
  const lines = [
    `## ${m.date}: ${Math.round(r.elapsed)} s, ${CLIENTS} clients, two instances on PostgreSQL`,
    '',
    `Commit ${m.commit}; ${m.cpus}; Node ${m.node}; load average ${load1()} at the end. ${r.total.toLocaleString('en')} actions (${mix}), each several requests; **${errorCount} error answers**. Warm-up ${WARM_UP_SECONDS} s; ${r.samples} RSS samples.`,
    '',
    '| instance | RSS at start | RSS after warm-up | RSS at end | median after warm-up | floor, 1st / 2nd half after warm-up | slope after warm-up | event-loop delay p99 (max) after warm-up |',
    '|---|---|---|---|---|---|---|---|',
    ...r.perInstance.map(
      (p) =>
        `| ${p.instance} | ${p.startMb.toFixed(0)} MB | ${p.warmMb.toFixed(0)} MB | ${p.endMb.toFixed(0)} MB | ${p.medianAfterWarmUpMb.toFixed(0)} MB | ${p.floorFirstMb.toFixed(0)} / ${p.floorSecondMb.toFixed(0)} MB | ${p.trendMbPerMin >= 0 ? '+' : ''}${p.trendMbPerMin.toFixed(2)} MB/min | ${p.eldP99Ms.toFixed(1)} ms (${p.eldMaxMs.toFixed(0)} ms) |`,
    ),
    '',
  ];
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
