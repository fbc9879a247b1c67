// Types shared by the CLI commands.
export type Environment = Record<string, string | undefined>;
export type Command = (args: string[], env: Environment) => Promise<number>;

/** A mistake in how the command was called: one line to stderr, exit code 2. */
export class CliUsageError extends Error {}
