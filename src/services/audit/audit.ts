// The audit trail: security events appended to fg_audit_event. Callers pass reasons and field
// NAMES in `detail`, never values (no passwords, tokens, usernames typed at a login prompt).
import { randomUUID } from 'node:crypto';
import { insertAuditEvent } from '../../storage/repositories/audit-events.js';
import { type AppDeps, type AuditEventInput, nowIso } from '../deps.js';

export type { AuditEventInput } from '../deps.js';

export async function recordAudit(deps: AppDeps, input: AuditEventInput): Promise<void> {
  // The same event in the log (ids, reasons and field names only, as in the table).
  deps.log.info(`audit: ${input.event}`, {
    event: input.event,
    actorId: input.actorId ?? undefined,
    targetId: input.targetId ?? undefined,
    ip: input.ip ?? undefined,
    ...(input.detail ? { detail: input.detail } : {}),
  });
  await insertAuditEvent(deps.storage.db, {
    id: randomUUID(),
    created_at: nowIso(deps),
    event: input.event,
    actor_id: input.actorId ?? null,
    target_id: input.targetId ?? null,
    ip: input.ip ?? null,
    detail: input.detail && Object.keys(input.detail).length > 0 ? JSON.stringify(input.detail) : null,
  });
}
