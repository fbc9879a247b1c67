// One MCP server (the SDK's low-level Server) for one authenticated user and one scope. The
// transports create one per request (Streamable HTTP, stateless) or per session (SSE); the user
// is fixed for its lifetime, and the transports re-check the credentials on every message.
// The SDK is loaded on the first MCP request, not at start (it costs ~90 ms and its memory).
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AppDeps } from '../../services/deps.js';
import { listMcpResources, readMcpResource, UnknownResourceError } from '../../services/mcp/resources.js';
import { callMcpTool, listMcpTools, UnknownToolError, type McpScope } from '../../services/mcp/tools.js';
import type { RequestHeaders } from '../../services/variables/variable-resolver.js';
import type { UserRecord } from '../../storage/repositories/users.js';
import { FLOWGATE_VERSION } from '../../version.js';

const loadMcpServerSdk = async () => {
  const [server, types] = await Promise.all([import('@modelcontextprotocol/sdk/server/index.js'), import('@modelcontextprotocol/sdk/types.js')]);
  return { ...types, Server: server.Server };
};

export async function createMcpServer(
  deps: AppDeps,
  user: UserRecord,
  scope: McpScope,
  requestId: string,
  /** `http(s)://host` as the client reached this server: resource URIs are download URLs. */
  baseUrl: string,
): Promise<Server> {
  const { Server, CallToolRequestSchema, ErrorCode, ListPromptsRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema } =
    await loadMcpServerSdk();
  const name = scope.kind === 'global' ? 'langflow-mcp-server' : `langflow-mcp-project-${scope.projectId}`;
  const server = new Server(
    { name, version: FLOWGATE_VERSION },
    { capabilities: { tools: { listChanged: false }, prompts: { listChanged: false }, resources: { listChanged: false } } },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const tools = await listMcpTools(deps, user, scope);
    return { tools: tools.map(({ name: toolName, description, inputSchema }) => ({ name: toolName, description, inputSchema })) };
  });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => callTool(request.params.name, request.params.arguments, extra));
  const callTool = async (toolName: string, args: Record<string, unknown> | undefined, extra: { requestInfo?: { headers: Record<string, unknown> }; signal: AbortSignal }) => {
    try {
      const result = await callMcpTool(deps, user, scope, toolName, args, {
        headers: (extra.requestInfo?.headers ?? {}) as RequestHeaders,
        signal: extra.signal,
      });
      return { content: result.texts.map((text) => ({ type: 'text' as const, text })), isError: result.isError };
    } catch (error) {
      if (error instanceof UnknownToolError) throw new McpError(ErrorCode.InvalidParams, error.message);
      // Never a stack trace or an internal message to the client (D19): the log has them.
      deps.log.error(error, `MCP tool call failed (request ${requestId})`);
      throw new McpError(ErrorCode.InternalError, `Internal error (request id ${requestId})`);
    }
  };
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: [] }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await listMcpResources(deps, user, scope, baseUrl) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    try {
      const { mimeType, blob } = await readMcpResource(deps, user, scope, request.params.uri);
      return { contents: [{ uri: request.params.uri, mimeType, blob }] };
    } catch (error) {
      if (error instanceof UnknownResourceError) throw new McpError(ErrorCode.InvalidParams, error.message);
      deps.log.error(error, `MCP resource read failed (request ${requestId})`);
      throw new McpError(ErrorCode.InternalError, `Internal error (request id ${requestId})`);
    }
  });
  return server;
}
