// The `fg_session` table: server-side login sessions (SPEC §8).
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionTable } from '../schema.js';

export type SessionRow = Selectable<SessionTable>;

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('fg_session').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
  await db.insertInto('fg_session').values(row).execute();
}

/**
 * Moves a session from `fromGeneration` to the next one. Returns false when another request
 * already did (the refresh token was spent): the compare-and-set makes concurrent refreshes
 * with one token succeed exactly once.
 */
export async function advanceSessionGeneration(
  db: Kysely<Database>,
  id: string,
  fromGeneration: number,
  idleExpiresAt: string,
  rotatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('fg_session')
    .set({ generation: fromGeneration + 1, idle_expires_at: idleExpiresAt, rotated_at: rotatedAt })
    .where('id', '=', id)
    .where('generation', '=', fromGeneration)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeSession(db: Kysely<Database>, id: string, at: string, reason: string): Promise<void> {
  await db.updateTable('fg_session').set({ revoked_at: at, revoked_reason: reason }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Ends every live session of a user, except `keepSessionId` when given. */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  at: string,
  reason: string,
  keepSessionId?: string,
): Promise<void> {
  let query = db.updateTable('fg_session').set({ revoked_at: at, revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

/** Deletes sessions that ended (expired or revoked) before `endedBefore`: one user's, or all. */
export async function deleteEndedSessions(db: Kysely<Database>, endedBefore: string, userId?: string): Promise<number> {
  let query = db
    .deleteFrom('fg_session')
    .where((eb) =>
      eb.or([eb('absolute_expires_at', '<', endedBefore), eb('idle_expires_at', '<', endedBefore), eb('revoked_at', '<', endedBefore)]),
    );
  if (userId) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
