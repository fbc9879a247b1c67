// Hot statements compiled once (issue 12). Kysely builds an operation tree for every query and
// every plugin copies it (sqlite-boolean-plugin.ts, write-watch-plugin.ts): on a POST /run that was
// a tenth of the CPU and much of the garbage. For the statements a run executes every time, the
// SQL text is compiled once per database and shape, from the same Kysely query the repository
// would build, and executed with new parameters in the same order. Plugins then see only the
// result: these statements must not touch the tables write-watch-plugin.ts watches, and booleans
// are bound as the plugin would (1/0 on SQLite).
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

const cache = new WeakMap<Kysely<Database>, Map<string, { sql: string; sqlite: boolean }>>();

/**
 * Executes the SQL of `build()` (compiled on first use under `key`) with `parameters`, which must
 * follow the order of the compiled query's own parameters.
 */
export function executeCompiledOnce<Row>(db: Kysely<Database>, key: string, build: () => Compilable, parameters: readonly unknown[]): Promise<QueryResult<Row>> {
  let byKey = cache.get(db);
  if (!byKey) cache.set(db, (byKey = new Map()));
  let entry = byKey.get(key);
  if (!entry) {
    const { sql } = build().compile();
    // PostgreSQL numbers its placeholders ($1); SQLite's are `?` and take no booleans.
    entry = { sql, sqlite: !sql.includes('$1') };
    byKey.set(key, entry);
  }
  const bound = entry.sqlite ? parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value)) : parameters;
  return db.executeQuery<Row>(CompiledQuery.raw(entry.sql, bound as unknown[]));
}
