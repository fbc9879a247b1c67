// Runs the real CLI as a child process, for start-up behaviour that only a process shows: exit
// codes, messages, several instances at once. It runs src/ as transpiled by test/global-setup.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { watchOutput } from './output-watch.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The CLI entry, transpiled from src/main.ts before the tests start (test/global-setup.ts). */
export const CLI_ENTRY = path.join(ROOT, 'test-artifacts', 'build', 'src', 'main.js');

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; output: string }>;
  stop(): Promise<void>;
}

/** `nodeArgs` go to node before the CLI entry (e.g. `--import` of a preload). */
export function spawnCli(args: string[], env: Record<string, string>, input?: string, nodeArgs: string[] = []): CliProcess {
  // A clean environment: only what the test gives, plus what Node needs to run.
  const child = spawn(process.execPath, [...nodeArgs, CLI_ENTRY, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const watch = watchOutput();
  const onData = (chunk: Buffer) => watch.append(chunk.toString());
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('exit', (code) => {
      // Let the last output arrive.
      setImmediate(() => {
        watch.ended();
        resolve({ code, output: watch.output() });
      });
    });
  });
  return {
    child,
    output: watch.output,
    exited,
    waitFor: watch.waitFor,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
