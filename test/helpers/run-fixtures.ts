// Flows and API keys for the run/webhook/files tests. Flows are Langflow-format (built with the
// engine's own node builders) and created through the flows API; keys are inserted as the API
// would mint them (so a deactivated user can have one).
import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../../src/auth/api-key.js';
import { chatInputNode, chatOutputNode, edge, promptNode } from '../../src/engine/starters/langflow-nodes.js';
import { insertApiKey } from '../../src/storage/repositories/api-keys.js';
import { insertFlow } from '../../src/storage/repositories/flows.js';
import type { TestServer } from './server.js';

export const CHAT_INPUT_ID = 'ChatInput-aaaaa';
export const PROMPT_ID = 'Prompt-bbbbb';
export const CHAT_OUTPUT_ID = 'ChatOutput-ccccc';

/** Chat Input → Prompt(`template`, fed by {question}) → Chat Output. */
export function promptFlowData(template = 'You said: {question}', extraVariables: Record<string, string> = {}) {
  return {
    nodes: [
      chatInputNode(CHAT_INPUT_ID, { x: 0, y: 0 }),
      promptNode(PROMPT_ID, { x: 400, y: 0 }, template, { question: '', ...extraVariables }),
      chatOutputNode(CHAT_OUTPUT_ID, { x: 800, y: 0 }),
    ],
    edges: [
      edge({ id: CHAT_INPUT_ID, type: 'ChatInput', name: 'message' }, { id: PROMPT_ID, name: 'question' }),
      edge({ id: PROMPT_ID, type: 'Prompt', name: 'prompt' }, { id: CHAT_OUTPUT_ID, name: 'input_value', inputTypes: ['Data', 'DataFrame', 'Message'] }),
    ],
  };
}

/** The prompt flow whose `{persona}` is the global variable `variableName` (load_from_db). */
export function variableFlowData(variableName: string) {
  const data = promptFlowData('{persona} says: {question}', { persona: variableName });
  const prompt = data.nodes[1] as any;
  prompt.data.node.template.persona.load_from_db = true;
  return data;
}

/** Creates a flow through the flows API (POST /api/v1/flows/) as the key's owner; returns its id. */
export async function createFlowVia(
  server: TestServer,
  apiKey: string,
  data: unknown,
  options: { name?: string; endpointName?: string } = {},
): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/flows/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ name: options.name ?? `flow-${randomUUID().slice(0, 8)}`, data, endpoint_name: options.endpointName ?? null }),
  });
  if (response.status !== 201) throw new Error(`creating a flow failed: ${response.status} ${await response.text()}`);
  return (await response.json()).id;
}

/** Inserts a flow row directly: for owners the API would refuse (deactivated users). */
export async function insertFlowFor(
  server: TestServer,
  userId: string,
  data: unknown,
  options: { name?: string; endpointName?: string | null } = {},
): Promise<string> {
  const id = randomUUID();
  await insertFlow(server.deps.storage.db, {
    id,
    name: options.name ?? `flow-${id.slice(0, 8)}`,
    description: null,
    icon: null,
    icon_bg_color: null,
    gradient: null,
    data: JSON.stringify(data),
    is_component: false,
    updated_at: new Date().toISOString(),
    webhook: false,
    endpoint_name: options.endpointName ?? null,
    tags: '[]',
    locked: false,
    mcp_enabled: false,
    access_type: 'PRIVATE',
    user_id: userId,
    folder_id: null,
    extra: null,
    version: 1,
  });
  return id;
}

export async function createApiKeyFor(server: TestServer, userId: string): Promise<{ id: string; key: string }> {
  const { key, hash, prefix } = generateApiKey();
  const id = randomUUID();
  await insertApiKey(server.deps.storage.db, {
    id,
    name: 'test key',
    api_key: hash,
    key_prefix: prefix,
    created_at: new Date().toISOString(),
    last_used_at: null,
    total_uses: 0,
    is_active: true,
    user_id: userId,
  });
  return { id, key };
}

export async function apiKeyUses(server: TestServer, keyId: string): Promise<number> {
  // Uses are counted in memory and written once a second: write them now.
  await server.deps.apiKeyUsage.flush(server.deps.storage.db);
  const row = await server.deps.storage.db.selectFrom('apikey').select('total_uses').where('id', '=', keyId).executeTakeFirstOrThrow();
  return Number(row.total_uses);
}

/** Parses Langflow's raw event stream: JSON objects separated by blank lines. */
export function parseEventStream(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => JSON.parse(chunk));
}

/** Polls until `check` passes (for work a 202 left running in the background). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
