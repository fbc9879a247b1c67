// Langflow's list of the MCP servers a user has configured for its MCP Tools component
// (/api/v2/mcp/servers), which its editor and settings ask for. Flowgate connects to no outside
// MCP server, so the list is empty rather than a 404.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../services/deps.js';

const ServersQuery = Type.Object({ action_count: Type.Optional(Type.Boolean()) });
const ServerInfo = Type.Object({
  name: Type.String(),
  mode: Type.Union([Type.String(), Type.Null()]),
  toolsCount: Type.Union([Type.Integer(), Type.Null()]),
});

export function registerMcpServerListRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/api/v2/mcp/servers', {
    config: { auth: 'user' },
    schema: { querystring: ServersQuery, response: { 200: Type.Array(ServerInfo) } },
  }, async () => []);
}
