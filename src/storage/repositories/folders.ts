// The `folder` table (Langflow's projects). Every query is scoped by the owner.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
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

export async function findFolderByName(db: Kysely<Database>, userId: string, name: string): Promise<FolderRow | undefined> {
  return db.selectFrom('folder').selectAll().where('user_id', '=', userId).where('name', '=', name).orderBy('id').executeTakeFirst();
}

/** Names of the user's folders that start with `base` (for numbering clashes). */
export async function folderNamesLike(db: Kysely<Database>, userId: string, base: string): Promise<string[]> {
  const pattern = `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('folder')
    .select('name')
    .where('user_id', '=', userId)
    .where(sql<boolean>`name like ${pattern} escape '\\'`)
    .execute();
  return rows.map((r) => r.name);
}

export type FolderChanges = Partial<Pick<FolderTable, 'name' | 'description' | 'parent_id'>>;

/** Updates the folder only when it belongs to `userId`; returns whether a row changed. */
export async function updateFolder(db: Kysely<Database>, userId: string, id: string, changes: FolderChanges): Promise<boolean> {
  const result = await db.updateTable('folder').set(changes).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes the folder only when it belongs to `userId` (its flows and sub-folders go by cascade). */
export async function deleteFolder(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('folder').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Sets the project's MCP auth settings (JSON text), only when it belongs to `userId`. */
export async function updateFolderAuthSettings(db: Kysely<Database>, userId: string, id: string, authSettings: string | null): Promise<boolean> {
  const result = await db.updateTable('folder').set({ auth_settings: authSettings }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Owner and MCP auth settings of a project, whoever owns it. Only for the MCP guard deciding
 * whether an anonymous loopback client may use a project whose owner chose `auth_type: none`;
 * it returns no user data.
 */
export async function findFolderMcpAccess(db: Kysely<Database>, id: string): Promise<{ user_id: string | null; auth_settings: string | null } | undefined> {
  return db.selectFrom('folder').select(['user_id', 'auth_settings']).where('id', '=', id).executeTakeFirst();
}
