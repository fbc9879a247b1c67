// Langflow 1.8's own frontend, built once per commit. The source comes from LANGFLOW_FRONTEND_DIR
// (a checkout of Langflow's `src/frontend`) or is extracted from a git copy of Langflow's
// repository (LANGFLOW_GIT_DIR, by default the copy the `fetch` tool leaves under /work/.mirror)
// at LANGFLOW_COMMIT into ~/.cache/flowgate-langflow-ui/<commit>/. `npm ci && npx vite build`
// run there as Langflow's README says; a marker file keeps the build for the next run.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DEFAULT_COMMIT = '2f274012e1bca5a8cdbc2fbb0e1031f99ade82ad';
const DEFAULT_GIT_DIR = '/work/.mirror/freewings463+langflow/repo';
// A 1×1 transparent PNG: the copy may lack the largest files (decorative backgrounds).
const PLACEHOLDER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** The directory of the built frontend (index.html and assets/). */
export function ensureLangflowFrontend(log: (line: string) => void = console.log): string {
  const given = process.env.LANGFLOW_FRONTEND_DIR;
  const source = given ? path.resolve(given) : extractFromGit(log);
  const built = path.join(source, 'build');
  const marker = path.join(built, '.flowgate-built');
  if (fs.existsSync(marker)) return built;
  if (!fs.existsSync(path.join(source, 'node_modules', '.package-lock.json'))) {
    log(`langflow-ui: npm ci in ${source}`);
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], source);
  }
  log(`langflow-ui: vite build in ${source}`);
  run('npx', ['vite', 'build', '--logLevel', 'warn'], source, { NODE_OPTIONS: '--max-old-space-size=6144' });
  fs.writeFileSync(marker, new Date().toISOString());
  return built;
}

function extractFromGit(log: (line: string) => void): string {
  const gitDir = process.env.LANGFLOW_GIT_DIR ?? DEFAULT_GIT_DIR;
  if (!fs.existsSync(gitDir)) {
    throw new Error(
      `langflow-ui: no copy of Langflow's repository at ${gitDir}: set LANGFLOW_GIT_DIR to a git directory holding commit ` +
        `${process.env.LANGFLOW_COMMIT ?? DEFAULT_COMMIT} (a bare clone of Langflow's repository will do), ` +
        `or LANGFLOW_FRONTEND_DIR to a checkout of its src/frontend`,
    );
  }
  const commit = git(gitDir, ['rev-parse', `${process.env.LANGFLOW_COMMIT ?? DEFAULT_COMMIT}^{commit}`]).trim();
  const root = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'flowgate-langflow-ui', commit);
  // Kept at src/frontend so that vite.config's "../../.env" stays inside the cache.
  const source = path.join(root, 'src', 'frontend');
  const done = path.join(root, '.extracted');
  if (fs.existsSync(done)) return source;
  log(`langflow-ui: extracting src/frontend of ${commit} from ${gitDir}`);
  fs.rmSync(root, { recursive: true, force: true });
  const entries = git(gitDir, ['ls-tree', '-r', '-z', commit, 'src/frontend/'])
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t') as [string, string];
      const [mode, type, sha] = meta.split(' ') as [string, string, string];
      return { mode, type, sha, file };
    })
    .filter((e) => e.type === 'blob');
  const missing = new Set(
    git(gitDir, ['cat-file', '--batch-check'], entries.map((e) => e.sha).join('\n') + '\n')
      .split('\n')
      .filter((l) => l.endsWith(' missing'))
      .map((l) => l.split(' ')[0]),
  );
  for (const e of entries) {
    const target = path.join(root, e.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (missing.has(e.sha)) {
      if (!e.file.endsWith('.png')) throw new Error(`langflow-ui: ${e.file} is missing from ${gitDir}`);
      log(`langflow-ui: ${e.file} is absent from the copy, a placeholder stands in`);
      fs.writeFileSync(target, PLACEHOLDER_PNG);
    } else if (e.mode === '120000') {
      fs.symlinkSync(git(gitDir, ['cat-file', 'blob', e.sha]), target);
    } else {
      fs.writeFileSync(target, execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', e.sha], { maxBuffer: 1 << 28 }));
      if (e.mode === '100755') fs.chmodSync(target, 0o755);
    }
  }
  fs.writeFileSync(done, commit);
  return source;
}

function git(gitDir: string, args: string[], input?: string): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`langflow-ui: ${cmd} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}
