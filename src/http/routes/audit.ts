// The audit trail for superusers (Flowgate's own route; Langflow has none).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { readAuditLog } from '../../services/audit/audit-log.js';
import type { AppDeps } from '../../services/deps.js';

const AuditQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  user_id: Type.Optional(Type.String({ format: 'uuid' })),
  event: Type.Optional(Type.String({ maxLength: 64 })),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const AuditEvent = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  event: Type.String(),
  actor_id: Nullable(Type.String()),
  actor_username: Nullable(Type.String()),
  target_id: Nullable(Type.String()),
  target_username: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

const AuditResponse = Type.Object({ total_count: Type.Integer(), events: Type.Array(AuditEvent) });

export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/audit', {
    config: { auth: 'superuser' },
    schema: { querystring: AuditQuery, response: { 200: AuditResponse } },
  }, async (request) => {
    const query = request.query as typeof AuditQuery.static;
    const userId = query.user_id?.toLowerCase().replace(/^urn:uuid:/, '');
    return readAuditLog(deps, { skip: query.skip, limit: query.limit, userId, event: query.event });
  });
}
