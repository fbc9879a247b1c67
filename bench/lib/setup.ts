// What a scenario needs on a running server, made through its public API as a client would:
// a session (access token), an API key, and the Chat Input → Prompt → Chat Output flow.
import { chatInputNode, chatOutputNode, edge, promptNode } from '../../src/engine/starters/langflow-nodes.js';
import { SUPERUSER, SUPERUSER_PASSWORD } from './processes.js';

export async function login(url: string, username = SUPERUSER, password = SUPERUSER_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function post(url: string, token: string, body: unknown): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A new API key of the token's user: its id and the key itself. */
export async function newApiKey(url: string, token: string): Promise<{ id: string; key: string }> {
  const created = await post(`${url}/api/v1/api_key/`, token, { name: 'bench' });
  return { id: created.id, key: created.api_key };
}

export async function createApiKey(url: string, token: string): Promise<string> {
  return (await newApiKey(url, token)).key;
}

export async function createPromptFlow(url: string, token: string): Promise<string> {
  const data = {
    nodes: [
      chatInputNode('ChatInput-aaaaa', { x: 0, y: 0 }),
      promptNode('Prompt-bbbbb', { x: 400, y: 0 }, 'You said: {question}', { question: '' }),
      chatOutputNode('ChatOutput-ccccc', { x: 800, y: 0 }),
    ],
    edges: [
      edge({ id: 'ChatInput-aaaaa', type: 'ChatInput', name: 'message' }, { id: 'Prompt-bbbbb', name: 'question' }),
      edge({ id: 'Prompt-bbbbb', type: 'Prompt', name: 'prompt' }, { id: 'ChatOutput-ccccc', name: 'input_value', inputTypes: ['Data', 'DataFrame', 'Message'] }),
    ],
  };
  return (await post(`${url}/api/v1/flows/`, token, { name: 'bench flow', data })).id;
}

/** Session, key and flow, checked once before any load: a benchmark of error answers is worthless. */
export async function prepare(url: string) {
  const token = await login(url);
  const apiKey = await createApiKey(url, token);
  const flowId = await createPromptFlow(url, token);
  const run = await fetch(`${url}/api/v1/run/${flowId}`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ input_value: 'hello', input_type: 'chat', output_type: 'chat' }),
  });
  if (run.status !== 200) throw new Error(`run: ${run.status} ${await run.text()}`);
  return { token, apiKey, flowId };
}
