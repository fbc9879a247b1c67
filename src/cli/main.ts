// Dispatches `flowgate <command>`. Every command returns an exit code; user errors print one
// clear line (no stack trace) and exit 2, as configuration errors do.
import { ConfigError } from '../config/config-error.js';
import { StartupError } from '../services/startup-errors.js';
import { apiKeyCommand } from './api-key.js';
import { importLangflowCommand } from './import-langflow.js';
import { migrateCommand } from './migrate.js';
import { runCommand } from './run.js';
import { secretKeyCommand } from './secret-key.js';
import { superuserCommand } from './superuser.js';
import { CliUsageError, type Command, type Environment } from './cli-types.js';

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  migrate: migrateCommand,
  'api-key': apiKeyCommand,
  'secret-key': secretKeyCommand,
  superuser: superuserCommand,
  'import-langflow': importLangflowCommand,
};

const USAGE = `Usage: flowgate <command> [options]   (also installed as \`langflow\`)

Commands:
  run [--host H] [--port P] [--env-file FILE] [--backend-only] [--log-level L]
  migrate [--env-file FILE]
  api-key [--env-file FILE]                             mint an API key for the superuser (printed once)
  secret-key rotate [--new-key KEY] [--env-file FILE]   re-encrypt everything under a new key
  secret-key check [--env-file FILE]                    does the configured key open the database?
  superuser [--username U] [--password P] [--auth-token T] [--env-file FILE]
  import-langflow --from <langflow.db | postgresql://…> [--langflow-secret-key KEY | --langflow-config-dir DIR]
                  [--dry-run] [--on-conflict skip|rename|fail] [--orphans-to USER] [--keep-langflow-password]
                  [--env-file FILE]                     move users, keys, secrets and flows over from Langflow
`;

export async function runCli(argv: string[], env: Environment): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command '${name}'.\n\n${USAGE}`);
    return 1;
  }
  try {
    return await command(args, env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError || error instanceof CliUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}
