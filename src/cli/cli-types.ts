// Types shared by the CLI commands.
export type Environment = Record<string, string | undefined>;
export type Command = (args: string[], env: Environment) => Promise<number>;

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
