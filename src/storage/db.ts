// Opens SQLite (better-sqlite3, WAL) or PostgreSQL (pg) behind one Kysely instance.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type PgModule from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';
import { maskUrlPassword } from '../config/config-error.js';
import { PgChangeFeed } from './pg-change-feed.js';
import { discardingBrokenClients } from './pg-pool.js';
import type { Database } from './schema.js';
import { SqliteBooleanPlugin } from './sqlite-boolean-plugin.js';
import { cachingStatements } from './statement-cache.js';
import { WriteWatchPlugin, type WriteListener } from './write-watch-plugin.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Human-readable location for start-up messages; never contains a password. */
  description: string;
  /**
   * Calls `listener` after each statement of this process that changed rows of user, apikey or
   * fg_session (API-key usage counts aside). Returns the unsubscribe function.
   */
  watchAuthWrites(listener: WriteListener): () => void;
  /**
   * A number that changes when another process or instance may have changed those tables
   * (SQLite: PRAGMA data_version; PostgreSQL: notifications of the 0005 triggers); null while
   * that cannot be known (the PostgreSQL listening connection is down).
   */
  externalChangeVersion(): number | null;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** PostgreSQL: the longest wait for a connection or for a query's answer (unset = no limit). */
  timeoutMs?: number;
}

// Timestamps come back as ISO strings on both databases (SQLite stores the string itself).
const toIso = (value: string) => new Date(value).toISOString();

/** The PostgreSQL driver, loaded only when a PostgreSQL database is opened (memory on SQLite). */
export function loadPg(): typeof PgModule {
  const pg = createRequire(import.meta.url)('pg') as typeof PgModule;
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, toIso);
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value: string) => toIso(`${value}Z`));
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  return pg;
}

export function sqlitePathFromUrl(url: string): string | undefined {
  const match = /^sqlite(?:\+\w+)?:\/\/\/(.*)$/.exec(url);
  return match ? match[1] : undefined;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?(?:\+\w+)?:\/\//.test(url);
}

/** The URL with its password hidden, for messages. */
export function describeDatabaseUrl(url: string): string {
  return maskUrlPassword(url);
}

export function openStorage(url: string, options: StorageOptions = {}): Storage {
  const sqlitePath = sqlitePathFromUrl(url);
  if (sqlitePath !== undefined) return openSqlite(sqlitePath);
  if (isPostgresUrl(url)) return openPostgres(url, options);
  throw new Error(`Unsupported database URL: ${describeDatabaseUrl(url)}`);
}

function openSqlite(file: string): Storage {
  // The folder holds password hashes and ciphertexts: only its owner may enter it.
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // Several processes may share the file (CLI beside a running server): wait, don't fail.
  database.pragma('busy_timeout = 5000');
  const listeners = new Set<WriteListener>();
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: cachingStatements(database) }),
    plugins: [new SqliteBooleanPlugin(), new WriteWatchPlugin(listeners)],
  });
  // Moves when another connection (the CLI, another server on the same file) commits; ~1 µs.
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  return {
    db,
    dialect: 'sqlite',
    description: `SQLite ${path.resolve(file)}`,
    watchAuthWrites: (listener) => subscribe(listeners, listener),
    externalChangeVersion: () => (database.open ? (dataVersion.get() as number) : null),
    close: () => db.destroy(),
  };
}

// A transaction takes the write lock when it begins (BEGIN IMMEDIATE), not at its first write:
// a deferred transaction that read before another process wrote cannot upgrade and fails with
// SQLITE_BUSY_SNAPSHOT, which busy_timeout does not wait out. With it, several processes on one
// file (servers, the CLI) wait their turn: 200 flow creations across two servers failed 25 times
// with plain BEGIN, never with BEGIN IMMEDIATE (test/reliability/sqlite-two-servers.test.ts).
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

function subscribe(listeners: Set<WriteListener>, listener: WriteListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function openPostgres(url: string, options: StorageOptions): Storage {
  const connectionString = url.replace(/^postgres(?:ql)?\+\w+:/, 'postgresql:');
  const pg = loadPg();
  // Bounded waits: while the database is away a request answers 503 after timeoutMs instead of
  // hanging; TCP keep-alive notices a peer that vanished without a word (a failover, a cable).
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    keepAlive: true,
    ...(options.timeoutMs ? { connectionTimeoutMillis: options.timeoutMs, query_timeout: options.timeoutMs } : {}),
  });
  // An idle client whose backend goes away (a restart, a failover, DROP DATABASE … FORCE) emits
  // 'error' on the pool; unheard, Node turns it into a crash. The next query opens a new client.
  pool.on('error', (error) => {
    process.stderr.write(`PostgreSQL: an idle connection was lost (${(error as { code?: string }).code ?? error.message}); it will be replaced.\n`);
  });
  const listeners = new Set<WriteListener>();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: discardingBrokenClients(pool) }), plugins: [new WriteWatchPlugin(listeners)] });
  // Started on first use: short-lived processes (the CLI) never open the extra connection.
  const feed = new PgChangeFeed(() => new pg.Client({ connectionString, keepAlive: true }));
  return {
    db,
    dialect: 'postgres',
    description: `PostgreSQL ${describeDatabaseUrl(url)}`,
    watchAuthWrites: (listener) => subscribe(listeners, listener),
    externalChangeVersion: () => {
      feed.start();
      return feed.version();
    },
    close: async () => {
      await feed.close();
      await db.destroy();
    },
  };
}
