// Language models in runs: Langflow's Basic Prompting starter imported unchanged and run with
// only the model chosen by a tweak, against a fake provider on loopback. The caller's
// Credential is the bearer key, the filled prompt is the system message; a user without the
// variable gets a 400 naming it and nothing leaves; a provider's 401 never shows the key;
// tokens stream as the provider sends them and a client that leaves cancels the call.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, parseRunEvents, starter } from '../helpers/starters.js';

const USER_KEY = 'sk-user-one-0123456789abcdefSECRET';

describe.each(databaseKinds())('language models on $kind', (kind) => {
  let fake: FakeLlm;
  let server: TestServer;
  let key: string;
  let otherKey: string;
  let flowId: string;
  let otherFlowId: string;
  let twitterFlowId: string;
  const basic = starter('Basic Prompting');
  const modelId = nodeId(basic, 'LanguageModelComponent');
  const prompt = basic.data.nodes.find((n) => n.data.type === 'Prompt').data.node.template.template.value as string;

  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, {
      env: { OPENAI_BASE_URL: fake.openaiUrl, ANTHROPIC_BASE_URL: fake.anthropicUrl, OLLAMA_BASE_URL: fake.origin },
    });
    const user = await createUser(server);
    const other = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    otherKey = (await createApiKeyFor(server, other.id)).key;
    await post('/api/v1/variables/', key, { name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' });
    await post('/api/v1/variables/', key, { name: 'ANTHROPIC_API_KEY', value: 'ant-user-one-key-XYZ', type: 'Credential' });
    flowId = await createFlowVia(server, key, basic.data, { name: 'Basic Prompting' });
    otherFlowId = await createFlowVia(server, otherKey, basic.data, { name: 'Basic Prompting' });
    twitterFlowId = await createFlowVia(server, key, starter('Twitter Thread Generator').data, { name: 'Twitter Thread Generator' });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  async function post(path: string, apiKey: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) };
  }
  const tweak = (provider: string, name: string, extra: Record<string, unknown> = {}) => ({ [modelId]: { model: modelChoice(provider, name), ...extra } });
  const chatText = (body: any) => body.outputs[0].outputs[0].outputs.message.message.text;

  it('Basic Prompting runs with the user\'s OPENAI_API_KEY as the bearer key and the prompt as the system message', async () => {
    fake.script({ text: 'Hello from the fake model' });
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'What is Flowgate?', tweaks: tweak('OpenAI', 'gpt-4o-mini') });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json())).toBe('Hello from the fake model');
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(request!.body.model).toBe('gpt-4o-mini');
    expect(request!.body.temperature).toBe(0.1);
    expect(request!.body.messages).toEqual([
      { role: 'system', content: prompt },
      { role: 'user', content: 'What is Flowgate?' },
    ]);
    expect(res.text).not.toContain(USER_KEY);
  });

  it("Flowgate's own Basic Prompting template (basic_examples, as Langflow's UI creates it) runs unchanged: Chat Input and Prompt into the Language Model, its answer out", async () => {
    const examples = (await (await fetch(`${server.url}/api/v1/flows/basic_examples/`)).json()) as { name: string; data: any }[];
    const template = examples.find((example) => example.name === 'Basic Prompting')!;
    expect(template.data.nodes.map((n: any) => n.data.type)).toEqual(['ChatInput', 'Prompt', 'LanguageModelComponent', 'ChatOutput']);
    const templateFlowId = await createFlowVia(server, key, template.data, { name: 'Basic Prompting from the template' });
    const templatePrompt = template.data.nodes.find((n: any) => n.data.type === 'Prompt').data.node.template.template.value;
    fake.script({ text: 'Start with a template.' });
    const res = await post(`/api/v1/run/${templateFlowId}`, key, { input_value: 'How do I start?' });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json())).toBe('Start with a template.');
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(request!.body.model).toBe('gpt-4o-mini');
    expect(request!.body.messages).toEqual([
      { role: 'system', content: templatePrompt },
      { role: 'user', content: 'How do I start?' },
    ]);
  });

  it('temperature reaches the provider as set; Langflow\'s OpenAI component sends its model_name, max_tokens and system message too', async () => {
    fake.script({ text: 'warm' });
    const warm = await post(`/api/v1/run/${flowId}`, key, { input_value: 'x', tweaks: tweak('OpenAI', 'gpt-4o-mini', { temperature: 0.7 }) });
    expect(warm.status, warm.text).toBe(200);
    expect(fake.requests[0]!.body.temperature).toBe(0.7);

    // Basic Prompting with its model node as Langflow's older OpenAI component.
    const data = structuredClone(basic.data);
    const node = data.nodes.find((n: any) => n.id === modelId);
    node.data.type = 'OpenAIModel';
    const template = node.data.node.template;
    delete template.model;
    template.model_name = { type: 'str', value: 'gpt-4.1-mini', show: true };
    template.max_tokens = { type: 'int', value: 64, show: true };
    template.openai_api_base = { type: 'str', value: '', show: true };
    const openAIFlowId = await createFlowVia(server, key, data, { name: 'Basic Prompting (OpenAI component)' });
    fake.script({ text: 'short' });
    const res = await post(`/api/v1/run/${openAIFlowId}`, key, { input_value: 'Be brief.', tweaks: { [modelId]: { temperature: 0.3 } } });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json())).toBe('short');
    const request = fake.requests[1]!;
    expect(request.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(request.body).toMatchObject({ model: 'gpt-4.1-mini', max_tokens: 64, temperature: 0.3 });
    expect(request.body.messages).toEqual([
      { role: 'system', content: prompt },
      { role: 'user', content: 'Be brief.' },
    ]);
  });

  it('an API key typed into the api_key field wins over the user\'s OPENAI_API_KEY variable', async () => {
    fake.script({ text: 'typed key used' });
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'x', tweaks: tweak('OpenAI', 'gpt-4o-mini', { api_key: 'sk-typed-into-the-flow' }) });
    expect(res.status, res.text).toBe(200);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-typed-into-the-flow');
    expect(res.text).not.toContain('sk-typed-into-the-flow');
  });

  it('a user without the variable gets a 400 naming OPENAI_API_KEY, and no request leaves with anyone\'s key', async () => {
    const res = await post(`/api/v1/run/${otherFlowId}`, otherKey, { input_value: 'hi', tweaks: tweak('OpenAI', 'gpt-4o-mini') });
    expect(res.status).toBe(400);
    expect(res.json().detail).toContain('OPENAI_API_KEY');
    expect(fake.requests).toHaveLength(0);
  });

  it('…and likewise for Anthropic: a 400 naming ANTHROPIC_API_KEY, nothing sent', async () => {
    const res = await post(`/api/v1/run/${otherFlowId}`, otherKey, { input_value: 'hi', tweaks: tweak('Anthropic', 'claude-sonnet-4-0') });
    expect(res.status).toBe(400);
    expect(res.json().detail).toContain('ANTHROPIC_API_KEY');
    expect(fake.requests).toHaveLength(0);
  });

  it('no model chosen is a 400 that says so', async () => {
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'hi' });
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/model/i);
    expect(fake.requests).toHaveLength(0);
  });

  it('Anthropic: the user\'s ANTHROPIC_API_KEY as the key, the prompt as `system`', async () => {
    fake.script({ text: 'Claude says hi' });
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'Hey', tweaks: tweak('Anthropic', 'claude-sonnet-4-5') });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json())).toBe('Claude says hi');
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/messages');
    // The SDK sends the key as x-api-key or, in its recent releases, as a bearer token.
    const sent = request!.headers['x-api-key'] ?? String(request!.headers.authorization).replace(/^Bearer /, '');
    expect(sent).toBe('ant-user-one-key-XYZ');
    expect(request!.body.system).toBe(prompt);
    expect(request!.body.messages).toEqual([{ role: 'user', content: 'Hey' }]);
    expect(request!.body.max_tokens).toBeGreaterThan(0);
  });

  it('Ollama through its OpenAI-compatible API at the operator\'s OLLAMA_BASE_URL, no key needed', async () => {
    fake.script({ text: 'llama here' });
    const res = await post(`/api/v1/run/${otherFlowId}`, otherKey, { input_value: 'yo', tweaks: tweak('Ollama', 'llama3.2') });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json())).toBe('llama here');
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.body.model).toBe('llama3.2');
  });

  it('Ollama: the operator\'s OLLAMA_BASE_URL wins over the default URL a starter saved in its load_from_db field', async () => {
    // Twitter Thread Generator saves ollama_base_url = "http://localhost:11434" with load_from_db.
    const twitter = starter('Twitter Thread Generator');
    fake.script({ text: 'a thread' });
    const res = await post(`/api/v1/run/${twitterFlowId}`, key, {
      input_value: 'Announce it.',
      tweaks: { [nodeId(twitter, 'LanguageModelComponent')]: { model: modelChoice('Ollama', 'llama3.2') } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json())).toBe('a thread');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.body.model).toBe('llama3.2');
  });

  it('a provider that is not supported is a 400 naming it', async () => {
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'x', tweaks: tweak('IBM WatsonX', 'granite') });
    expect(res.status).toBe(400);
    expect(res.json().detail).toContain('IBM WatsonX');
  });

  it('a provider\'s 401 becomes a 400 naming the provider and the variable, never the key', async () => {
    fake.script({ status: 401, errorBody: { error: { message: `Incorrect API key provided: ${USER_KEY}. Also ${USER_KEY.slice(0, 10)}…`, type: 'invalid_request_error' } } });
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'x', tweaks: tweak('OpenAI', 'gpt-4o-mini') });
    expect(res.status).toBe(400);
    const detail = res.json().detail as string;
    expect(detail).toContain('OpenAI');
    expect(detail).toContain('OPENAI_API_KEY');
    expect(res.text).not.toContain(USER_KEY.slice(0, 10));
    expect(server.logs.join('\n')).not.toContain(USER_KEY.slice(3, 15));
  });

  it('another failure of the provider is a 502 with its message, the key scrubbed', async () => {
    fake.script({ status: 500, errorBody: { error: { message: `overloaded, key ${USER_KEY}` } } });
    const res = await post(`/api/v1/run/${flowId}`, key, { input_value: 'x', tweaks: tweak('OpenAI', 'gpt-4o-mini') });
    expect(res.status).toBe(502);
    expect(res.json().detail).toContain('overloaded');
    expect(res.text).not.toContain(USER_KEY);
  });

  it('with the model\'s stream on, one token event per provider chunk, in order, under the chat message\'s id', async () => {
    fake.script({ chunks: ['Hel', 'lo', ' wor', 'ld'] });
    const res = await post(`/api/v1/run/${flowId}?stream=true`, key, { input_value: 'hi', tweaks: tweak('OpenAI', 'gpt-4o-mini', { stream: true }) });
    expect(res.status).toBe(200);
    const events = parseRunEvents(res.text);
    expect(fake.requests[0]!.body.stream).toBe(true);
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.map((e) => e.data.chunk)).toEqual(['Hel', 'lo', ' wor', 'ld']);
    const messages = events.filter((e) => e.event === 'add_message');
    const answer = messages.at(-1)!.data;
    expect(answer.text).toBe('Hello world');
    expect(new Set(tokens.map((e) => e.data.id))).toEqual(new Set([answer.id]));
    expect(events.at(-1)!.event).toBe('end');
    expect(chatText(events.at(-1)!.data.result)).toBe('Hello world');
  });

  it('Anthropic streams token by token too', async () => {
    fake.script({ chunks: ['A', 'B', 'C'] });
    const res = await post(`/api/v1/run/${flowId}?stream=true`, key, { input_value: 'hi', tweaks: tweak('Anthropic', 'claude-x', { stream: true }) });
    const tokens = parseRunEvents(res.text).filter((e) => e.event === 'token');
    expect(tokens.map((e) => e.data.chunk)).toEqual(['A', 'B', 'C']);
  });

  it('a client that disconnects cancels the model call', async () => {
    fake.script({ chunks: ['first'], hang: true });
    const closed = fake.waitForClosedStream();
    const body = JSON.stringify({ input_value: 'hang', tweaks: tweak('OpenAI', 'gpt-4o-mini', { stream: true }) });
    await new Promise<void>((resolve, reject) => {
      const request = http.request(`${server.url}/api/v1/run/${flowId}?stream=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, 'content-length': Buffer.byteLength(body) },
      });
      request.on('response', (response) => {
        let seen = '';
        response.on('data', (part: Buffer) => {
          seen += part.toString();
          // The first token has arrived: the model call is under way. Leave.
          if (seen.includes('"token"')) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      request.end(body);
    });
    await closed;
    expect(fake.closedStreams).toBeGreaterThan(0);
  });
});
