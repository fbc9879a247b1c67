// `flowgate migrate`: bring the database schema up to date, then exit.
import { openStorage } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { ENV_FILE_OPTION, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

export const migrateSpec: CommandSpec = {
  name: 'migrate',
  summary: 'bring the database schema up to date, then exit (run does it too)',
  options: [ENV_FILE_OPTION],
  run: migrateCommand,
};

export async function migrateCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const config = loadConfig(env, values['env-file']);
  const storage = openStorage(config.databaseUrl);
  try {
    await migrateToLatest(storage.db);
    printLine(io, `Database is up to date: ${storage.description}`);
    return 0;
  } finally {
    await storage.close();
  }
}
