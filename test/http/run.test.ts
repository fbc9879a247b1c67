// POST /api/v1/run/{flow_id_or_name}: Langflow's run, JSON and streamed, scoped to the caller's
// flows (D18), engine errors as 400/504, global variables from headers, the database and the env.
import { randomUUID } from 'node:crypto';
import { FlowResponse } from '@datastax/langflow-client/flow_response';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariableResolver } from '../../src/services/variables/variable-resolver.js';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import {
  apiKeyUses,
  CHAT_INPUT_ID,
  CHAT_OUTPUT_ID,
  createApiKeyFor,
  createFlowVia,
  insertFlowFor,
  parseEventStream,
  promptFlowData,
  PROMPT_ID,
  variableFlowData,
} from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('run on $kind', (kind) => {
  let server: TestServer;
  let owner: TestUser;
  let other: TestUser;
  let ownerKey: { id: string; key: string };
  let otherKey: { id: string; key: string };
  let flowId: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_FALLBACK_TO_ENV_VAR: 'true', LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT: 'FG_TEST_PERSONA', FG_TEST_PERSONA: 'Env Pirate' } });
    owner = await createUser(server);
    other = await createUser(server);
    ownerKey = await createApiKeyFor(server, owner.id);
    otherKey = await createApiKeyFor(server, other.id);
    flowId = await createFlowVia(server, ownerKey.key, promptFlowData(), { endpointName: 'echo' });
  });
  afterAll(() => server?.close());

  function run(idOrName: string, body: unknown, headers: Record<string, string> = {}, query = '') {
    return fetch(`${server.url}/api/v1/run/${idOrName}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }
  // The official client's own reader of the chat text.
  const textOf = (body: any) => new FlowResponse(body).chatOutputText();

  it('runs the owner\'s flow with an API key and answers Langflow\'s shape', async () => {
    const response = await run(flowId, { input_value: 'Hello' }, { 'x-api-key': ownerKey.key });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.session_id).toBe(flowId); // Langflow: no session id → the flow's id
    expect(body.outputs).toHaveLength(1);
    expect(body.outputs[0].inputs).toEqual({ input_value: 'Hello' });
    const result = body.outputs[0].outputs[0];
    expect(result.component_id).toBe(CHAT_OUTPUT_ID);
    expect(result.results.message.text).toBe('You said: Hello');
    expect(textOf(body)).toBe('You said: Hello');
  });

  it('accepts a bearer token, a given session id, and the x-api-key query parameter', async () => {
    const byToken = await run(flowId, { input_value: 'a', session_id: 'chat-123' }, await bearer(server, owner));
    expect(byToken.status).toBe(200);
    expect((await byToken.json()).session_id).toBe('chat-123');
    const byQuery = await run(flowId, { input_value: 'b' }, {}, `?x-api-key=${ownerKey.key}`);
    expect(byQuery.status).toBe(200);
    expect(textOf(await byQuery.json())).toBe('You said: b');
  });

  it('streams raw JSON events: add_message, token, end (no `data:` prefix)', async () => {
    const response = await run(flowId, { input_value: 'one two three four five' }, { 'x-api-key': ownerKey.key }, '?stream=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).not.toMatch(/^data:/m);
    expect(text.endsWith('\n\n')).toBe(true);
    const events = parseEventStream(text);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('add_message');
    expect(names.at(-1)).toBe('end');
    expect(names).toContain('token');
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.map((t) => t.data.chunk).join('')).toBe('You said: one two three four five');
    expect(tokens[0]!.data).toMatchObject({ id: expect.any(String), timestamp: expect.any(String) });
    const messages = events.filter((e) => e.event === 'add_message').map((e) => e.data);
    expect(messages.map((m) => m.sender)).toEqual(['User', 'Machine']);
    const end = events.at(-1)!.data;
    expect(end.result.session_id).toBe(flowId);
    expect(textOf(end.result)).toBe('You said: one two three four five');
  });

  it('answers another user\'s flow exactly like an unknown one, without running it', async () => {
    const usesBefore = await apiKeyUses(server, ownerKey.id);
    const foreign = await run(flowId, { input_value: 'x' }, { 'x-api-key': otherKey.key });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ detail: `Flow identifier ${flowId} not found` });
    const foreignStream = await run(flowId, { input_value: 'x' }, { 'x-api-key': otherKey.key }, '?stream=true');
    expect(foreignStream.status).toBe(404);
    expect(foreignStream.headers.get('content-type')).toMatch(/^application\/json/);
    const unknownId = randomUUID();
    const unknown = await run(unknownId, { input_value: 'x' }, { 'x-api-key': otherKey.key });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: `Flow identifier ${unknownId} not found` });
    const byName = await run('echo', { input_value: 'x' }, { 'x-api-key': otherKey.key });
    expect(await byName.json()).toEqual({ detail: 'Flow identifier echo not found' });
    expect(await apiKeyUses(server, ownerKey.id)).toBe(usesBefore);
  });

  it('resolves endpoint names among the caller\'s flows only', async () => {
    const a = await createUser(server);
    const b = await createUser(server);
    const keyA = await createApiKeyFor(server, a.id);
    const keyB = await createApiKeyFor(server, b.id);
    await createFlowVia(server, keyA.key, promptFlowData('A got {question}'), { endpointName: 'shared-name' });
    await createFlowVia(server, keyB.key, promptFlowData('B got {question}'), { endpointName: 'shared-name' });
    expect(textOf(await (await run('shared-name', { input_value: '1' }, { 'x-api-key': keyA.key })).json())).toBe('A got 1');
    expect(textOf(await (await run('shared-name', { input_value: '2' }, { 'x-api-key': keyB.key })).json())).toBe('B got 2');
  });

  it('applies tweaks and picks one component with output_component', async () => {
    const tweaked = await run(flowId, { input_value: 'hi', tweaks: { [PROMPT_ID]: { template: 'Tweaked: {question}' } } }, { 'x-api-key': ownerKey.key });
    expect(textOf(await tweaked.json())).toBe('Tweaked: hi');
    const picked = await run(flowId, { input_value: 'hi', output_component: PROMPT_ID }, { 'x-api-key': ownerKey.key });
    const body = await picked.json();
    expect(body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual([PROMPT_ID]);
    expect(body.outputs[0].outputs[0].results.prompt.text).toBe('You said: hi');
  });

  it('refuses an input_value together with a tweak of the chat input, as Langflow does', async () => {
    const response = await run(flowId, { input_value: 'a', tweaks: { [CHAT_INPUT_ID]: { input_value: 'b' } } }, { 'x-api-key': ownerKey.key });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toMatch(/cannot pass a tweak with the same name/);
  });

  it('answers 422 in FastAPI\'s shape for wrongly typed fields', async () => {
    const response = await run(flowId, { input_value: 5 }, { 'x-api-key': ownerKey.key });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.detail[0]).toMatchObject({ type: 'string_type', loc: ['body', 'input_value'], input: 5 });
    const badType = await run(flowId, { input_type: 'voice' }, { 'x-api-key': ownerKey.key });
    expect(badType.status).toBe(422);
  });

  it('runs with no body at all (Langflow\'s defaults)', async () => {
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, { method: 'POST', headers: { 'x-api-key': ownerKey.key } });
    expect(response.status).toBe(200);
    expect(textOf(await response.json())).toBe('You said: ');
  });

  describe('build errors are 400s naming the component', () => {
    it('an unknown component type', async () => {
      const data = promptFlowData() as any;
      data.nodes[1].data.type = 'AstraDB';
      const id = await createFlowVia(server, ownerKey.key, data);
      const response = await run(id, { input_value: 'x' }, { 'x-api-key': ownerKey.key });
      expect(response.status).toBe(400);
      const { detail } = await response.json();
      expect(detail).toContain('AstraDB');
      expect(detail).toContain(PROMPT_ID);
    });

    it('a cycle', async () => {
      const data = promptFlowData() as any;
      // Prompt → Chat Input closes a loop Chat Input → Prompt → Chat Input.
      data.edges.push({ ...data.edges[0], source: PROMPT_ID, target: CHAT_INPUT_ID, data: { sourceHandle: { dataType: 'Prompt', id: PROMPT_ID, name: 'prompt', output_types: ['Message'] }, targetHandle: { fieldName: 'input_value', id: CHAT_INPUT_ID, inputTypes: ['Message'], type: 'str' } } });
      const id = await createFlowVia(server, ownerKey.key, data);
      const response = await run(id, { input_value: 'x' }, { 'x-api-key': ownerKey.key });
      expect(response.status).toBe(400);
      const { detail } = await response.json();
      expect(detail).toMatch(/cycle/i);
      expect(detail).toContain(PROMPT_ID);
    });

    it('a missing required input', async () => {
      const data = promptFlowData() as any;
      data.edges.pop(); // Chat Output loses its input
      const id = await createFlowVia(server, ownerKey.key, data);
      const response = await run(id, { input_value: 'x' }, { 'x-api-key': ownerKey.key });
      expect(response.status).toBe(400);
      expect((await response.json()).detail).toContain(CHAT_OUTPUT_ID);
    });

    it('streamed: the failure arrives as an `error` event', async () => {
      const data = promptFlowData() as any;
      data.nodes[1].data.type = 'AstraDB';
      const id = await createFlowVia(server, ownerKey.key, data);
      const response = await run(id, { input_value: 'x' }, { 'x-api-key': ownerKey.key }, '?stream=true');
      expect(response.status).toBe(200);
      const events = parseEventStream(await response.text());
      expect(events.at(-1)!.event).toBe('error');
      expect(events.at(-1)!.data.error).toContain('AstraDB');
      expect(events.map((e) => e.event)).not.toContain('end');
    });
  });

  describe('global variables', () => {
    it('a missing one is a 400 naming it', async () => {
      const id = await createFlowVia(server, ownerKey.key, variableFlowData('FG_NOWHERE_PERSONA'));
      const response = await run(id, { input_value: 'hi' }, { 'x-api-key': ownerKey.key });
      expect(response.status).toBe(400);
      expect((await response.json()).detail).toContain('FG_NOWHERE_PERSONA');
    });

    it('the X-LANGFLOW-GLOBAL-VAR-* header fills it (case-insensitively) and wins over the rest', async () => {
      const id = await createFlowVia(server, ownerKey.key, variableFlowData('FG_TEST_PERSONA'));
      const response = await run(id, { input_value: 'hi' }, { 'x-api-key': ownerKey.key, 'x-langflow-global-var-fg_test_persona': 'Header Pirate' });
      expect(response.status).toBe(200);
      expect(textOf(await response.json())).toBe('Header Pirate says: hi');
    });

    it('the caller\'s stored variable fills it, decrypted; another user\'s does not', async () => {
      const name = `FG_STORED_${randomUUID().slice(0, 8).toUpperCase()}`;
      const now = new Date().toISOString();
      await server.deps.storage.db.insertInto('variable').values({
        id: randomUUID(), name, value: server.deps.keys.fernet.encrypt('Stored Pirate'), type: 'Generic',
        default_fields: '[]', user_id: owner.id, created_at: now, updated_at: now, from_env: false,
      }).execute();
      const ownerFlow = await createFlowVia(server, ownerKey.key, variableFlowData(name));
      const ok = await run(ownerFlow, { input_value: 'hi' }, { 'x-api-key': ownerKey.key });
      expect(textOf(await ok.json())).toBe('Stored Pirate says: hi');
      const otherFlow = await createFlowVia(server, otherKey.key, variableFlowData(name));
      const missing = await run(otherFlow, { input_value: 'hi' }, { 'x-api-key': otherKey.key });
      expect(missing.status).toBe(400);
    });

    it('falls back to the environment with LANGFLOW_FALLBACK_TO_ENV_VAR, for secret fields only', async () => {
      const id = await createFlowVia(server, ownerKey.key, variableFlowData('FG_TEST_PERSONA'));
      const response = await run(id, { input_value: 'hi' }, { 'x-api-key': ownerKey.key });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toContain('Env Pirate');
      const resolve = makeVariableResolver(server.deps, owner.id, {});
      expect(await resolve('FG_TEST_PERSONA', { field: 'api_key', secret: true })).toBe('Env Pirate');
    });
  });

  // A run over LANGFLOW_RUN_TIMEOUT_SECONDS (a model that never answers) is tested in model-limits.test.ts.

  it('refuses a deactivated user\'s API key (D9)', async () => {
    const gone = await createUser(server, { isActive: false });
    const key = await createApiKeyFor(server, gone.id);
    const id = await insertFlowFor(server, gone.id, promptFlowData());
    const response = await run(id, { input_value: 'x' }, { 'x-api-key': key.key });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Inactive user' });
  });

  it('refuses a call without credentials or with a bad key', async () => {
    expect((await run(flowId, {})).status).toBe(403);
    const bad = await run(flowId, {}, { 'x-api-key': 'sk-not-a-real-key' });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toEqual({ detail: 'Invalid or missing API key' });
  });

  it('serves the double-slash path the official client sends', async () => {
    const response = await fetch(`${server.url}//api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ownerKey.key },
      body: JSON.stringify({ input_value: 'slashes' }),
    });
    expect(response.status).toBe(200);
    expect(textOf(await response.json())).toBe('You said: slashes');
  });
});
