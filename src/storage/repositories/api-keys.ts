// The `apikey` table. Keys are stored as SHA-256 hashes (D8); lookups are by hash.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiKeyTable, Database } from '../schema.js';

export type ApiKeyRow = Selectable<ApiKeyTable>;

export async function findApiKeyByHash(db: Kysely<Database>, hash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('apikey').selectAll().where('api_key', '=', hash).executeTakeFirst();
}

export async function listApiKeys(db: Kysely<Database>, userId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom('apikey').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export async function insertApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await db.insertInto('apikey').values(row).execute();
}

/** Deletes the key only when it belongs to `userId`; returns whether a row went. */
export async function deleteApiKey(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('apikey').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Adds `count` uses atomically (several instances may add to one key) and moves last_used_at
 * forward only, never back to an older batch's time.
 */
export async function addApiKeyUses(db: Kysely<Database>, id: string, count: number, lastUsedAt: string): Promise<void> {
  await db
    .updateTable('apikey')
    .set({
      total_uses: sql`total_uses + ${count}`,
      last_used_at: sql`case when last_used_at is null or last_used_at < ${lastUsedAt} then ${lastUsedAt} else last_used_at end`,
    })
    .where('id', '=', id)
    .execute();
}

/** The Langflow Store key (already encrypted) lives on the user row. */
export async function saveStoreApiKey(db: Kysely<Database>, userId: string, ciphertext: string): Promise<void> {
  await db.updateTable('user').set({ store_api_key: ciphertext }).where('id', '=', userId).execute();
}
