// The `variable` table (Langflow's global variables). Every query is scoped by the owner; the
// `value` column always holds what is stored (Fernet ciphertext), never a decrypted value.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, VariableTable } from '../schema.js';

export type VariableRow = Selectable<VariableTable>;

export async function listVariableRows(db: Kysely<Database>, userId: string): Promise<VariableRow[]> {
  return db.selectFrom('variable').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export async function findVariableRow(db: Kysely<Database>, userId: string, id: string): Promise<VariableRow | undefined> {
  return db.selectFrom('variable').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function findVariableRowByName(db: Kysely<Database>, userId: string, name: string): Promise<VariableRow | undefined> {
  return db.selectFrom('variable').selectAll().where('user_id', '=', userId).where('name', '=', name).executeTakeFirst();
}

/** The rows of `names` the user has, for resolving a run's variables in one query. */
export async function findVariableRowsByNames(db: Kysely<Database>, userId: string, names: string[]): Promise<VariableRow[]> {
  if (names.length === 0) return [];
  return db.selectFrom('variable').selectAll().where('user_id', '=', userId).where('name', 'in', names).execute();
}

export async function insertVariableRow(db: Kysely<Database>, row: Insertable<VariableTable>): Promise<void> {
  await db.insertInto('variable').values(row).execute();
}

/** Inserts unless the user already has a variable of that name; true when the row went in. */
export async function insertVariableRowIfAbsent(db: Kysely<Database>, row: Insertable<VariableTable>): Promise<boolean> {
  const result = await db
    .insertInto('variable')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export type VariableChanges = Omit<Updateable<VariableTable>, 'id' | 'user_id' | 'created_at'>;

/** Updates the user's variable `id`; the id and owner are never among the changes. True when a row changed. */
export async function updateVariableRow(db: Kysely<Database>, userId: string, id: string, changes: VariableChanges): Promise<boolean> {
  const result = await db.updateTable('variable').set(changes).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Replaces the value of the user's variable `name` only while it is still the copy taken from
 * the environment (`from_env`), so a value the user set is never overwritten.
 */
export async function updateEnvironmentCopy(
  db: Kysely<Database>,
  userId: string,
  name: string,
  changes: { value: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('variable')
    .set(changes)
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .where('from_env', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteVariableRow(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('variable').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
