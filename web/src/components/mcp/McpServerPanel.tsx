// A project's "MCP Server" tab: which flows are tools (and under which names), how clients
// authenticate, and the configuration to paste into Claude Desktop or Cursor, with a button
// that creates a key for it (shown once, as on the API Keys page).
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useAsync } from '../../lib/useAsync';
import { Link } from '../../router';
import { Alert } from '../Alert';
import { CopyButton } from '../CopyButton';
import { Segmented } from '../Segmented';
import { useToast } from '../Toasts';
import { clientConfig, createMcpKey, getMcpSettings, saveMcpSettings, type McpAuthType, type McpToolSettings } from './api';

export function McpServerPanel({ projectId, projectName }: { projectId: string; projectName: string }) {
  const toast = useToast();
  const loaded = useAsync((signal) => getMcpSettings(projectId, signal), [projectId]);
  const [tools, setTools] = useState<McpToolSettings[]>([]);
  const [authType, setAuthType] = useState<McpAuthType>('apikey');
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [apiKey, setApiKey] = useState<string | null>(null);
  const [creatingKey, setCreatingKey] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    setTools(loaded.data.tools);
    setAuthType(loaded.data.auth_settings.auth_type);
    setDirty(false);
  }, [loaded.data]);

  const change = (id: string, patch: Partial<McpToolSettings>) => {
    setTools((current) => current.map((tool) => (tool.id === id ? { ...tool, ...patch } : tool)));
    setDirty(true);
  };

  const save = async () => {
    setSaving(true);
    try {
      await saveMcpSettings(projectId, tools, authType);
      toast.success('MCP settings saved.');
      loaded.reload();
    } catch (reason) {
      toast.error(errorMessage(reason));
    } finally {
      setSaving(false);
    }
  };

  const newKey = async () => {
    setCreatingKey(true);
    try {
      setApiKey((await createMcpKey(projectName)).api_key);
    } catch (reason) {
      toast.error(errorMessage(reason));
    } finally {
      setCreatingKey(false);
    }
  };

  if (loaded.error) {
    return (
      <Alert tone="error" title="Could not load the MCP settings" actions={<button type="button" className="btn btn-sm" onClick={loaded.reload}>Retry</button>}>
        {loaded.error.message}
      </Alert>
    );
  }

  const config = clientConfig(window.location.origin, projectId, projectName, authType, apiKey);
  const enabledCount = tools.filter((t) => t.mcp_enabled).length;

  return (
    <div className="mcp-panel">
      <section className="mcp-section" aria-labelledby="mcp-tools-title">
        <h2 id="mcp-tools-title" className="group-title">
          Flows served as tools <span className="count">{enabledCount}</span>
        </h2>
        {tools.length === 0 && !loaded.loading ? <p className="muted">No flows in this project yet.</p> : null}
        <ul className="mcp-tools">
          {tools.map((tool) => (
            <li key={tool.id} className="mcp-tool">
              <label className="mcp-toggle">
                <input type="checkbox" checked={tool.mcp_enabled} onChange={(e) => change(tool.id, { mcp_enabled: e.target.checked })} />
                <span className="strong">{tool.name}</span>
              </label>
              <label className="mcp-field">
                <span className="field-label">Tool name<span className="sr-only"> of {tool.name}</span></span>
                <input className="input" value={tool.action_name} maxLength={200} onChange={(e) => change(tool.id, { action_name: e.target.value })} />
              </label>
              <label className="mcp-field mcp-field-wide">
                <span className="field-label">Tool description<span className="sr-only"> of {tool.name}</span></span>
                <input className="input" value={tool.action_description} maxLength={10000} onChange={(e) => change(tool.id, { action_description: e.target.value })} />
              </label>
            </li>
          ))}
        </ul>
      </section>

      <section className="mcp-section" aria-labelledby="mcp-auth-title">
        <h2 id="mcp-auth-title" className="group-title">Authentication</h2>
        <Segmented
          label="MCP authentication"
          value={authType}
          onChange={(value) => {
            setAuthType(value);
            setDirty(true);
          }}
          options={[
            { value: 'apikey', label: 'API key' },
            { value: 'none', label: 'None (this machine only)' },
          ]}
        />
        {authType === 'none' ? (
          <Alert tone="warning" title="No authentication">
            Any program on this machine can list and run this project's enabled flows as you, without a key. Requests from other machines, through a proxy or from web
            pages are still refused.
          </Alert>
        ) : null}
      </section>

      <div className="mcp-actions">
        <button type="button" className="btn btn-primary" disabled={!dirty || saving} onClick={save}>
          {saving ? 'Saving…' : 'Save MCP settings'}
        </button>
        {dirty ? <span className="muted">Unsaved changes</span> : null}
      </div>

      <section className="snippet" aria-labelledby="mcp-config-title">
        <div className="snippet-head">
          <h2 id="mcp-config-title" className="snippet-title">
            Client configuration (Claude Desktop, Cursor)
          </h2>
          <CopyButton text={config} what="client configuration" />
        </div>
        <p className="muted">
          Paste into <code>claude_desktop_config.json</code> or <code>~/.cursor/mcp.json</code>. It uses the Streamable HTTP URL
          {authType === 'apikey' ? ' and an API key header' : ''}.
        </p>
        {authType === 'apikey' ? (
          <div className="mcp-key">
            <button type="button" className="btn btn-sm" disabled={creatingKey} onClick={newKey}>
              {creatingKey ? 'Creating…' : 'Create API key for this client'}
            </button>
            {apiKey ? (
              <span className="muted">The key is in the configuration below. It is shown only now: copy it before leaving this page.</span>
            ) : (
              <span className="muted">
                Or replace <code>YOUR_API_KEY</code> with a key from <Link to="/settings/api-keys">Settings → API Keys</Link>.
              </span>
            )}
          </div>
        ) : null}
        <pre className="code" tabIndex={0} aria-label="MCP client configuration">
          <code>{config}</code>
        </pre>
      </section>
    </div>
  );
}
