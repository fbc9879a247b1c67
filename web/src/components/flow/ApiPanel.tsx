// Ready-to-copy code that runs this flow with an API key.
import { Link } from '../../router';
import { CopyButton } from '../CopyButton';

function snippets(origin: string, flowId: string) {
  const url = `${origin}/api/v1/run/${flowId}`;
  return [
    {
      id: 'curl',
      title: 'cURL',
      code: `curl -X POST "${url}" \\
  -H "Content-Type: application/json" \\
  -H "x-api-key: YOUR_API_KEY" \\
  -d '{"input_value": "Hello", "input_type": "chat", "output_type": "chat"}'`,
    },
    {
      id: 'js',
      title: 'JavaScript',
      note: 'npm install @datastax/langflow-client',
      code: `import { LangflowClient } from "@datastax/langflow-client";

const client = new LangflowClient({ baseUrl: "${origin}", apiKey: "YOUR_API_KEY" });
const response = await client.flow("${flowId}").run("Hello");
console.log(response.chatOutputText());`,
    },
    {
      id: 'python',
      title: 'Python',
      note: 'pip install requests',
      code: `import requests

url = "${url}"
headers = {"x-api-key": "YOUR_API_KEY"}
payload = {
    "input_value": "Hello",
    "input_type": "chat",
    "output_type": "chat",
}

response = requests.post(url, json=payload, headers=headers, timeout=120)
response.raise_for_status()
print(response.json())`,
    },
  ];
}

export function ApiPanel({ flowId }: { flowId: string }) {
  const origin = window.location.origin;
  return (
    <div className="api-panel">
      <p className="api-intro">
        Run this flow from your code. Replace <code>YOUR_API_KEY</code> with a key from <Link to="/settings/api-keys">Settings → API Keys</Link> (create one there if you have none).
      </p>
      <dl className="api-facts">
        <dt>Flow ID</dt>
        <dd>
          <code>{flowId}</code>
          <CopyButton text={flowId} what="flow ID" className="btn btn-xs btn-ghost" />
        </dd>
      </dl>
      {snippets(origin, flowId).map((snippet) => (
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
