// A project's MCP settings (GET / PATCH /api/v1/mcp/project/{id}) and a key for a client.
import { api } from '../../api/client';

export type McpAuthType = 'apikey' | 'none';

export interface McpToolSettings {
  id: string;
  name: string;
  description: string | null;
  mcp_enabled: boolean;
  action_name: string;
  action_description: string;
}

export interface McpProjectSettings {
  tools: McpToolSettings[];
  auth_settings: { auth_type: McpAuthType };
}

export function getMcpSettings(projectId: string, signal?: AbortSignal): Promise<McpProjectSettings> {
  return api.get<McpProjectSettings>(`/mcp/project/${encodeURIComponent(projectId)}?mcp_enabled=false`, { signal });
}

export function saveMcpSettings(projectId: string, tools: McpToolSettings[], authType: McpAuthType): Promise<{ message: string }> {
  return api.patch(`/mcp/project/${encodeURIComponent(projectId)}`, {
    settings: tools.map(({ id, mcp_enabled, action_name, action_description }) => ({ id, mcp_enabled, action_name, action_description })),
    auth_settings: { auth_type: authType },
  });
}

export function createMcpKey(projectName: string): Promise<{ api_key: string }> {
  return api.post<{ api_key: string }>('/api_key/', { name: `MCP: ${projectName}`.slice(0, 100) });
}

/** The client configuration Claude Desktop and Cursor read (mcp-remote speaks Streamable HTTP). */
export function clientConfig(origin: string, projectId: string, projectName: string, authType: McpAuthType, apiKey: string | null): string {
  const url = `${origin}/api/v1/mcp/project/${projectId}/streamable`;
  const server = `lf-${projectName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 26) || 'project'}`;
  const args = ['-y', 'mcp-remote', url];
  if (authType === 'apikey') args.push('--header', `x-api-key: ${apiKey ?? 'YOUR_API_KEY'}`);
  return JSON.stringify({ mcpServers: { [server]: { command: 'npx', args } } }, null, 2);
}
