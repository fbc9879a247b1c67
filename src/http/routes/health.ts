// Public liveness and version routes, as Langflow names them.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../services/deps.js';
import { FLOWGATE_VERSION, LANGFLOW_COMPAT_VERSION } from '../../version.js';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/health', { config: { auth: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/health_check', { config: { auth: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.storage.db);
      return { status: 'ok', chat: 'ok', db: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'nok', chat: 'ok', db: 'error' });
    }
  });

  app.get('/api/v1/version', { config: { auth: 'public' } }, async () => ({
    version: LANGFLOW_COMPAT_VERSION,
    main_version: LANGFLOW_COMPAT_VERSION,
    package: 'Flowgate',
    flowgate_version: FLOWGATE_VERSION,
  }));
}
