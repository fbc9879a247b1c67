// SQLite files for `flowgate backup` and `restore`: an online copy (SQLite's backup API, so a
// running server may keep writing) and a read-only look inside a file that claims to be a
// Flowgate database. Nothing here decides what is acceptable; services/backups.ts does.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';

/** The tables every Flowgate database has, whatever its migration level. */
const FLOWGATE_TABLES = ['fg_migration', 'fg_meta', 'user', 'flow', 'folder', 'variable'];

export interface SqliteSummary {
  /** Empty when the file is a Flowgate database; else what is wrong, one phrase each. */
  problems: string[];
  users: number;
  flows: number;
  variables: number;
  /** The stored key check value (fg_meta 'key_check'), as stored. */
  keyCheckValue: string | undefined;
}

/**
 * Copies the database at `source` to `destination` (which must not exist) through SQLite's online
 * backup API: a consistent snapshot even while other connections write. The copy is written
 * under a temporary name, owner-only, and renamed into place once complete, so an interrupted
 * copy never leaves a file under the destination's name.
 */
export async function copySqliteDatabase(source: string, destination: string): Promise<void> {
  const partial = path.join(path.dirname(path.resolve(destination)), `.${path.basename(destination)}.partial-${randomBytes(6).toString('hex')}`);
  const database = new SqliteDatabase(source, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    fs.writeFileSync(partial, '', { mode: 0o600, flag: 'wx' });
    await database.backup(partial);
    // A backup is one self-contained file: no -wal beside it.
    const copy = new SqliteDatabase(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.chmodSync(partial, 0o600);
    // link, not rename: fails if the destination appeared meanwhile (never overwrite).
    fs.linkSync(partial, destination);
  } finally {
    database.close();
    fs.rmSync(partial, { force: true });
  }
}

/** Reads what a file holds without changing it; `problems` says why it is not a Flowgate database. */
export function summarizeSqliteFile(file: string): SqliteSummary {
  const empty: SqliteSummary = { problems: [], users: 0, flows: 0, variables: 0, keyCheckValue: undefined };
  let database: SqliteDatabase.Database;
  try {
    database = new SqliteDatabase(file, { fileMustExist: true, readonly: true });
    database.pragma('schema_version'); // fails on a file that is not SQLite
  } catch (error) {
    return { ...empty, problems: [`it is not an SQLite database (${(error as Error).message})`] };
  }
  try {
    const check = database.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ...empty, problems: [`SQLite's quick_check reports damage: ${String(check)}`] };
    const tables = new Set((database.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]));
    const missing = FLOWGATE_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return { ...empty, problems: [`it has no Flowgate table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] };
    const count = (table: string) => database.prepare(`select count(*) from "${table}"`).pluck().get() as number;
    const keyCheckValue = database.prepare("select value from fg_meta where key = 'key_check'").pluck().get() as string | undefined;
    return { problems: [], users: count('user'), flows: count('flow'), variables: count('variable'), keyCheckValue };
  } catch (error) {
    return { ...empty, problems: [`it cannot be read (${(error as Error).message})`] };
  } finally {
    database.close();
  }
}

/** The files SQLite keeps for one database: the file itself, its WAL and its shared-memory index. */
export function sqliteFilesOf(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}
