// `flowgate backup` and `restore` for SQLite (docs/deployment.md, "Backups"). A backup is one
// SQLite file taken online; a restore goes into an empty place only (or, forced, moves the
// database it replaces aside), and only when the file is a Flowgate database that the configured
// secret key opens. PostgreSQL is backed up with pg_dump: backupAdviceForPostgres says how.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { keyFingerprint as fingerprintOf } from '../auth/secret-key.js';
import { copySqliteDatabase, sqliteFilesOf, summarizeSqliteFile, type SqliteSummary } from '../storage/sqlite-backup.js';
import { describeDatabaseUrl } from '../storage/db.js';
import { inspectKeyCheckValue } from './secret-key/key-check.js';

/** A backup or restore that must not happen; the message says why and what to do. Nothing was written. */
export class BackupRefusal extends Error {
  override name = 'BackupRefusal';
}

/** Files that may already be in the config directory of a restore: the operator's key material. */
const KEY_FILES = new Set(['secret_key', 'jwt_private_key.pem', 'jwt_public_key.pem']);

export interface BackupReport {
  summary: SqliteSummary;
  /** The fingerprint of the key that encrypted the credentials in the backup (none if no key met the database). */
  keyFingerprint: string | undefined;
}

export async function backupSqlite(databaseFile: string, to: string): Promise<BackupReport> {
  if (!fs.existsSync(databaseFile)) throw new BackupRefusal(`There is no database at ${databaseFile} to back up.`);
  if (fs.existsSync(to)) throw new BackupRefusal(`${to} already exists; a backup never replaces a file. Choose another name or remove it first.`);
  const dir = path.dirname(path.resolve(to));
  if (!fs.existsSync(dir)) throw new BackupRefusal(`The folder ${dir} does not exist.`);
  try {
    await copySqliteDatabase(databaseFile, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupRefusal(`${to} appeared during the backup; it was left as it is.`);
    throw error;
  }
  const summary = summarizeSqliteFile(to);
  if (summary.problems.length > 0) {
    fs.rmSync(to, { force: true });
    throw new BackupRefusal(`${databaseFile} is not a Flowgate database: ${summary.problems.join('; ')}. No backup was written.`);
  }
  return { summary, keyFingerprint: summary.keyCheckValue ? inspectKeyCheckValue(summary.keyCheckValue).storedFingerprint : undefined };
}

export interface RestoreRequest {
  from: string;
  /** The SQLite file the configuration names. */
  databaseFile: string;
  configDir: string;
  /** Replace an existing database (moved aside, never deleted). */
  force: boolean;
  /** The configured key and LANGFLOW_SECRET_KEY_PREVIOUS, when there are any. */
  secretKey: string | undefined;
  previousKey: string | undefined;
  /** Names the moved-aside database, e.g. 20261206T072200Z. */
  stamp: string;
}

export interface RestoreReport {
  summary: SqliteSummary;
  keyFingerprint: string | undefined;
  /** Whether the configured key opens the restored data; 'none' when no key is configured (or no key met the data). */
  key: 'opens' | 'previous' | 'none';
  /** Where the replaced database went (only with force). */
  movedAside: string | undefined;
}

export async function restoreSqlite(request: RestoreRequest): Promise<RestoreReport> {
  const { from, databaseFile, configDir } = request;
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new BackupRefusal(`There is no backup file ${from}.`);
  const existing = sqliteFilesOf(databaseFile).filter((f) => fs.existsSync(f));
  const others = occupants(configDir, databaseFile);
  if ((existing.length > 0 || others.length > 0) && !request.force) {
    const held = [...existing, ...others.map((name) => path.join(configDir, name))];
    throw new BackupRefusal(
      `A restore goes into an empty config directory, and ${held.length === existing.length ? 'a database already exists' : `${configDir} is not empty`} ` +
        `(${held.slice(0, 5).join(', ')}${held.length > 5 ? ', …' : ''}). Nothing was changed. Point LANGFLOW_CONFIG_DIR at an empty directory, ` +
        'or stop every server using it and add --force to replace the database (the current one is moved aside, not deleted).',
    );
  }

  // Inspect a private copy: the operator's file is never opened by SQLite (which may add files beside it).
  fs.mkdirSync(path.dirname(path.resolve(databaseFile)), { recursive: true, mode: 0o700 });
  const staged = path.join(path.dirname(path.resolve(databaseFile)), `.${path.basename(databaseFile)}.restore-${randomBytes(6).toString('hex')}`);
  try {
    fs.copyFileSync(from, staged, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(staged, 0o600);
    const summary = summarizeSqliteFile(staged);
    if (summary.problems.length > 0) throw new BackupRefusal(`${from} is not a Flowgate database: ${summary.problems.join('; ')}. Nothing was changed.`);
    const { keyFingerprint, key } = checkKey(summary, request);
    for (const extra of sqliteFilesOf(staged).slice(1)) fs.rmSync(extra, { force: true });

    let movedAside: string | undefined;
    if (existing.length > 0) {
      movedAside = `${databaseFile}.before-restore-${request.stamp}`;
      // The database and its WAL move together, keeping the names SQLite pairs them by.
      sqliteFilesOf(databaseFile).forEach((file, i) => {
        if (fs.existsSync(file)) fs.renameSync(file, sqliteFilesOf(movedAside!)[i]);
      });
    }
    // link, not rename: a database that appeared meanwhile is never replaced.
    fs.linkSync(staged, databaseFile);
    return { summary, keyFingerprint, key, movedAside };
  } finally {
    for (const file of sqliteFilesOf(staged)) fs.rmSync(file, { force: true });
  }
}

function checkKey(summary: SqliteSummary, request: RestoreRequest): { keyFingerprint: string | undefined; key: RestoreReport['key'] } {
  if (!summary.keyCheckValue) return { keyFingerprint: undefined, key: 'none' };
  const inspected = inspectKeyCheckValue(summary.keyCheckValue, request.secretKey, request.previousKey);
  if (!request.secretKey) return { keyFingerprint: inspected.storedFingerprint, key: 'none' };
  if (inspected.opensWith === 'neither') {
    throw new BackupRefusal(
      `The configured secret key (fingerprint ${fingerprintOf(request.secretKey)}) cannot decrypt this backup: it was written with the key ` +
        `whose fingerprint is ${inspected.storedFingerprint}. Nothing was changed. Configure that key (LANGFLOW_SECRET_KEY, or the secret_key ` +
        'file in the config directory) and restore again.',
    );
  }
  return { keyFingerprint: inspected.storedFingerprint, key: inspected.opensWith === 'key' ? 'opens' : 'previous' };
}

/** Entries of the config directory other than key files and the database's own files. */
function occupants(configDir: string, databaseFile: string): string[] {
  if (!fs.existsSync(configDir)) return [];
  const own = new Set(sqliteFilesOf(path.resolve(databaseFile)));
  return fs.readdirSync(configDir).filter((name) => !KEY_FILES.has(name) && !own.has(path.resolve(configDir, name)));
}

/** What to run instead of `flowgate backup` on PostgreSQL, and why the key matters. */
export function backupAdviceForPostgres(databaseUrl: string, to: string, keyFingerprint: string | undefined): string {
  const url = describeDatabaseUrl(databaseUrl.replace(/^postgres(?:ql)?\+\w+:/, 'postgresql:'));
  return [
    'A PostgreSQL database is backed up with PostgreSQL\'s own tools, which copy it consistently while the servers run:',
    '',
    `  pg_dump --format=custom --file '${to}' '${url}'`,
    '',
    'and restored into a new, empty database (then start the servers on it) with:',
    '',
    `  pg_restore --no-owner --dbname '<the new database URL>' '${to}'`,
    '',
    '(the password is not shown here: give it through PGPASSWORD or ~/.pgpass). ' +
      `The dump holds every credential encrypted with the secret key${keyFingerprint ? ` (the configured key's fingerprint is ${keyFingerprint})` : ''}: ` +
      'it is useless without that key, and the key must not be stored with it. Keep LANGFLOW_SECRET_KEY in your secret store, apart from the dumps.',
  ].join('\n');
}
