// Ready-to-copy code that runs this flow with an API key: tweaks chosen from the flow's own
// fields go into the snippets, and a key can be created for them (shown here once).
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FlowData } from '../../api/types';
import { editableFields, isNoteNode, nodeTitle } from '../../lib/flowData';
import { Link } from '../../router';
import { CopyButton } from '../CopyButton';

type Tweaks = Record<string, Record<string, unknown>>;

/** A JSON value written as a Python literal (True/False/None outside strings). */
function pythonLiteral(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => inner + pythonLiteral(v, inner)).join(',\n')},\n${indent}]` : '[]';
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length ? `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)}`).join(',\n')},\n${indent}}` : '{}';
}

function snippets(origin: string, flowId: string, apiKey: string, tweaks: Tweaks) {
  const url = `${origin}/api/v1/run/${flowId}`;
  const hasTweaks = Object.keys(tweaks).length > 0;
  const payload = { input_value: 'Hello', input_type: 'chat', output_type: 'chat', ...(hasTweaks ? { tweaks } : {}) };
  const json = JSON.stringify(payload);
  const pythonPayload = pythonLiteral(payload, '');
  return [
    {
      id: 'curl',
      title: 'cURL',
      code: `curl -X POST "${url}" \\
  -H "Content-Type: application/json" \\
  -H "x-api-key: ${apiKey}" \\
  -d '${json.replace(/'/g, "'\\''")}'`,
    },
    {
      id: 'js',
      title: 'JavaScript',
      note: 'npm install @datastax/langflow-client',
      code: `import { LangflowClient } from "@datastax/langflow-client";

const client = new LangflowClient({ baseUrl: "${origin}", apiKey: "${apiKey}" });
const response = await client.flow("${flowId}").run("Hello"${hasTweaks ? `, { tweaks: ${JSON.stringify(tweaks)} }` : ''});
console.log(response.chatOutputText());`,
    },
    {
      id: 'python',
      title: 'Python',
      note: 'pip install requests',
      code: `import requests

url = "${url}"
headers = {"x-api-key": "${apiKey}"}
payload = ${pythonPayload}

response = requests.post(url, json=payload, headers=headers, timeout=120)
response.raise_for_status()
print(response.json())`,
    },
  ];
}

/** Tweaks for the flow's editable, non-secret fields: tick a field to send its value. */
function TweaksEditor({ data, tweaks, onChange }: { data: FlowData; tweaks: Tweaks; onChange: (tweaks: Tweaks) => void }) {
  const set = (nodeId: string, field: string, value: unknown, on: boolean) => {
    const next: Tweaks = structuredClone(tweaks);
    if (on) next[nodeId] = { ...(next[nodeId] ?? {}), [field]: value };
    else {
      delete next[nodeId]?.[field];
      if (next[nodeId] && Object.keys(next[nodeId]).length === 0) delete next[nodeId];
    }
    onChange(next);
  };
  const nodes = data.nodes.filter((n) => !isNoteNode(n));
  return (
    <details className="tweaks">
      <summary>Tweaks</summary>
      <p className="muted small">Values sent with the request override the flow's own, for that run only.</p>
      {nodes.map((node) => {
        const fields = editableFields(node).filter((f) => f.kind !== 'secret' && f.kind !== 'model' && !f.fromVariable);
        if (fields.length === 0) return null;
        return (
          <fieldset key={node.id} className="tweaks-node">
            <legend>
              {nodeTitle(node)} <code className="small">{node.id}</code>
            </legend>
            {fields.map((field) => {
              const on = tweaks[node.id] !== undefined && field.key in tweaks[node.id]!;
              const value = on ? tweaks[node.id]![field.key] : field.value;
              return (
                <div key={field.key} className="tweak">
                  <label className="check-label">
                    <input type="checkbox" className="checkbox" checked={on} onChange={(e) => set(node.id, field.key, field.value ?? '', e.target.checked)} />
                    Tweak {field.label}
                    <span className="sr-only"> of {node.id}</span>
                  </label>
                  {on && field.kind !== 'bool' ? (
                    <input
                      className="input"
                      aria-label={`${field.label} of ${node.id}`}
                      value={String(value ?? '')}
                      onChange={(e) => set(node.id, field.key, field.kind === 'int' || field.kind === 'float' ? Number(e.target.value) : e.target.value, true)}
                    />
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </details>
  );
}

export function ApiPanel({ flowId, data }: { flowId: string; data: FlowData }) {
  const origin = window.location.origin;
  const [tweaks, setTweaks] = useState<Tweaks>({});
  const [apiKey, setApiKey] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const createKey = async () => {
    setKeyError(null);
    try {
      const created = await api.post<{ api_key: string }>('/api_key/', { name: `API panel ${new Date().toISOString().slice(0, 10)}` });
      setApiKey(created.api_key);
    } catch (reason) {
      setKeyError(errorMessage(reason));
    }
  };
  return (
    <div className="api-panel">
      <p className="api-intro">
        Run this flow from your code.{' '}
        {apiKey ? (
          <>The snippets below hold a new key: copy it now, it is not shown again.</>
        ) : (
          <>
            Replace <code>YOUR_API_KEY</code> with a key from <Link to="/settings/api-keys">Settings → API Keys</Link>, or create one for these snippets.
          </>
        )}
      </p>
      {apiKey ? null : (
        <button type="button" className="btn btn-sm" onClick={() => void createKey()}>
          Create an API key for these snippets
        </button>
      )}
      {keyError ? <p className="field-error" role="alert">{keyError}</p> : null}
      <TweaksEditor data={data} tweaks={tweaks} onChange={setTweaks} />
      <dl className="api-facts">
        <dt>Flow ID</dt>
        <dd>
          <code>{flowId}</code>
          <CopyButton text={flowId} what="flow ID" className="btn btn-xs btn-ghost" />
        </dd>
      </dl>
      {snippets(origin, flowId, apiKey ?? 'YOUR_API_KEY', tweaks).map((snippet) => (
        <section key={snippet.id} className="snippet" aria-labelledby={`snippet-${snippet.id}`}>
          <div className="snippet-head">
            <h3 id={`snippet-${snippet.id}`} className="snippet-title">
              {snippet.title}
            </h3>
            {snippet.note ? <code className="snippet-note">{snippet.note}</code> : null}
            <CopyButton text={snippet.code} what={`${snippet.title} snippet`} />
          </div>
          <pre className="code" tabIndex={0}>
            <code>{snippet.code}</code>
          </pre>
        </section>
      ))}
    </div>
  );
}
