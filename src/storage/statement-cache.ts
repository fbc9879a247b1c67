// Kysely's SQLite driver prepares every statement anew (a fifth of a simple read's time). This
// wraps the better-sqlite3 handle so each distinct SQL text is prepared once and reused. Reuse is
// safe: the driver runs one statement at a time on its single connection, and `all`/`run` finish
// synchronously. Bounded, least recently used out, since `in (?, ?, …)` lists make new texts.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export const STATEMENT_CACHE_SIZE = 200;

export function cachingStatements(database: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        // Most recently used goes last; the first entry is the one to drop.
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
  };
}
