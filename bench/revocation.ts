// How long a revocation takes to reach another instance (issue 12 item 1: effective on the very
// next request on the instance that made it, within one second everywhere). Two Flowgate
// processes share one database; each round an API key is used on both (so both have it cached),
// deleted through instance A, and then asked for on A once and on B until B refuses it. The delay
// is from A's answer to the DELETE to B's first refusal. On PostgreSQL B learns of it by
// LISTEN/NOTIFY; on SQLite by PRAGMA data_version on its next request.
// Run: npx tsx bench/revocation.ts [rounds=30]   (PostgreSQL at BENCH_DATABASE_URL's server)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildSources, flowgateEnv, startFlowgate, type Server } from './lib/processes.js';
import { login, newApiKey } from './lib/setup.js';
import { median } from './lib/stats.js';

const ROUNDS = Number(process.argv[2] ?? 30);
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const whoami = (server: Server, key: string) => fetch(`${server.url}/api/v1/users/whoami`, { headers: { 'x-api-key': key } }).then(async (r) => (await r.arrayBuffer(), r.status));

async function measure(label: string, databaseUrl: string, work: string): Promise<void> {
  const a = await startFlowgate(path.join(work, `${label}-a`), flowgateEnv(path.join(work, `${label}-a`), databaseUrl), 'a');
  const b = await startFlowgate(path.join(work, `${label}-b`), flowgateEnv(path.join(work, `${label}-b`), databaseUrl), 'b');
  try {
    const token = await login(a.url);
    const delays: number[] = [];
    let polls = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { id, key } = await newApiKey(a.url, token);
      if ((await whoami(a, key)) !== 200 || (await whoami(b, key)) !== 200) throw new Error('a new key was refused');
      const deleted = await fetch(`${a.url}/api/v1/api_key/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      const since = performance.now();
      if (deleted.status !== 200) throw new Error(`delete: ${deleted.status}`);
      if ((await whoami(a, key)) !== 403) throw new Error('the instance that deleted the key still accepted it');
      for (;;) {
        polls++;
        if ((await whoami(b, key)) === 403) break;
        if (performance.now() - since > 10_000) throw new Error('the other instance still accepts the key after 10 s');
      }
      delays.push(performance.now() - since);
    }
    const sorted = [...delays].sort((x, y) => x - y);
    const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
    console.log(
      `${label}: ${ROUNDS} deletions; refused at once by the deleting instance every time; the other instance refused it after ` +
        `median ${median(delays).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms ` +
        `(${polls} requests to it, ${polls - ROUNDS} of them still accepted) — target: within 1,000 ms`,
    );
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

await buildSources();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-revocation-'));
try {
  await measure('SQLite', `sqlite:///${path.join(work, 'shared.db')}`, work);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const name = `flowgate_revocation_${process.pid}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    await measure('PostgreSQL', url.toString(), work);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
