// Langflow's MCP servers: the global one (/api/v1/mcp/…) and one per project
// (/api/v1/mcp/project/{id}/…), each over Streamable HTTP and the legacy SSE transport, plus a
// project's MCP settings. Every server offers only the caller's flows (D26).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { NotFoundError } from '../../services/errors.js';
import { getMcpProjectSettings, updateMcpProjectSettings, type McpSettingsUpdate } from '../../services/mcp/project-settings.js';
import type { McpScope } from '../../services/mcp/tools.js';
import { findFolder } from '../../storage/repositories/folders.js';
import { principalOf } from '../guards.js';
import { SseSessions } from '../mcp/sse-sessions.js';
import { handleStreamable } from '../mcp/streamable.js';

const ProjectIdParams = Type.Object({ project_id: Type.String({ format: 'uuid' }) });
const NullableString = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

const McpSettingsBody = Type.Object({
  settings: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      mcp_enabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
      action_name: NullableString(200),
      action_description: NullableString(10_000),
      name: NullableString(10_000),
      description: NullableString(100_000),
    }),
    { maxItems: 10_000 },
  ),
  auth_settings: Type.Optional(Type.Union([Type.Object({ auth_type: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])) }), Type.Null()])),
});

const ToolSettings = Type.Object({
  id: Type.String(),
  action_name: Type.String(),
  action_description: Type.String(),
  mcp_enabled: Type.Boolean(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
});
const ProjectSettingsResponse = Type.Object({
  tools: Type.Array(ToolSettings),
  auth_settings: Type.Object({ auth_type: Type.String() }),
});

const STREAMABLE_METHODS = ['GET', 'POST', 'DELETE'] as const;

declare module 'fastify' {
  interface FastifyInstance {
    /** The MCP SSE sessions of this app; shutdown ends them (server.ts). */
    mcpSseSessions: SseSessions;
  }
}

export function registerMcpRoutes(app: FastifyInstance, deps: AppDeps): void {
  const sessions = new SseSessions(deps);
  app.decorate('mcpSseSessions', sessions);
  const global: McpScope = { kind: 'global' };
  const alive = async (_request: FastifyRequest, reply: FastifyReply) => reply.status(200).send();

  // Global server. HEAD answers "alive" to anyone, as Langflow's health probes.
  app.head('/api/v1/mcp/streamable', { config: { auth: 'public' } }, alive);
  app.route({
    method: [...STREAMABLE_METHODS],
    url: '/api/v1/mcp/streamable',
    exposeHeadRoute: false,
    config: { auth: 'mcp' },
    handler: (request, reply) => handleStreamable(deps, request, reply, global),
  });
  app.head('/api/v1/mcp/sse', { config: { auth: 'public' } }, alive);
  app.get('/api/v1/mcp/sse', { exposeHeadRoute: false, config: { auth: 'mcp' } }, (request, reply) =>
    sessions.open(request, reply, global, '/api/v1/mcp/'),
  );
  // The session id is the capability; the session's credentials are re-checked on each message
  // (sse-sessions.ts), and credentials on the POST itself must be the same user's.
  app.post('/api/v1/mcp/', { config: { auth: 'public' } }, (request, reply) => sessions.post(request, reply, global));

  // A project's server: only its mcp_enabled flows, only for its owner.
  const projectScope = async (request: FastifyRequest): Promise<McpScope> => {
    const { project_id: projectId } = request.params as typeof ProjectIdParams.static;
    if (request.principal) {
      const project = await findFolder(deps.storage.db, request.principal.user.id, projectId);
      if (!project) throw new NotFoundError('Project not found');
    }
    return { kind: 'project', projectId };
  };
  app.head('/api/v1/mcp/project/:project_id/streamable', { config: { auth: 'public' }, schema: { params: ProjectIdParams } }, alive);
  app.route({
    method: [...STREAMABLE_METHODS],
    url: '/api/v1/mcp/project/:project_id/streamable',
    exposeHeadRoute: false,
    config: { auth: 'mcp' },
    schema: { params: ProjectIdParams },
    handler: async (request, reply) => handleStreamable(deps, request, reply, await projectScope(request)),
  });
  app.head('/api/v1/mcp/project/:project_id/sse', { config: { auth: 'public' }, schema: { params: ProjectIdParams } }, alive);
  app.get('/api/v1/mcp/project/:project_id/sse', { exposeHeadRoute: false, config: { auth: 'mcp' }, schema: { params: ProjectIdParams } }, async (request, reply) => {
    const scope = await projectScope(request);
    const { project_id: projectId } = request.params as typeof ProjectIdParams.static;
    return sessions.open(request, reply, scope, `/api/v1/mcp/project/${projectId}/`);
  });
  app.post('/api/v1/mcp/project/:project_id', { config: { auth: 'public' }, schema: { params: ProjectIdParams } }, async (request, reply) =>
    sessions.post(request, reply, await projectScope(request)),
  );

  // The project's MCP settings, for its owner (the UI's "MCP Server" tab).
  app.get('/api/v1/mcp/project/:project_id', {
    config: { auth: 'user' },
    schema: { params: ProjectIdParams, querystring: Type.Object({ mcp_enabled: Type.Boolean({ default: true }) }), response: { 200: ProjectSettingsResponse } },
  }, async (request) => {
    const { project_id: projectId } = request.params as typeof ProjectIdParams.static;
    const { mcp_enabled: enabledOnly } = request.query as { mcp_enabled: boolean };
    return getMcpProjectSettings(deps, principalOf(request).user.id, projectId, enabledOnly);
  });
  app.patch('/api/v1/mcp/project/:project_id', {
    config: { auth: 'user' },
    schema: { params: ProjectIdParams, body: McpSettingsBody, response: { 200: Type.Object({ message: Type.String() }) } },
  }, async (request) => {
    const { project_id: projectId } = request.params as typeof ProjectIdParams.static;
    return updateMcpProjectSettings(deps, principalOf(request).user.id, projectId, request.body as McpSettingsUpdate, { ip: request.ip });
  });
}
