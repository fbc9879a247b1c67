// Every ciphertext the secret key protects, across all owners: variable values and users' Store
// API keys. Only for key maintenance (rotation, checks), never for serving a user's request.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface StoredVariableValue {
  id: string;
  name: string;
  type: string | null;
  value: string;
}

export interface StoredStoreApiKey {
  id: string;
  username: string;
  store_api_key: string;
}

/** Up to `limit` variables after `afterId`, in id order (keyset paging over the whole table). */
export async function pageVariableValues(db: Kysely<Database>, afterId: string, limit: number): Promise<StoredVariableValue[]> {
  return db
    .selectFrom('variable')
    .select(['id', 'name', 'type', 'value'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function pageStoreApiKeys(db: Kysely<Database>, afterId: string, limit: number): Promise<StoredStoreApiKey[]> {
  const rows = await db
    .selectFrom('user')
    .select(['id', 'username', 'store_api_key'])
    .where('store_api_key', 'is not', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, username: row.username, store_api_key: row.store_api_key! }));
}

/** Replaces the values of many variables in one statement (id → new stored value). */
export async function replaceVariableValues(db: Kysely<Database>, rows: { id: string; value: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((row) => sql`(${row.id}, ${row.value})`));
  await sql`with d(id, value) as (values ${values}) update variable set value = d.value from d where variable.id = d.id`.execute(db);
}

export async function replaceStoreApiKeys(db: Kysely<Database>, rows: { id: string; value: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((row) => sql`(${row.id}, ${row.value})`));
  await sql`with d(id, value) as (values ${values}) update "user" set store_api_key = d.value from d where "user".id = d.id`.execute(db);
}
