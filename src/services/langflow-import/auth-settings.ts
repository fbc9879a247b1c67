// A Langflow project's MCP auth settings → Flowgate's (services/mcp reads {auth_type}). Flowgate
// knows `apikey` and `none`; Langflow's `oauth` (and anything unknown) becomes `apikey`, which
// asks more of a client, never less. Langflow's stored secrets (api_key, oauth_client_secret,
// Fernet tokens under its key) are not carried over: Flowgate's MCP server checks the user's own
// API keys, which are imported from the apikey table.
export interface ConvertedAuthSettings {
  /** JSON text for folder.auth_settings, or null (= apikey, the default). */
  value: string | null;
  /** Set when the project's MCP access became stricter than in Langflow. */
  note?: string;
}

export function convertAuthSettings(text: string | null): ConvertedAuthSettings {
  if (text === null || text.trim() === '' || text.trim() === 'null') return { value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { value: JSON.stringify({ auth_type: 'apikey' }), note: 'its MCP auth settings were not valid JSON; it now requires an API key' };
  }
  const type = typeof parsed === 'object' && parsed !== null ? (parsed as { auth_type?: unknown }).auth_type : undefined;
  if (type === 'none' || type === 'apikey') return { value: JSON.stringify({ auth_type: type }) };
  return {
    value: JSON.stringify({ auth_type: 'apikey' }),
    note: `its MCP auth type ${JSON.stringify(type ?? null)} is not supported by Flowgate; it now requires an API key`,
  };
}
