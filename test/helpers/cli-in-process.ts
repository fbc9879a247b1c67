// Runs a CLI command in this process, through the same runCli that the `flowgate` process runs,
// with its own standard streams and a stop() that plays SIGTERM. A child process costs about a
// second of CPU to start; this costs nothing. What only a real process shows (the bin, Node's
// own flags, exit on a signal, several processes at once) stays with spawnCli in cli.ts.
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/cli-types.js';
import type { CliProcess } from './cli.js';
import { watchOutput } from './output-watch.js';

export type InProcessCli = Omit<CliProcess, 'child'>;

export function runCliInProcess(args: string[], env: Record<string, string>, input?: string): InProcessCli {
  const watch = watchOutput();
  const sink = () =>
    new Writable({
      write(chunk, _encoding, done) {
        watch.append(chunk.toString());
        done();
      },
    });
  let requestStop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (requestStop = resolve));
  const io: CliIo = {
    stdin: Readable.from(input === undefined ? [] : [input]),
    stdout: sink(),
    stderr: sink(),
    stopRequested: () => stopped,
  };
  let done = false;
  // The environment a spawned command gets: only what the test gives, plus HOME.
  const exited = runCli(args, { HOME: process.env.HOME ?? '/tmp', ...env }, io)
    .then(
      (code): number | null => code,
      // What the process would print before exiting 1: the error and its stack.
      (error: unknown) => {
        watch.append(`${error instanceof Error ? error.stack : String(error)}\n`);
        return 1;
      },
    )
    .then((code) => {
      done = true;
      watch.ended();
      return { code, output: watch.output() };
    });
  return {
    output: watch.output,
    waitFor: watch.waitFor,
    exited,
    async stop() {
      if (!done) requestStop('SIGTERM');
      await exited;
    },
  };
}
