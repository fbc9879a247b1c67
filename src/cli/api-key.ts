// `flowgate api-key` (SPEC §9): mints a new API key for the superuser and prints it once.
// Earlier keys are left alone (Langflow deletes its previous CLI key; a script may still use it).
import { createApiKey } from '../services/api-keys/api-keys.js';
import { findConfiguredSuperuser } from '../services/auth/auto-login-user.js';
import { bootstrap, oneShotLog } from '../services/bootstrap.js';
import { ENV_FILE_OPTION, printError, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

export const CLI_API_KEY_NAME = 'cli';

export const apiKeySpec: CommandSpec = {
  name: 'api-key',
  summary: 'create an API key for the superuser and print it once',
  options: [ENV_FILE_OPTION],
  run: apiKeyCommand,
};

export async function apiKeyCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  // This command never listens, so the --host checks of `run` (D3) do not apply.
  const config = loadConfig(env, values['env-file'], { host: '127.0.0.1' });
  const deps = await bootstrap(config, { skipSuperuser: true, envFile: values['env-file'], log: oneShotLog(io.stderr) });
  try {
    const superuser = await findConfiguredSuperuser(deps);
    if (!superuser) {
      const name = config.autoLogin ? 'langflow (auto-login)' : `'${config.superuser}' (LANGFLOW_SUPERUSER)`;
      printError(io, `No superuser ${name} exists yet: start the server once, or create one with \`npx flowgate superuser\`.`);
      return 1;
    }
    if (!superuser.isActive) {
      printError(io, `The superuser '${superuser.username}' is deactivated; no API key was created.`);
      return 1;
    }
    const key = await createApiKey(deps, superuser.id, CLI_API_KEY_NAME, { ip: null, via: 'cli' });
    printLine(io, `API key created for '${superuser.username}'. It is shown only this once; store it now:`);
    printLine(io, key.api_key);
    return 0;
  } finally {
    await deps.storage.close();
  }
}
