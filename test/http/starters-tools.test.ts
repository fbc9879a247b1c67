// Agent starters whose tools reach out or compute, imported unchanged, the model chosen by a
// tweak: Pokédex Agent's API Request tool fetches the URL the model asks for (a loopback API
// here, allowed by LANGFLOW_SSRF_ALLOWED_HOSTS) and a metadata address is refused; SaaS Pricing's
// Calculator computes what the model asks. Asserts the tool results the provider received.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { startSite, type Site } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

describe.each(databaseKinds())('tool starters on $kind', (kind) => {
  let fake: FakeLlm;
  let site: Site;
  let server: TestServer;
  let key: string;
  const ids: Record<string, string> = {};
  const pokedex = starter('Pokédex Agent');
  const saas = starter('SaaS Pricing');
  const agentTweak = (flow: ReturnType<typeof starter>) => ({ [nodeId(flow, 'Agent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } });

  async function post(path: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) };
  }
  const toolMessage = (request: any) => request.body.messages.find((m: any) => m.role === 'tool');
  const chatText = (body: any) => body.outputs[0].outputs[0].results.message.text;

  beforeAll(async () => {
    fake = await startFakeLlm();
    site = await startSite({
      '/api/v2/pokemon/pikachu': (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'pikachu', types: [{ type: { name: 'electric' } }] })),
    });
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl, LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1' } });
    key = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    expect((await post('/api/v1/variables/', { name: 'OPENAI_API_KEY', value: 'sk-tool-starters', type: 'Credential' })).status).toBe(201);
    ids.pokedex = await createFlowVia(server, key, pokedex.data, { name: 'Pokédex Agent' });
    ids.saas = await createFlowVia(server, key, saas.data, { name: 'SaaS Pricing' });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    await site?.close();
  });
  beforeEach(() => fake.reset());

  it('Pokédex Agent: the model calls make_api_request, the API\'s JSON comes back as the tool result', async () => {
    const url = `${site.url}/api/v2/pokemon/pikachu`;
    fake.script({ toolCalls: [{ id: 'call_api_1', name: 'make_api_request', arguments: JSON.stringify({ url_input: url }) }] }, { text: 'Pikachu is Electric.' });
    const res = await post(`/api/v1/run/${ids.pokedex}`, { input_value: 'What type is Pikachu?', tweaks: agentTweak(pokedex) });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json)).toBe('Pikachu is Electric.');
    expect(fake.requests[0].body.tools.map((t: any) => t.function.name)).toEqual(expect.arrayContaining(['make_api_request']));
    const tool = toolMessage(fake.requests[1]);
    expect(tool.tool_call_id).toBe('call_api_1');
    const data = JSON.parse(tool.content);
    expect(data).toMatchObject({ source: url, status_code: 200, result: { name: 'pikachu', types: [{ type: { name: 'electric' } }] } });
    expect(site.requests.at(-1)!.url).toBe('/api/v2/pokemon/pikachu');
    for (const request of fake.requests) expect(request.headers.authorization).toBe('Bearer sk-tool-starters');
  });

  it('Pokédex Agent: a tool call to the metadata address never leaves the server', async () => {
    const before = site.requests.length;
    fake.script(
      { toolCalls: [{ id: 'call_api_2', name: 'make_api_request', arguments: JSON.stringify({ url_input: 'http://169.254.169.254/latest/meta-data/' }) }] },
      { text: 'I could not fetch that.' },
    );
    const res = await post(`/api/v1/run/${ids.pokedex}`, { input_value: 'Read the metadata', tweaks: agentTweak(pokedex) });
    // The model reads the guard's refusal as the tool's error (and may try something else).
    expect(res.status, res.text).toBe(200);
    expect(toolMessage(fake.requests[1]).content).toMatch(/^Error: SSRF Protection: Requests to 169\.254\.169\.254 are blocked/);
    expect(site.requests.length).toBe(before);
  });

  it('SaaS Pricing: the filled prompt reaches the agent and the Calculator computes the price', async () => {
    fake.script(
      { toolCalls: [{ id: 'call_calc', name: 'evaluate_expression', arguments: JSON.stringify({ expression: '(1000+500+2000)*(1+30/100)/100' }) }] },
      { text: 'Charge $45.50 a month.' },
    );
    const res = await post(`/api/v1/run/${ids.saas}`, { tweaks: agentTweak(saas) });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json)).toBe('Charge $45.50 a month.');
    const user = fake.requests[0].body.messages.at(-1);
    expect(user.role).toBe('user');
    expect(user.content).toContain('To calculate the monthly subscription price of the software based on the following data:');
    expect(toolMessage(fake.requests[1])).toMatchObject({ tool_call_id: 'call_calc', content: '{"result":"45.5"}' });
    for (const request of fake.requests) expect(request.headers.authorization).toBe('Bearer sk-tool-starters');
  });
});
