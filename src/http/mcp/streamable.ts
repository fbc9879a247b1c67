// Streamable HTTP, stateless as Langflow serves it: every request carries its credentials,
// is authenticated by the route's guard and gets a fresh server and transport. No session
// lives in memory, so any instance can answer any request, and a revoked key, a deactivated
// user or an ended login session is refused on the very next message, on every instance.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import type { McpScope } from '../../services/mcp/tools.js';
import { principalOf } from '../guards.js';
import { createMcpServer } from './mcp-server.js';
import { baseUrlOf, hijackForMcp } from './hijack.js';

/** Loaded on the first MCP request, not at start. */
const loadStreamableTransport = async () => (await import('@modelcontextprotocol/sdk/server/streamableHttp.js')).StreamableHTTPServerTransport;

export async function handleStreamable(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, scope: McpScope): Promise<void> {
  if (request.method === 'GET') {
    // A stateless server has nothing to push: no standalone stream (the spec's answer is 405).
    return void reply
      .status(405)
      .header('Allow', 'POST, DELETE')
      .send({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this server is stateless, POST your messages' }, id: null });
  }
  const { user } = principalOf(request);
  const [server, StreamableHTTPServerTransport] = await Promise.all([createMcpServer(deps, user, scope, request.id, baseUrlOf(request)), loadStreamableTransport()]);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  hijackForMcp(request, reply);
  reply.raw.on('close', () => {
    void transport.close().catch(() => undefined);
    void server.close().catch(() => undefined);
  });
  await transport.handleRequest(request.raw, reply.raw, request.body);
}
