// How long from `flowgate run` to the first 200 on /health, on a fresh SQLite database and on a
// database that already exists, compared with `node -e` doing nothing (the cost of Node itself)
// measured in the same run. Run: npm run build && npx tsx bench/startup.ts [runs]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 5);
const ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
if (!fs.existsSync(MAIN)) throw new Error('Build first: npm run build');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeNodeNoop(): Promise<number> {
  const start = performance.now();
  await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('exit', resolve));
  return performance.now() - start;
}

async function timeToHealth(configDir: string): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, [MAIN, 'run', '--port', '0', '--backend-only'], {
    env: { PATH: process.env.PATH, HOME: os.homedir(), LANGFLOW_CONFIG_DIR: configDir, LANGFLOW_LOG_LEVEL: 'warn' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/running at (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  for (;;) {
    const response = await fetch(`${url}/health`).catch(() => undefined);
    if (response?.status === 200) break;
  }
  const elapsed = performance.now() - start;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return elapsed;
}

const baseline: number[] = [];
const fresh: number[] = [];
const existing: number[] = [];
for (let i = 0; i < runs; i++) {
  baseline.push(await timeNodeNoop());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-start-'));
  fresh.push(await timeToHealth(dir));
  existing.push(await timeToHealth(dir));
  fs.rmSync(dir, { recursive: true, force: true });
}

const lines = [
  `## Start-up, ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version}, ${runs} runs, medians)`,
  '',
  '| what | ms | × node -e 0 |',
  '|---|---|---|',
  `| node -e 0 (baseline) | ${median(baseline).toFixed(0)} | 1.0 |`,
  `| run → first 200 on /health, fresh SQLite (migrations, key file, superuser) | ${median(fresh).toFixed(0)} | ${(median(fresh) / median(baseline)).toFixed(1)} |`,
  `| run → first 200 on /health, existing SQLite | ${median(existing).toFixed(0)} | ${(median(existing) / median(baseline)).toFixed(1)} |`,
  '',
];
console.log(lines.join('\n'));
fs.appendFileSync(path.join(ROOT, 'bench/results/startup.md'), `${lines.join('\n')}\n`);
