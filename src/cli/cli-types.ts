// Types shared by the CLI commands.
import type { Readable, Writable } from 'node:stream';

export type Environment = Record<string, string | undefined>;

/**
 * Where a command reads and writes, and how it learns it must stop: the process's own streams and
 * signals (main.ts), or a test's, so commands run in-process without a child process each.
 */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Resolves with the signal's name (SIGINT, SIGTERM) when the command is asked to stop. */
  stopRequested(): Promise<string>;
}

export type Command = (args: string[], env: Environment, io: CliIo) => Promise<number>;

/** Writes one line (a command's result) to the io's standard output. */
export const printLine = (io: CliIo, text: string): void => void io.stdout.write(`${text}\n`);
/** Writes one line (a message, a refusal, a warning) to the io's standard error. */
export const printError = (io: CliIo, text: string): void => void io.stderr.write(`${text}\n`);

/** One option, as `--help` shows it. */
export interface OptionHelp {
  flag: string;
  /** The value's placeholder, e.g. FILE; absent for a switch. */
  value?: string;
  help: string;
}

/** A command: what it does in one line, its options, and the code that runs it. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Subcommands (`secret-key rotate`, `secret-key check`), each with its own options. */
  subcommands?: { name: string; summary: string; options: OptionHelp[] }[];
  options: OptionHelp[];
  run: Command;
}

/** A mistake in how the command was called: one line to stderr, exit code 2. */
export class CliUsageError extends Error {}

/** Every command reads its settings the same way. */
export const ENV_FILE_OPTION: OptionHelp = {
  flag: '--env-file',
  value: 'FILE',
  help: 'read LANGFLOW_* settings from this dotenv file (they override the environment)',
};
