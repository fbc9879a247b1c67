// Throughput of running a flow over HTTP, against a bare Fastify route measured in the same run.
// A real Flowgate server (temp SQLite file, default config) with one user, one API key and a
// three-node flow (Chat Input → Prompt → Chat Output: no model call, the Basic Prompting
// starter's shape before it had a Language Model); autocannon (in a worker
// thread, 10 connections, bounded duration) hits:
//   - GET /bare on a separate Fastify() returning {ok: true}     (the baseline)
//   - GET /api/v1/users/whoami with x-api-key                      (auth + one user read)
//   - POST /api/v1/run/{id} with x-api-key                         (auth + flow lookup + run)
// The targets are measured in interleaved rounds (each gets `seconds` in total), so a change of
// machine load during the run weighs on all of them alike.
// Run: npx tsx bench/run.ts [seconds per target, default 10] [rounds, default 2]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { hashPassword } from '../src/auth/password.js';
import { parseConfig } from '../src/config/parse-config.js';
import { chatInputNode, chatOutputNode, edge, promptNode } from '../src/engine/starters/langflow-nodes.js';
import { startServer } from '../src/http/server.js';
import { bootstrap } from '../src/services/bootstrap.js';
import { createDefaultProject } from '../src/services/projects/default-project.js';
import { insertUser } from '../src/storage/repositories/users.js';

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 2);
const CONNECTIONS = 10;
const ROOT = path.resolve(import.meta.dirname, '..');

interface Measure {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  note?: string;
}

type Target = { name: string; options?: Parameters<typeof autocannon>[0]; note?: string };

/** Each target `rounds` times, interleaved; req/s and p99 are the means over the rounds. */
async function measureAll(targets: Target[]): Promise<Measure[]> {
  const runs = new Map<string, Measure[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      if (!target.options) continue;
      const r = await autocannon({ connections: CONNECTIONS, duration: seconds / rounds, workers: 1, ...target.options });
      runs.get(target.name)!.push({ name: target.name, requestsPerSecond: r.requests.average, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts });
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return targets.map((t) => {
    const m = runs.get(t.name)!;
    if (!t.options) return { name: t.name, requestsPerSecond: NaN, p99Ms: NaN, non2xx: 0, errors: 0, note: t.note };
    return {
      name: t.name,
      requestsPerSecond: mean(m.map((x) => x.requestsPerSecond)),
      p99Ms: mean(m.map((x) => x.p99Ms)),
      non2xx: m.reduce((a, x) => a + x.non2xx, 0),
      errors: m.reduce((a, x) => a + x.errors, 0),
    };
  });
}

async function json(response: Response): Promise<any> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return response.json();
}

// ---- the Flowgate server, as `flowgate run` would start it, on a throw-away config dir ----
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-run-'));
const config = parseConfig({
  LANGFLOW_CONFIG_DIR: dir,
  LANGFLOW_DATABASE_URL: `sqlite:///${path.join(dir, 'flowgate.db')}`,
  LANGFLOW_SECRET_KEY: 'flowgate-bench-secret-key-0123456789abcdef',
});
const quiet = { info() {}, warn() {}, error() {} };
const deps = await bootstrap(config, { log: quiet });
// The request log is produced at the default level (its cost is real) and thrown away.
const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
const server = await startServer(deps, { host: '127.0.0.1', port: 0, logStream: discard });

const userId = crypto.randomUUID();
const password = `bench-${crypto.randomUUID()}`;
const now = new Date().toISOString();
await insertUser(deps.storage.db, {
  id: userId, username: 'bench', password: await hashPassword(password), profile_image: null, is_active: true,
  is_superuser: false, create_at: now, updated_at: now, last_login_at: now, store_api_key: null, optins: null,
});
await createDefaultProject(deps, userId);
const login = await json(await fetch(`${server.url}/api/v1/login`, { method: 'POST', body: new URLSearchParams({ username: 'bench', password }) }));
const auth = { authorization: `Bearer ${login.access_token}`, 'content-type': 'application/json' };
const { api_key: apiKey } = await json(await fetch(`${server.url}/api/v1/api_key/`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench' }) }));
const promptFlow = {
  nodes: [
    chatInputNode('ChatInput-jFwUm', { x: 689.57, y: 765.16 }),
    promptNode('Prompt-3SM2g', { x: 1071.3, y: 724.67 }, 'Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.\n\nUser: {user_input}\n\nAnswer: ', { user_input: '' }),
    chatOutputNode('ChatOutput-gDYiJ', { x: 1460.07, y: 872.73 }),
  ],
  edges: [
    edge({ id: 'ChatInput-jFwUm', type: 'ChatInput', name: 'message' }, { id: 'Prompt-3SM2g', name: 'user_input' }),
    edge({ id: 'Prompt-3SM2g', type: 'Prompt', name: 'prompt' }, { id: 'ChatOutput-gDYiJ', name: 'input_value', inputTypes: ['Data', 'DataFrame', 'Message'] }),
  ],
};
const flow = await json(await fetch(`${server.url}/api/v1/flows/`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Prompt only', data: promptFlow }) }));
const runBody = JSON.stringify({ input_value: 'How do I start?', input_type: 'chat', output_type: 'chat' });
const check = await json(await fetch(`${server.url}/api/v1/run/${flow.id}`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: runBody }));
if (!check.outputs?.[0]?.outputs?.length) throw new Error('the flow did not answer');

// ---- the baseline: a bare Fastify in the same process ----
const bare = Fastify();
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const whoamiProbe = await fetch(`${server.url}/api/v1/users/whoami`, { headers: { 'x-api-key': apiKey } });
const results = await measureAll([
  { name: 'bare Fastify GET /bare (baseline)', options: { url: `${bareUrl}/bare` } },
  whoamiProbe.status === 404
    ? { name: 'GET /api/v1/users/whoami (x-api-key)', note: 'skipped: route absent' }
    : { name: 'GET /api/v1/users/whoami (x-api-key)', options: { url: `${server.url}/api/v1/users/whoami`, headers: { 'x-api-key': apiKey } } },
  {
    name: 'POST /api/v1/run/{id} (x-api-key, 3-node flow)',
    options: { url: `${server.url}/api/v1/run/${flow.id}`, method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: runBody },
  },
]);

await bare.close();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });

// ---- report ----
const baseline = results[0]!;
const lines = [
  `## Run throughput, ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version}, SQLite, ${CONNECTIONS} connections, ${seconds} s each in ${rounds} interleaved rounds; load average ${os.loadavg()[0].toFixed(1)})`,
  '',
  '| target | req/s | p99 ms | req/s vs baseline | p99 vs baseline | non-2xx | errors |',
  '|---|---|---|---|---|---|---|',
  ...results.map((r) =>
    r.note
      ? `| ${r.name} | – | – | – | – | – | ${r.note} |`
      : `| ${r.name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p99Ms.toFixed(0)} | ${(r.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} | ${(r.p99Ms / Math.max(baseline.p99Ms, 1)).toFixed(1)}× | ${r.non2xx} | ${r.errors} |`,
  ),
  '',
  'Every API-key request also records the key\'s use (one UPDATE), as SPEC §4 requires; the request log is on (level info).',
  '',
];
console.log(lines.join('\n'));
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.appendFileSync(path.join(ROOT, 'bench/results/run.md'), `${lines.join('\n')}\n`);
const failed = results.some((r) => r.non2xx > 0 || r.errors > 0);
process.exit(failed ? 1 : 0);
