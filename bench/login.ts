// Login cost: latency (median, p99) and logins/second of POST /api/v1/login, sequential and at
// concurrency 8, and the longest event-loop stall during 50 concurrent logins (argon2id must run
// off the loop). Baselines measured in the same run: GET /health through the same stack, and a
// raw argon2id hash and verify. The server runs in this process on a file SQLite database in a
// temporary directory. Run: npx tsx bench/login.ts
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { hashPassword, verifyPassword } from '../src/auth/password.js';
import { parseConfig } from '../src/config/parse-config.js';
import { startServer } from '../src/http/server.js';
import { bootstrap } from '../src/services/bootstrap.js';
import { insertUser } from '../src/storage/repositories/users.js';

const SEQUENTIAL = 200;
const CONCURRENT = 200;
const CONCURRENCY = 8;
const BURST = 50;
const USERNAME = 'bench-user';
const PASSWORD = `bench-${randomUUID()}`;

const quiet = { info() {}, warn() {}, error() {} };
const nullStream = new Writable({ write: (_c, _e, cb) => cb() });

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** `count` calls of `fn`, `concurrency` at a time; latencies and wall time in ms. */
async function load(count: number, concurrency: number, fn: () => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        latencies.push(await timed(fn));
      }
    }),
  );
  return { latencies, wallMs: performance.now() - start };
}

/** The longest event-loop stall (ms) while `fn` runs. */
async function maxLoopBlock(fn: () => Promise<void>): Promise<{ max: number; p99: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await fn();
  histogram.disable();
  return { max: histogram.max / 1e6, p99: histogram.percentile(99) / 1e6 };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-login-'));
const config = parseConfig({
  LANGFLOW_CONFIG_DIR: dir,
  LANGFLOW_DATABASE_URL: `sqlite:///${path.join(dir, 'flowgate.db')}`,
  LANGFLOW_AUTO_LOGIN: 'false',
  LANGFLOW_SUPERUSER: 'admin',
  LANGFLOW_SUPERUSER_PASSWORD: `admin-${randomUUID()}`,
  LANGFLOW_BACKEND_ONLY: 'true',
});
const deps = await bootstrap(config, { log: quiet });
const now = new Date().toISOString();
await insertUser(deps.storage.db, {
  id: randomUUID(), username: USERNAME, password: await hashPassword(PASSWORD), profile_image: null, is_active: true,
  is_superuser: false, create_at: now, updated_at: now, last_login_at: now, store_api_key: null, optins: null,
});
const server = await startServer(deps, { host: '127.0.0.1', port: 0, logStream: nullStream });

const loginOnce = async () => {
  const response = await fetch(`${server.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: USERNAME, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  await response.arrayBuffer();
};
let bearer = '';
const sessionOnce = async () => {
  const response = await fetch(`${server.url}/api/v1/session`, { headers: { authorization: bearer } });
  const body = (await response.json()) as { authenticated: boolean };
  if (!body.authenticated) throw new Error('session not authenticated');
};
const healthOnce = async () => {
  const response = await fetch(`${server.url}/health`);
  await response.arrayBuffer();
};

try {
  // Warm-up: JIT, connection, the dummy hash, SQLite pages.
  for (let i = 0; i < 5; i++) await loginOnce();
  for (let i = 0; i < 20; i++) await healthOnce();
  const first = await fetch(`${server.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: USERNAME, password: PASSWORD }),
  });
  bearer = `Bearer ${((await first.json()) as { access_token: string }).access_token}`;

  const health = await load(SEQUENTIAL, 1, healthOnce);
  const session = await load(SEQUENTIAL, 1, sessionOnce);
  const storedHash = await hashPassword(PASSWORD);
  const hashes = await load(20, 1, async () => void (await hashPassword(PASSWORD)));
  const verifies = await load(20, 1, async () => void (await verifyPassword(PASSWORD, storedHash)));
  const sequential = await load(SEQUENTIAL, 1, loginOnce);
  const concurrent = await load(CONCURRENT, CONCURRENCY, loginOnce);
  const healthBlock = await maxLoopBlock(() => load(BURST, BURST, healthOnce).then(() => undefined));
  // As many session checks (token, session row, user row) as it takes to last about as long as the logins.
  const sessionBlock = await maxLoopBlock(() => load(BURST * 10, BURST, sessionOnce).then(() => undefined));
  const argonBlock = await maxLoopBlock(() => load(BURST, BURST, async () => void (await verifyPassword(PASSWORD, storedHash))).then(() => undefined));
  const loginBlock = await maxLoopBlock(() => load(BURST, BURST, loginOnce).then(() => undefined));

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const perSecond = (count: number, wall: number) => `${(count / (wall / 1000)).toFixed(1)}/s`;
  const row = (label: string, r: { latencies: number[]; wallMs: number }) => {
    const s = stats(r.latencies);
    return `| ${label} | ${r.latencies.length} | ${ms(s.median)} | ${ms(s.p99)} | ${perSecond(r.latencies.length, r.wallMs)} |`;
  };
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const nproc = execSync('nproc').toString().trim();
  const load1 = os.loadavg()[0].toFixed(1);
  const report = [
    `## ${new Date().toISOString()} — ${nproc} CPUs (nproc), ${cpu}, Node ${process.version}, SQLite file, load average ${load1} at the end`,
    '',
    '| measurement | n | median | p99 | rate |',
    '|---|---|---|---|---|',
    row('baseline: GET /health, sequential', health),
    row('baseline: GET /api/v1/session with a bearer token, sequential', session),
    row('baseline: argon2id hash (raw)', hashes),
    row('baseline: argon2id verify (raw)', verifies),
    row('POST /api/v1/login, sequential', sequential),
    row(`POST /api/v1/login, concurrency ${CONCURRENCY}`, concurrent),
    '',
    `Event-loop delay during ${BURST} concurrent requests (client in the same process):`,
    `GET /health max ${ms(healthBlock.max)} (p99 ${ms(healthBlock.p99)}); ` +
      `GET /api/v1/session ×${BURST * 10} max ${ms(sessionBlock.max)} (p99 ${ms(sessionBlock.p99)}); ` +
      `raw argon2id verify (no HTTP) max ${ms(argonBlock.max)} (p99 ${ms(argonBlock.p99)}); ` +
      `POST /api/v1/login max ${ms(loginBlock.max)} (p99 ${ms(loginBlock.p99)}).`,
    '',
  ].join('\n');
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const file = path.join(import.meta.dirname, 'results', 'login.md');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      '# Login benchmark (bench/login.ts)\n\nEach run appends a section. Compare rows within one run: the baselines were measured ' +
        'in the same run, on the same machine, under the load average shown.\n\n',
    );
  }
  fs.appendFileSync(file, `${report}\n`);
  console.log(report);
} finally {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
