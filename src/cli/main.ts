// Dispatches `flowgate <command>`. Every command returns an exit code; user errors print one
// clear line (no stack trace) and exit 2, as configuration errors do.
import { ConfigError } from '../config/config-error.js';
import { StartupError } from '../services/startup-errors.js';
import { apiKeySpec } from './api-key.js';
import { backupSpec, restoreSpec } from './backup.js';
import { importLangflowSpec } from './import-langflow-spec.js';
import { migrateSpec } from './migrate.js';
import { runSpec } from './run.js';
import { secretKeySpec } from './secret-key.js';
import { superuserSpec } from './superuser.js';
import { CliUsageError, printError, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { commandHelp, topLevelHelp, versionText } from './help.js';

export const COMMANDS: CommandSpec[] = [runSpec, migrateSpec, superuserSpec, apiKeySpec, secretKeySpec, backupSpec, restoreSpec, importLangflowSpec];

const wantsHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

export async function runCli(argv: string[], env: Environment, io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    printLine(io, versionText());
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // `help <command>` works too.
    const named = COMMANDS.find((c) => c.name === args[0]);
    printLine(io, named ? commandHelp(named) : topLevelHelp(COMMANDS));
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    printError(io, `Unknown command '${name}'. Run \`npx flowgate --help\` for the list of commands.`);
    return 2;
  }
  if (wantsHelp(args)) {
    printLine(io, commandHelp(command));
    return 0;
  }
  try {
    return await command.run(args, env, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError || error instanceof CliUsageError) {
      printError(io, error.message);
      return 2;
    }
    throw error;
  }
}
