// What `flowgate import-langflow` needs from the target database: the ids and names already
// taken (to skip what was imported before and to find clashes), and batched inserts.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function takenUsers(db: Kysely<Database>): Promise<{ id: string; username: string }[]> {
  return db.selectFrom('user').select(['id', 'username']).execute();
}

export async function takenFolders(db: Kysely<Database>): Promise<{ id: string; user_id: string | null; name: string }[]> {
  return db.selectFrom('folder').select(['id', 'user_id', 'name']).execute();
}

export async function takenFlows(db: Kysely<Database>): Promise<{ id: string; user_id: string; name: string; endpoint_name: string | null }[]> {
  return db.selectFrom('flow').select(['id', 'user_id', 'name', 'endpoint_name']).execute();
}

export async function takenApiKeys(db: Kysely<Database>): Promise<{ id: string; user_id: string; api_key: string }[]> {
  return db.selectFrom('apikey').select(['id', 'user_id', 'api_key']).execute();
}

export async function takenVariables(db: Kysely<Database>): Promise<{ id: string; user_id: string; name: string }[]> {
  return db.selectFrom('variable').select(['id', 'user_id', 'name']).execute();
}

type Table = 'user' | 'folder' | 'flow' | 'apikey' | 'variable' | 'message';

/** Multi-row inserts of at most `batch` rows (SQLite allows 32766 parameters per statement). */
export async function insertRows<T extends Table>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[], batch = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as any)
      .execute();
  }
}

/** Ids of the messages already there; none when the table does not exist yet (a target the import will migrate). */
export async function takenMessageIds(db: Kysely<Database>): Promise<Set<string>> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === 'message')) return new Set();
  const rows = await db.selectFrom('message').select('id').execute();
  return new Set(rows.map((r) => r.id));
}
