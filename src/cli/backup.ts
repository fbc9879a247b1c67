// `flowgate backup --to FILE` and `flowgate restore --from FILE [--force]` (SQLite; PostgreSQL is
// refused with the pg_dump / pg_restore commands to use). The rules are in services/backups.ts;
// this file reads the configuration and the key, and says what happened and what comes next.
import fs from 'node:fs';
import path from 'node:path';
import { keyFingerprint } from '../auth/secret-key.js';
import type { Config } from '../config/config-types.js';
import { BackupRefusal, backupAdviceForPostgres, backupSqlite, restoreSqlite } from '../services/backups.js';
import { SECRET_KEY_FILE } from '../services/secret-key/key-material.js';
import { sqlitePathFromUrl } from '../storage/db.js';
import { CliUsageError, ENV_FILE_OPTION, printError, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

export const backupSpec: CommandSpec = {
  name: 'backup',
  summary: 'copy the SQLite database to one file while servers run (PostgreSQL: prints the pg_dump command)',
  options: [{ flag: '--to', value: 'FILE', help: 'the backup file to write (never replaces an existing file)' }, ENV_FILE_OPTION],
  run: backupCommand,
};

export const restoreSpec: CommandSpec = {
  name: 'restore',
  summary: 'put a backup in place as the database of an empty config directory',
  options: [
    { flag: '--from', value: 'FILE', help: 'the backup file (made by `flowgate backup`)' },
    { flag: '--force', help: 'replace an existing database (stop the servers first; the old one is moved aside, not deleted)' },
    ENV_FILE_OPTION,
  ],
  run: restoreCommand,
};

export async function backupCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { to: { type: 'string' } });
  if (!values.to) throw new CliUsageError('Usage: npx flowgate backup --to FILE [--env-file FILE]');
  const config = loadConfig(env, values['env-file']);
  const databaseFile = sqlitePathFromUrl(config.databaseUrl);
  if (databaseFile === undefined) {
    printError(io, backupAdviceForPostgres(config.databaseUrl, values.to, configuredKey(config)?.fingerprint));
    return 2;
  }
  try {
    const report = await backupSqlite(path.resolve(databaseFile), values.to);
    const { users, flows, variables } = report.summary;
    printLine(io, `Backed up SQLite ${path.resolve(databaseFile)} to ${path.resolve(values.to)} (${users} user(s), ${flows} flow(s), ${variables} variable(s)).`);
    printLine(io, 
      report.keyFingerprint
        ? `Its credentials are encrypted with the secret key whose fingerprint is ${report.keyFingerprint}: a restore needs that key. Keep the key safe, and not beside the backup.`
        : 'No secret key has met this database yet.',
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupRefusal) throw new CliUsageError(error.message);
    throw error;
  }
}

export async function restoreCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { from: { type: 'string' }, force: { type: 'boolean' } });
  if (!values.from) throw new CliUsageError('Usage: npx flowgate restore --from FILE [--force] [--env-file FILE]');
  const config = loadConfig(env, values['env-file']);
  const databaseFile = sqlitePathFromUrl(config.databaseUrl);
  if (databaseFile === undefined) {
    throw new CliUsageError(
      'LANGFLOW_DATABASE_URL names a PostgreSQL database: restore a pg_dump backup with pg_restore into a new, empty database ' +
        "(`pg_restore --no-owner --dbname '<the new database URL>' FILE`), then start the servers on it with the same LANGFLOW_SECRET_KEY. See docs/deployment.md.",
    );
  }
  const key = configuredKey(config);
  try {
    const report = await restoreSqlite({
      from: values.from,
      databaseFile: path.resolve(databaseFile),
      configDir: config.configDir,
      force: values.force ?? false,
      secretKey: key?.secretKey,
      previousKey: config.secretKeyPrevious,
      stamp: new Date().toISOString().replace(/[-:]|\.\d+/g, ''),
    });
    const { users, flows, variables } = report.summary;
    if (report.movedAside) printLine(io, `The database that was there is now ${report.movedAside}.`);
    printLine(io, `Restored ${path.resolve(values.from)} as SQLite ${path.resolve(databaseFile)} (${users} user(s), ${flows} flow(s), ${variables} variable(s)).`);
    if (report.keyFingerprint === undefined) printLine(io, 'No secret key has met this database yet: start the server.');
    else if (report.key === 'opens') printLine(io, `The configured secret key (fingerprint ${report.keyFingerprint}) opens it: start the server.`);
    else if (report.key === 'previous') {
      printLine(io, 'LANGFLOW_SECRET_KEY_PREVIOUS opens it: run `npx flowgate secret-key rotate` (same settings) to move it to the configured key, then start the server.');
    } else {
      printLine(io, 
        `Its credentials are encrypted with the key whose fingerprint is ${report.keyFingerprint}: set LANGFLOW_SECRET_KEY to that key ` +
          `(or put it in ${path.join(config.configDir, SECRET_KEY_FILE)}) before starting the server; with another key the server refuses to start.`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof BackupRefusal) throw new CliUsageError(error.message);
    throw error;
  }
}

/** The key a server would use (LANGFLOW_SECRET_KEY, else the key file), never generating one. */
function configuredKey(config: Config): { secretKey: string; fingerprint: string } | undefined {
  let secretKey = config.secretKey;
  if (!secretKey) {
    try {
      secretKey = fs.readFileSync(path.join(config.configDir, SECRET_KEY_FILE), 'utf8').replace(/[\r\n]+$/, '') || undefined;
    } catch {
      secretKey = undefined;
    }
  }
  return secretKey ? { secretKey, fingerprint: keyFingerprint(secretKey) } : undefined;
}
