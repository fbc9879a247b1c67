// A project's MCP auth settings (folder.auth_settings, Langflow's AuthSettings). Flowgate
// knows `apikey` (the default, also for a project with none stored) and `none` (served
// without credentials, to loopback clients only); anything else is treated as `apikey`.
export type McpAuthType = 'apikey' | 'none';

export interface McpAuthSettings {
  auth_type: McpAuthType;
}

export function parseAuthSettings(text: string | null | undefined): McpAuthSettings {
  if (!text) return { auth_type: 'apikey' };
  try {
    const value = JSON.parse(text) as { auth_type?: unknown };
    return { auth_type: value?.auth_type === 'none' ? 'none' : 'apikey' };
  } catch {
    return { auth_type: 'apikey' };
  }
}
