// Where a scenario's time goes: starts Flowgate with --cpu-prof, loads one scenario, stops it
// gracefully (the profile is written at exit) and prints the top functions by self time, and the
// share of the project's own files by inclusive time. Open the .cpuprofile in Chrome DevTools for more.
// Run: npx tsx bench/profile.ts key|bearer|cookie|run [seconds=5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { throughput, type Request } from './lib/load.js';
import { buildSources, flowgateEnv, ROOT, startFlowgate } from './lib/processes.js';
import { prepare } from './lib/setup.js';
import { load1 } from './lib/stats.js';

const scenario = process.argv[2] ?? 'key';
const seconds = Number(process.argv[3] ?? 5);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-profile-'));
const profileDir = path.join(ROOT, 'test-artifacts', 'profiles');
fs.mkdirSync(profileDir, { recursive: true });
// File by file, so that the profile names each source file.
await buildSources({ perFile: true });
const env = flowgateEnv(work, `sqlite:///${path.join(work, 'flowgate.db')}`);
const server = await startFlowgate(work, env, 'profile', ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${scenario}.cpuprofile`]);
const { token, apiKey, flowId } = await prepare(server.url);
const requests: Record<string, Request> = {
  key: { path: '/api/v1/users/whoami', headers: { 'x-api-key': apiKey } },
  bearer: { path: '/api/v1/users/whoami', headers: { authorization: `Bearer ${token}` } },
  cookie: { path: '/api/v1/users/whoami', headers: { cookie: `access_token_lf=${token}` } },
  run: {
    path: `/api/v1/run/${flowId}`,
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ input_value: 'hello', input_type: 'chat', output_type: 'chat' }),
  },
};
const m = await throughput(server.url, requests[scenario], seconds);
await server.stop();
fs.rmSync(work, { recursive: true, force: true });

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const profile = JSON.parse(fs.readFileSync(path.join(profileDir, `${scenario}.cpuprofile`), 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
const total = profile.samples.length;
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|test-artifacts\/bench-build)\//, '')}:${n.callFrame.lineNumber + 1}`;
const selfByLabel = new Map<string, number>();
for (const [id, count] of self) {
  const key = label(byId.get(id)!);
  selfByLabel.set(key, (selfByLabel.get(key) ?? 0) + count);
}
// Inclusive time of the project's own files: a sample counts once per file on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, count] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = byId.get(at)!.callFrame.url;
    const match = /bench-build\/(src\/.*)$/.exec(url) ?? /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (match && !seen.has(match[1])) {
      seen.add(match[1]);
      inclusive.set(match[1], (inclusive.get(match[1]) ?? 0) + count);
    }
  }
}
const pct = (n: number) => `${((100 * n) / total).toFixed(1)} %`;
console.log(`${scenario}: ${Math.round(m.rps)} req/s, ${total} samples, load ${load1()}\n\nTop self time:`);
for (const [key, count] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(count).padStart(7)}  ${key}`);
console.log('\nInclusive time by file or package:');
for (const [key, count] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(count).padStart(7)}  ${key}`);
