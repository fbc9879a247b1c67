// A Langflow database opened READ-ONLY, SQLite file or PostgreSQL URL, for `flowgate
// import-langflow`. Raw SQL with `?` placeholders (rewritten to $n for PostgreSQL), because the
// columns differ between Langflow versions: callers ask which columns a table has first.
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { maskUrlPassword } from '../../config/config-error.js';
import { isPostgresUrl, loadPg, sqlitePathFromUrl } from '../db.js';

export type SourceRow = Record<string, unknown>;

export interface LangflowSource {
  dialect: 'sqlite' | 'postgres';
  /** For messages; never contains a password. */
  description: string;
  tables(): Promise<Set<string>>;
  columns(table: string): Promise<Set<string>>;
  query(text: string, params?: unknown[]): Promise<SourceRow[]>;
  close(): Promise<void>;
}

/** A path or URL that cannot be opened as a Langflow database. The message says why. */
export class LangflowSourceError extends Error {
  override name = 'LangflowSourceError';
}

export async function openLangflowSource(from: string): Promise<LangflowSource> {
  if (isPostgresUrl(from)) return openPostgres(from);
  const file = sqlitePathFromUrl(from) ?? from;
  if (!fs.existsSync(file)) throw new LangflowSourceError(`No Langflow database at ${file}.`);
  return openSqlite(file);
}

function openSqlite(file: string): LangflowSource {
  let database: SqliteDatabase.Database;
  try {
    // readonly: the import never writes to Langflow's database, whatever happens.
    database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    database.pragma('query_only = ON');
    // better-sqlite3 opens any file; the first read tells whether it is a database.
    database.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    throw new LangflowSourceError(`Cannot open ${file} as a SQLite database: ${(error as Error).message}`);
  }
  return {
    dialect: 'sqlite',
    description: `SQLite ${file}`,
    async tables() {
      const rows = database.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
      return new Set(rows.map((r) => r.name));
    },
    async columns(table) {
      const rows = database.prepare(`pragma table_info(${quoteIdent(table)})`).all() as { name: string }[];
      return new Set(rows.map((r) => r.name));
    },
    async query(text, params = []) {
      return database.prepare(text).all(...(params as unknown[])) as SourceRow[];
    },
    async close() {
      database.close();
    },
  };
}

async function openPostgres(url: string): Promise<LangflowSource> {
  const connectionString = url.replace(/^postgres(?:ql)?\+\w+:/, 'postgresql:');
  // One connection, every transaction read-only: nothing here can change Langflow's data.
  const pg = loadPg();
  const client = new pg.Client({ connectionString, options: '-c default_transaction_read_only=on' });
  try {
    await client.connect();
  } catch (error) {
    throw new LangflowSourceError(`Cannot connect to ${maskUrlPassword(url)}: ${(error as Error).message}`);
  }
  const description = `PostgreSQL ${maskUrlPassword(url)}`;
  return {
    dialect: 'postgres',
    description,
    async tables() {
      const result = await client.query("select table_name from information_schema.tables where table_schema = current_schema()");
      return new Set(result.rows.map((r) => String(r.table_name)));
    },
    async columns(table) {
      const result = await client.query(
        'select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1',
        [table],
      );
      return new Set(result.rows.map((r) => String(r.column_name)));
    },
    async query(text, params = []) {
      let n = 0;
      const result = await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params as unknown[],
      );
      return result.rows as SourceRow[];
    },
    async close() {
      await client.end();
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
