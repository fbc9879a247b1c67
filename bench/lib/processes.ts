// Starts the servers the benchmark measures as child processes: Flowgate through its CLI (src/
// bundled as the build bundles it, with the node flags of the bin) and the bare Fastify baseline.
// Their output goes to a file, so reading it costs the bench nothing while the load runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { bundleServer } from '../../scripts/bundle-server.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD_DIR = path.join(ROOT, 'test-artifacts', 'bench-build');
export const MAIN = path.join(BUILD_DIR, 'src', 'main.js');
const PROBE = path.join(ROOT, 'bench', 'probe.mjs');

/** The flags the installed bin starts node with (its shebang line), so the bench measures the product. */
export function binNodeFlags(): string[] {
  const bin = [path.join(ROOT, 'bin', 'flowgate.js'), path.join(ROOT, 'src', 'main.ts')].find((file) => fs.existsSync(file))!;
  const shebang = fs.readFileSync(bin, 'utf8').split('\n', 1)[0];
  return shebang.split(/\s+/).filter((word) => word.startsWith('--') && word !== '--');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * The server as `npm run build` writes it: one bundle (scripts/bundle-server.mjs). `perFile`
 * transpiles src/ file by file instead, for profiles that name each source file (profile.ts).
 */
export async function buildSources(options: { perFile?: boolean } = {}): Promise<void> {
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  if (!options.perFile) {
    await bundleServer(MAIN);
    return;
  }
  await build({
    entryPoints: sourceFiles(path.join(ROOT, 'src')),
    outdir: path.join(BUILD_DIR, 'src'),
    outbase: path.join(ROOT, 'src'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Event-loop delay in the server since the last reset (through the preloaded probe). */
  eventLoop(action: 'eld-reset' | 'eld-read'): Promise<{ eldP99Ms: number; eldMaxMs: number } | undefined>;
  /** Resident set size now and its peak since the last reset, in MB (from /proc). */
  memory(): { rssMb: number; peakMb: number };
  resetPeak(): void;
  /** CPU time (user + system) the process has used, in ms (from /proc, 10 ms ticks). */
  cpuMs(): number;
  stop(): Promise<void>;
}

async function waitForUrl(logFile: string, child: ChildProcess): Promise<string> {
  let exited = false;
  child.once('exit', () => (exited = true));
  // Generous: on a shared machine a start can take many seconds.
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const match = text.match(/running at (http:\/\/\S+)/);
    if (match) return match[1];
    if (exited) throw new Error(`server exited before listening:\n${text}`);
    await sleep(25);
  }
  throw new Error(`server did not start:\n${fs.readFileSync(logFile, 'utf8')}`);
}

function start(args: string[], env: Record<string, string>, logFile: string): Promise<Server> {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', out, out, 'ipc'],
  });
  fs.closeSync(out);
  const statusFile = () => fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const field = (text: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) / 1024;
  return waitForUrl(logFile, child).then((url) => ({
    url,
    pid: child.pid!,
    child,
    eventLoop: (action) =>
      new Promise((resolve) => {
        if (action === 'eld-reset') {
          child.send(action);
          resolve(undefined);
          return;
        }
        child.once('message', (message) => resolve(message as { eldP99Ms: number; eldMaxMs: number }));
        child.send(action);
      }),
    memory: () => {
      const text = statusFile();
      return { rssMb: field(text, 'VmRSS'), peakMb: field(text, 'VmHWM') };
    },
    cpuMs: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    resetPeak: () => fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  }));
}

export function startBare(dir: string): Promise<Server> {
  return start([path.join(ROOT, 'bench', 'bare-server.mjs')], {}, path.join(dir, 'bare.log'));
}

export const SUPERUSER = 'benchadmin';
export const SUPERUSER_PASSWORD = 'bench-admin-password-0123456789';

export function flowgateEnv(dir: string, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LANGFLOW_CONFIG_DIR: dir,
    LANGFLOW_DATABASE_URL: databaseUrl,
    LANGFLOW_AUTO_LOGIN: 'false',
    LANGFLOW_SUPERUSER: SUPERUSER,
    LANGFLOW_SUPERUSER_PASSWORD: SUPERUSER_PASSWORD,
    LANGFLOW_SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmnop',
    // Scenario 10 fails logins on purpose: the throttle would otherwise answer them without hashing.
    LANGFLOW_RATE_LIMIT_ACCOUNT_MAX_FAILURES: '1000000',
    LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: '1000000',
    ...extra,
  };
}

/** `flowgate run` on loopback, as the bin starts it, with the probe preloaded. */
export function startFlowgate(dir: string, env: Record<string, string>, name = 'flowgate', nodeArgs: string[] = []): Promise<Server> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return start(
    [...binNodeFlags(), ...nodeArgs, '--import', PROBE, MAIN, 'run', '--host', '127.0.0.1', '--port', '0', '--backend-only'],
    env,
    path.join(dir, `${name}.log`),
  );
}
