// The `fg_audit_event` table: an append-only record of security events. Detail is JSON text
// holding reasons and field names, never values.
import type { Kysely, Selectable } from 'kysely';
import type { AuditEventTable, Database } from '../schema.js';

export type AuditEventRow = Selectable<AuditEventTable>;

export async function insertAuditEvent(db: Kysely<Database>, row: AuditEventRow): Promise<void> {
  await db.insertInto('fg_audit_event').values(row).execute();
}

export interface AuditEventQuery {
  skip: number;
  limit: number;
  /** Events where this user is the actor or the target. */
  userId?: string;
  event?: string;
}

/** Newest first, with the number of all matching events. */
export async function listAuditEvents(
  db: Kysely<Database>,
  query: AuditEventQuery,
): Promise<{ total: number; rows: AuditEventRow[] }> {
  let base = db.selectFrom('fg_audit_event');
  if (query.userId) {
    const userId = query.userId;
    base = base.where((eb) => eb.or([eb('actor_id', '=', userId), eb('target_id', '=', userId)]));
  }
  if (query.event) base = base.where('event', '=', query.event);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(query.skip)
    .limit(query.limit)
    .execute();
  return { total: Number(count.n), rows };
}
