// GET /audit (superuser): the audit trail, newest first, with the usernames of actor and target
// (null once a user is deleted: the events keep plain ids so history outlives the accounts).
import { listAuditEvents } from '../../storage/repositories/audit-events.js';
import { findUsernames } from '../../storage/repositories/users.js';
import type { AppDeps } from '../deps.js';

export interface AuditLogQuery {
  skip: number;
  limit: number;
  userId?: string;
  event?: string;
}

export interface AuditLogEntry {
  id: string;
  created_at: string;
  event: string;
  actor_id: string | null;
  actor_username: string | null;
  target_id: string | null;
  target_username: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

export async function readAuditLog(deps: AppDeps, query: AuditLogQuery): Promise<{ total_count: number; events: AuditLogEntry[] }> {
  const { total, rows } = await listAuditEvents(deps.storage.db, query);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.actor_id) ids.add(row.actor_id);
    if (row.target_id) ids.add(row.target_id);
  }
  const names = await findUsernames(deps.storage.db, [...ids]);
  const nameOf = (id: string | null) => (id ? names.get(id) ?? null : null);
  return {
    total_count: total,
    events: rows.map((row) => ({
      id: row.id,
      created_at: row.created_at,
      event: row.event,
      actor_id: row.actor_id,
      actor_username: nameOf(row.actor_id),
      target_id: row.target_id,
      target_username: nameOf(row.target_id),
      ip: row.ip,
      detail: parseDetail(row.detail),
    })),
  };
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
