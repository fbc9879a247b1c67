// Langflow's log routes, which the official client (@datastax/langflow-client) calls. Langflow
// answers 501 "Log retrieval is disabled" unless LANGFLOW_LOG_RETRIEVER_BUFFER_SIZE turns on an
// in-memory log buffer. Flowgate keeps no such buffer (its log goes to standard output and
// LANGFLOW_LOG_FILE), so both routes always answer that 501 — and only to a superuser: logs hold
// every user's activity, so a regular user gets 403 and an anonymous caller 401 before that.
import type { FastifyInstance } from 'fastify';

const DISABLED = { detail: 'Log retrieval is disabled' };

export function registerLogRoutes(app: FastifyInstance): void {
  for (const url of ['/logs', '/logs-stream']) {
    app.get(url, { config: { auth: 'superuser' } }, async (_request, reply) => reply.status(501).send(DISABLED));
  }
}
