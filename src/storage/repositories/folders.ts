// The `folder` table (Langflow's projects). Every query is scoped by the owner.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, FolderTable } from '../schema.js';

export type FolderRow = Selectable<FolderTable>;

export async function insertFolder(db: Kysely<Database>, row: Insertable<FolderTable>): Promise<void> {
  await db.insertInto('folder').values(row).execute();
}

export async function listFolders(db: Kysely<Database>, userId: string): Promise<FolderRow[]> {
  return db.selectFrom('folder').selectAll().where('user_id', '=', userId).orderBy('name').orderBy('id').execute();
}

export async function findFolder(db: Kysely<Database>, userId: string, id: string): Promise<FolderRow | undefined> {
  return db.selectFrom('folder').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}
