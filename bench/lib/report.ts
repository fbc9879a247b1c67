// bench/results.json and bench/RESULTS.md: machine, date, commit, and every row with its figure,
// baseline, ratio, target and load average. The hand-written analysis (profiles of rows that
// miss) is kept in bench/ANALYSIS.md and appended.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes.js';

export interface Row {
  id: string;
  scenario: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
  load: number;
}

export function machine() {
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: ROOT }).toString().trim() !== '';
  return {
    date: new Date().toISOString(),
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
}

export function table(rows: Row[]): string {
  const lines = ['| # | Scenario | Figure | Baseline (same run) | Ratio | Target | Met | Load |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const met = r.met === null ? '—' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.id} | ${r.scenario} | ${r.figure} | ${r.baseline} | ${r.ratio} | ${r.target} | ${met} | ${r.load.toFixed(2)} |`);
  }
  return lines.join('\n');
}

export function writeResults(rows: Row[], info: ReturnType<typeof machine> & Record<string, unknown>, partial: boolean): void {
  const header = [
    '# Benchmark results (`npm run bench`)',
    '',
    `${info.date} · commit ${info.commit} · ${info.cpus} · ${info.memoryGb} GB · Node ${info.node}`,
    `Load average (1 min) at start ${info.loadStart}, at end ${info.loadEnd}; the machine is shared, so every row also records it.`,
    `Throughput: autocannon, ${info.connections} connections, ${info.rounds} rounds of ${info.seconds} s per target, interleaved with the baseline; the ratio is the median of the per-round ratios.`,
    partial ? '\n**Partial run** (`--only`): rows not selected are missing.' : '',
    '',
  ];
  const analysis = path.join(ROOT, 'bench', 'ANALYSIS.md');
  const notes = fs.existsSync(analysis) ? `\n${fs.readFileSync(analysis, 'utf8')}` : '';
  fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), `${header.join('\n')}\n${table(rows)}\n${notes}`);
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...info, rows }, null, 2)}\n`);
}
