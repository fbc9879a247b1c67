// The `fg_file` table: uploaded files' metadata. Every query is scoped by the owner; `path` is
// server-generated (relative to <CONFIG_DIR>/files) and `name` is only ever data, never a path.
import type { Kysely, Selectable } from 'kysely';
import type { Database, FileTable } from '../schema.js';
import { isUuid } from './flows.js';

export type FileRow = Selectable<FileTable>;

export async function insertFileRow(db: Kysely<Database>, row: FileRow): Promise<void> {
  await db.insertInto('fg_file').values(row).execute();
}

/** How many files the user has and their total size in bytes (quotas). */
export async function fileUsage(db: Kysely<Database>, userId: string): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('fg_file')
    .where('user_id', '=', userId)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('bytes')])
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), bytes: Number(row.bytes ?? 0) };
}

export async function listFileRows(db: Kysely<Database>, userId: string): Promise<FileRow[]> {
  return db.selectFrom('fg_file').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export async function listFileNames(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('fg_file').select('name').where('user_id', '=', userId).execute();
  return rows.map((r) => r.name);
}

export async function findFileRow(db: Kysely<Database>, userId: string, id: string): Promise<FileRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('fg_file').selectAll().where('user_id', '=', userId).where('id', '=', id.toLowerCase()).executeTakeFirst();
}

/** Deletes the user's file row; true when a row went. */
export async function deleteFileRow(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('fg_file').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The user's rows among `ids` (ids that are not the user's are simply absent). */
export async function findFileRows(db: Kysely<Database>, userId: string, ids: string[]): Promise<FileRow[]> {
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return [];
  return db.selectFrom('fg_file').selectAll().where('user_id', '=', userId).where('id', 'in', wanted).orderBy('created_at').orderBy('id').execute();
}

export async function renameFileRow(db: Kysely<Database>, userId: string, id: string, name: string): Promise<void> {
  await db.updateTable('fg_file').set({ name }).where('user_id', '=', userId).where('id', '=', id).execute();
}
