// Langflow's monitor routes for a flow's past builds and its transaction log, which its editor
// asks for each time a flow opens. Flowgate records neither, so both answer empty in Langflow's
// shapes instead of 404 (the editor then shows no earlier build, as on a fresh Langflow).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../services/deps.js';

const FlowIdQuery = Type.Object({ flow_id: Type.String({ format: 'uuid' }) });
const TransactionsQuery = Type.Object({
  flow_id: Type.String({ format: 'uuid' }),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

const VertexBuildMap = Type.Object({ vertex_builds: Type.Record(Type.String(), Type.Array(Type.Unknown())) });
const TransactionsPage = Type.Object({
  items: Type.Array(Type.Unknown()),
  total: Type.Integer(),
  page: Type.Integer(),
  size: Type.Integer(),
  pages: Type.Integer(),
});

export function registerBuildHistoryRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/api/v1/monitor/builds', {
    config: { auth: 'user' },
    schema: { querystring: FlowIdQuery, response: { 200: VertexBuildMap } },
  }, async () => ({ vertex_builds: {} }));

  app.delete('/api/v1/monitor/builds', { config: { auth: 'user' }, schema: { querystring: FlowIdQuery } }, async (_request, reply) =>
    reply.status(204).send(),
  );

  app.get('/api/v1/monitor/transactions', {
    config: { auth: 'user' },
    schema: { querystring: TransactionsQuery, response: { 200: TransactionsPage } },
  }, async (request) => {
    const { page = 1, size = 50 } = request.query as typeof TransactionsQuery.static;
    return { items: [], total: 0, page, size, pages: 0 };
  });
}
