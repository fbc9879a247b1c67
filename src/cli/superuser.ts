// `flowgate superuser` (SPEC §9): creates an active superuser. The first one needs nothing; once
// a superuser exists, only a superuser may add another (--auth-token: an access token or API key).
import { AppError } from '../services/errors.js';
import { authenticate } from '../services/auth/authenticate.js';
import { bootstrap, oneShotLog } from '../services/bootstrap.js';
import type { AppDeps } from '../services/deps.js';
import { insertNewUser } from '../services/users/users.js';
import { hasSuperuser } from '../storage/repositories/users.js';
import { ENV_FILE_OPTION, printError, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';
import { createPrompter, NoInputError, type Prompter } from './prompt.js';

/** A refusal: one line to stderr, exit code 1. */
class Refused extends Error {}

export const superuserSpec: CommandSpec = {
  name: 'superuser',
  summary: "create an active superuser (once one exists, only a superuser's token may add another)",
  options: [
    { flag: '--username', value: 'NAME', help: 'the new superuser (asked on standard input when missing)' },
    { flag: '--password', value: 'PASSWORD', help: 'their password (asked, hidden, when missing)' },
    { flag: '--auth-token', value: 'TOKEN', help: "an existing superuser's access token or API key (asked when needed)" },
    ENV_FILE_OPTION,
  ],
  run: superuserCommand,
};

export async function superuserCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    username: { type: 'string' },
    password: { type: 'string' },
    'auth-token': { type: 'string' },
  });
  const config = loadConfig(env, values['env-file']);
  if (!config.enableSuperuserCli) {
    printError(io, 'The superuser command is disabled (LANGFLOW_ENABLE_SUPERUSER_CLI=false). Create superusers from the admin page.');
    return 1;
  }
  const deps = await bootstrap(config, { skipSuperuser: true, envFile: values['env-file'], log: oneShotLog(io.stderr) });
  const prompter = createPrompter(io.stdin, io.stderr);
  try {
    const actorId = await authorize(deps, prompter, values['auth-token']);
    const username = values.username ?? (await prompter.ask('Username: ', { missing: 'No username: pass --username or type it on standard input.' }));
    const password = values.password ?? (await askPassword(prompter));
    const user = await insertNewUser(
      deps,
      { username, password, optins: null, profileImage: null, isActive: true, isSuperuser: true },
      { actorId, ip: null, via: 'cli' },
    );
    printLine(io, `Superuser '${user.username}' created.`);
    return 0;
  } catch (error) {
    if (error instanceof Refused || error instanceof NoInputError) printError(io, error.message);
    else if (error instanceof AppError) printError(io, `Could not create the superuser: ${describe(error)}`);
    else throw error;
    return 1;
  } finally {
    prompter.close();
    await deps.storage.close();
  }
}

/** The id of the superuser vouching for the new one, or null for the very first superuser. */
async function authorize(deps: AppDeps, prompter: Prompter, token: string | undefined): Promise<string | null> {
  if (!(await hasSuperuser(deps.storage.db))) return null;
  const needed = "A superuser already exists: pass --auth-token with a superuser's access token or API key.";
  const presented = token ?? (await prompter.ask('A superuser already exists. Access token or API key of a superuser: ', { hidden: true, missing: needed }));
  // Name what was actually given: the flag, or the first line of standard input.
  const what =
    token !== undefined
      ? 'The --auth-token'
      : prompter.interactive
        ? 'The token typed'
        : "A superuser already exists, so the first line of standard input must be a superuser's access token or API key (or pass --auth-token); the line read";
  const credential = presented.trim();
  if (!credential) throw new Refused(token !== undefined || prompter.interactive ? needed : `${what} is empty.`);
  try {
    const principal = await authenticate(deps, {
      ...(credential.startsWith('sk-') ? { apiKeyHeader: credential } : { bearer: credential }),
      fromLoopback: false,
    });
    if (!principal.user.isSuperuser) throw new Refused(`${what} does not belong to a superuser.`);
    return principal.user.id;
  } catch (error) {
    if (error instanceof AppError) throw new Refused(`${what} is not a valid access token or API key (expired, revoked or unknown).`);
    throw error;
  }
}

async function askPassword(prompter: Prompter): Promise<string> {
  const missing = 'No password: pass --password or type it on standard input.';
  const password = await prompter.ask('Password: ', { hidden: true, missing });
  if (prompter.interactive && (await prompter.ask('Repeat the password: ', { hidden: true, missing })) !== password) {
    throw new Refused('The passwords do not match.');
  }
  return password;
}

function describe(error: AppError): string {
  const detail = error.detail;
  if (Array.isArray(detail)) return detail.map((item: { msg?: string }) => item.msg ?? 'invalid value').join('; ');
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}
