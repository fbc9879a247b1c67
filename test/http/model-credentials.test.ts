// A flow cannot carry the user's stored provider key to an address it names itself (D24): the
// OpenAI component's `openai_api_base` gets no key loaded from a variable, and the address it
// names passes the SSRF guard (loopback refused unless LANGFLOW_SSRF_ALLOWED_HOSTS allows it);
// so does the Language Model's `ollama_base_url` for Ollama.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

const STORED_KEY = 'sk-stored-credential-0123456789';

/** Basic Prompting with its model node turned into Langflow's OpenAI component. */
function openAIFlow(baseUrl: string) {
  const flow = starter('Basic Prompting');
  const node = flow.data.nodes.find((n) => n.data.type === 'LanguageModelComponent');
  node.data.type = 'OpenAIModel';
  const template = node.data.node.template;
  delete template.model;
  template.model_name = { type: 'str', value: 'gpt-4o-mini', show: true };
  template.openai_api_base = { type: 'str', value: baseUrl, show: true };
  template.api_key = { type: 'str', value: 'OPENAI_API_KEY', load_from_db: true, show: true, password: true };
  return { data: flow.data, modelId: nodeId(flow, 'OpenAIModel') };
}

describe.each(databaseKinds())('model credentials on $kind', (kind) => {
  let fake: FakeLlm;
  let guarded: TestServer;
  let allowed: TestServer;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeLlm();
    guarded = await startTestServer(kind);
    allowed = await startTestServer(kind, { env: { LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1' } });
    for (const [name, server] of [['guarded', guarded], ['allowed', allowed]] as const) {
      const user = await createUser(server);
      keys[name] = (await createApiKeyFor(server, user.id)).key;
      await call(server, keys[name]!, '/api/v1/variables/', { name: 'OPENAI_API_KEY', value: STORED_KEY, type: 'Credential' });
    }
  });
  afterAll(async () => {
    await guarded?.close();
    await allowed?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  async function call(server: TestServer, key: string, path: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) };
  }

  it('a stored key is never sent to the address a flow names, even an allowed one', async () => {
    const { data } = openAIFlow(fake.openaiUrl);
    const flowId = await createFlowVia(allowed, keys.allowed!, data);
    const res = await call(allowed, keys.allowed!, `/api/v1/run/${flowId}`, { input_value: 'hi' });
    expect(res.status).toBe(400);
    expect(res.json().detail).toContain('OPENAI_API_KEY');
    expect(res.text).not.toContain(STORED_KEY);
    expect(fake.requests).toHaveLength(0);
  });

  it('neither through the implicit lookup when the key field is empty', async () => {
    const { data, modelId } = openAIFlow(fake.openaiUrl);
    const flowId = await createFlowVia(allowed, keys.allowed!, data);
    const res = await call(allowed, keys.allowed!, `/api/v1/run/${flowId}`, { input_value: 'hi', tweaks: { [modelId]: { api_key: '' } } });
    expect(res.status).toBe(400);
    expect(fake.requests).toHaveLength(0);
  });

  it('a typed key goes to a flow\'s address only past the SSRF guard: loopback refused by default', async () => {
    const { data, modelId } = openAIFlow(fake.openaiUrl);
    const flowId = await createFlowVia(guarded, keys.guarded!, data);
    const res = await call(guarded, keys.guarded!, `/api/v1/run/${flowId}`, { input_value: 'hi', tweaks: { [modelId]: { api_key: 'sk-typed-for-this-server' } } });
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/blocked|SSRF/i);
    expect(fake.requests).toHaveLength(0);
  });

  it('…and reached when the operator allows the host', async () => {
    const { data, modelId } = openAIFlow(fake.openaiUrl);
    const flowId = await createFlowVia(allowed, keys.allowed!, data);
    fake.script({ text: 'compatible server answered' });
    const res = await call(allowed, keys.allowed!, `/api/v1/run/${flowId}`, { input_value: 'hi', tweaks: { [modelId]: { api_key: 'sk-typed-for-this-server' } } });
    expect(res.status, res.text).toBe(200);
    expect(res.json().outputs[0].outputs[0].outputs.message.message.text).toBe('compatible server answered');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-typed-for-this-server');
  });

  it('Ollama at the component\'s ollama_base_url: loopback refused by default, reached with no key when the operator allows the host', async () => {
    const basic = starter('Basic Prompting');
    const tweaks = { [nodeId(basic, 'LanguageModelComponent')]: { model: modelChoice('Ollama', 'llama3.2'), ollama_base_url: fake.origin } };
    const refusedId = await createFlowVia(guarded, keys.guarded!, basic.data);
    const refused = await call(guarded, keys.guarded!, `/api/v1/run/${refusedId}`, { input_value: 'hi', tweaks });
    expect(refused.status).toBe(400);
    expect(refused.json().detail).toMatch(/blocked|SSRF/i);
    expect(fake.requests).toHaveLength(0);

    const allowedId = await createFlowVia(allowed, keys.allowed!, basic.data);
    fake.script({ text: 'local llama answered' });
    const res = await call(allowed, keys.allowed!, `/api/v1/run/${allowedId}`, { input_value: 'hi', tweaks });
    expect(res.status, res.text).toBe(200);
    expect(res.json().outputs[0].outputs[0].outputs.message.message.text).toBe('local llama answered');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.body.model).toBe('llama3.2');
    // The user's stored OpenAI key is not sent to it.
    expect(JSON.stringify(fake.requests[0]!.headers)).not.toContain(STORED_KEY);
  });
});
