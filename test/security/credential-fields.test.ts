// Finding 3 (the rest): a flow `TextInput(load_from_db: MY_CREDENTIAL) → TextOutput` returned the
// plaintext. A Credential, and an operator's environment value, now fill only the fields a
// component declares secret (`password: true`: API keys, tokens), so their value never reaches
// an output, a message or an event; a flow cannot promote its own field to secret. And a key
// copied from the operator's environment (at login, or through FALLBACK_TO_ENV_VAR) goes only
// to the operator's provider address, never to a base URL typed into the flow.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncEnvironmentVariables } from '../../src/services/variables/environment-variables.js';
import { createUser } from '../helpers/auth.js';
import { componentNode, link } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, insertFlowFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { nodeId, starter } from '../helpers/starters.js';

const CREDENTIAL_VALUE = 'cred-canary-7f3a9b';
const OPERATOR_KEY = 'sk-operator-env-key-5521';

/** Text Input (its input_value loading `variable`) → Text Output. */
function echoFlow(variable: string, fieldExtra: Record<string, unknown> = {}) {
  const input = componentNode('TextInput-a', 'TextInput', { input_value: variable });
  Object.assign((input as any).data.node.template.input_value, { load_from_db: true, ...fieldExtra });
  return { nodes: [input, componentNode('TextOutput-b', 'TextOutput', { input_value: '' })], edges: [link('TextInput-a', 'text', 'TextOutput-b', 'input_value')] };
}

/** Basic Prompting with Langflow's OpenAI component whose api_key loads OPENAI_API_KEY. */
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

async function run(server: TestServer, key: string, flowId: string, stream = false) {
  const response = await fetch(`${server.url}/api/v1/run/${flowId}${stream ? '?stream=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ input_value: 'hi', output_type: 'any' }),
  });
  return { status: response.status, text: await response.text() };
}

describe.each(databaseKinds())('a Credential fills only secret fields on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  let userId: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    userId = (await createUser(server)).id;
    key = (await createApiKeyFor(server, userId)).key;
    const created = await fetch(`${server.url}/api/v1/variables/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ name: 'MY_CREDENTIAL', value: CREDENTIAL_VALUE, type: 'Credential' }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => server?.close());

  it('Text Input (MY_CREDENTIAL) → Text Output is refused by name, JSON and streamed; the value is nowhere', async () => {
    const flowId = await insertFlowFor(server, userId, echoFlow('MY_CREDENTIAL'));
    const plain = await run(server, key, flowId);
    expect(plain.status).toBe(400);
    expect(plain.text).toContain('MY_CREDENTIAL');
    const streamed = await run(server, key, flowId, true);
    expect(streamed.text).toContain('"event":"error"');
    for (const text of [plain.text, streamed.text, ...server.logs]) expect(text).not.toContain(CREDENTIAL_VALUE);
  });

  it('a flow marking the field password: true itself changes nothing (the component decides)', async () => {
    const flowId = await insertFlowFor(server, userId, echoFlow('MY_CREDENTIAL', { password: true, _input_type: 'SecretStrInput' }));
    const result = await run(server, key, flowId);
    expect(result.status).toBe(400);
    expect(result.text).not.toContain(CREDENTIAL_VALUE);
  });

  it('a Generic variable still fills any field', async () => {
    await fetch(`${server.url}/api/v1/variables/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ name: 'MY_GENERIC', value: 'plain-value', type: 'Generic' }),
    });
    const result = await run(server, key, await insertFlowFor(server, userId, echoFlow('MY_GENERIC')));
    expect(result.status).toBe(200);
    expect(result.text).toContain('plain-value');
  });
});

describe.each(databaseKinds())("the operator's environment key on $kind", (kind) => {
  let operatorLlm: FakeLlm;
  let typedLlm: FakeLlm;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    operatorLlm = await startFakeLlm();
    typedLlm = await startFakeLlm();
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await operatorLlm?.close();
    await typedLlm?.close();
  });
  beforeEach(() => {
    operatorLlm.reset();
    typedLlm.reset();
  });

  /** A server whose operator set OPENAI_API_KEY and OPENAI_BASE_URL; the flow's own address is allowed past SSRF. */
  async function serverWith(env: Record<string, string>) {
    const server = await startTestServer(kind, {
      env: { OPENAI_API_KEY: OPERATOR_KEY, OPENAI_BASE_URL: operatorLlm.openaiUrl, LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1', ...env },
    });
    servers.push(server);
    const userId = (await createUser(server)).id;
    return { server, userId, key: (await createApiKeyFor(server, userId)).key };
  }

  for (const [how, env, prepare] of [
    ['copied into the user\'s variables at login', { LANGFLOW_STORE_ENVIRONMENT_VARIABLES: 'true', LANGFLOW_FALLBACK_TO_ENV_VAR: 'false' }, true],
    ['read through FALLBACK_TO_ENV_VAR', { LANGFLOW_STORE_ENVIRONMENT_VARIABLES: 'false', LANGFLOW_FALLBACK_TO_ENV_VAR: 'true' }, false],
  ] as const) {
    it(`${how}: sent to the operator's OPENAI_BASE_URL, never to a base URL the flow types`, async () => {
      const { server, userId, key } = await serverWith(env);
      if (prepare) await syncEnvironmentVariables(server.deps, userId);

      const typed = await run(server, key, await insertFlowFor(server, userId, openAIFlow(typedLlm.openaiUrl).data));
      expect(typed.status).toBe(400);
      expect(typed.text).toContain('OPENAI_API_KEY');
      expect(typed.text).not.toContain(OPERATOR_KEY);
      expect(typedLlm.requests).toHaveLength(0);

      operatorLlm.script({ text: 'operator endpoint answered' });
      const operator = await run(server, key, await insertFlowFor(server, userId, openAIFlow('').data));
      expect(operator.status, operator.text).toBe(200);
      expect(operator.text).toContain('operator endpoint answered');
      expect(operatorLlm.requests[0]!.headers.authorization).toBe(`Bearer ${OPERATOR_KEY}`);
      expect(operator.text).not.toContain(OPERATOR_KEY);
      expect(typedLlm.requests).toHaveLength(0);
    });
  }
});
