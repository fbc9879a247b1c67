// Agents and structured output with Langflow's starters, imported unchanged, the model chosen by
// a tweak: Simple Agent offers its tools under their tools_metadata names, runs the Calculator
// the model calls and returns the result as a `tool` message with the call's id; Financial
// Report Parser forces the schema's tool and formats the objects with the Parser.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { componentNode, link } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, parseRunEvents, starter } from '../helpers/starters.js';

describe.each(databaseKinds())('agents on $kind', (kind) => {
  let fake: FakeLlm;
  let server: TestServer;
  let key: string;
  const agentFlow = starter('Simple Agent');
  const parserFlow = starter('Financial Report Parser');
  const agentTweaks = { [nodeId(agentFlow, 'Agent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } };
  const parserTweaks = { [nodeId(parserFlow, 'StructuredOutput')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } };

  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl } });
    const user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    await post('/api/v1/variables/', { name: 'OPENAI_API_KEY', value: 'sk-agent-test-key', type: 'Credential' });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  async function post(path: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text };
  }

  it('Simple Agent: the model calls the calculator, reads its result by call id, then answers', async () => {
    const flowId = JSON.parse((await post('/api/v1/flows/', { name: 'Simple Agent', data: agentFlow.data })).text).id;
    fake.script(
      { toolCalls: [{ id: 'call_calc_1', name: 'evaluate_expression', arguments: JSON.stringify({ expression: '6*7' }) }] },
      { text: 'The answer is 42.' },
    );
    const res = await post(`/api/v1/run/${flowId}?stream=true`, { input_value: 'What is 6 times 7?', tweaks: agentTweaks });
    expect(res.status).toBe(200);
    const events = parseRunEvents(res.text);
    const end = events.at(-1)!;
    expect(end.event, res.text).toBe('end');
    expect(end.data.result.outputs[0].outputs[0].outputs.message.message.text).toBe('The answer is 42.');

    const [first, second] = fake.requests;
    for (const request of fake.requests) expect(request.headers.authorization).toBe('Bearer sk-agent-test-key');
    const toolNames = first!.body.tools.map((t: any) => t.function.name);
    expect(toolNames).toEqual(expect.arrayContaining(['evaluate_expression', 'fetch_content', 'get_current_date']));
    expect(first!.body.messages[0].role).toBe('system');
    expect(first!.body.messages.at(-1)).toEqual({ role: 'user', content: 'What is 6 times 7?' });
    const toolMessage = second!.body.messages.find((m: any) => m.role === 'tool');
    expect(toolMessage.tool_call_id).toBe('call_calc_1');
    expect(toolMessage.content).toContain('42');
    const assistant = second!.body.messages.find((m: any) => m.role === 'assistant');
    expect(assistant.tool_calls[0].id).toBe('call_calc_1');

    // The tool call and its result are in the run's events (the answer's Agent Steps).
    const answer = events.filter((e) => e.event === 'add_message').at(-1)!.data;
    expect(answer.content_blocks[0].contents[0]).toMatchObject({ name: 'evaluate_expression', tool_input: { expression: '6*7' } });
    expect(answer.content_blocks[0].contents[0].output).toContain('42');
  });

  it('SaaS Pricing: the filled prompt is the agent\'s input, the calculator does the arithmetic', async () => {
    const saas = starter('SaaS Pricing');
    const agentId = nodeId(saas, 'Agent');
    const flowId = JSON.parse((await post('/api/v1/flows/', { name: 'SaaS Pricing', data: saas.data })).text).id;
    fake.script(
      { toolCalls: [{ id: 'call_price', name: 'evaluate_expression', arguments: JSON.stringify({ expression: '(120+80)*1.3' }) }] },
      { text: 'Charge 260 per month.' },
    );
    const res = await post(`/api/v1/run/${flowId}`, { tweaks: { [agentId]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } } });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text).outputs[0].outputs[0].outputs.message.message.text).toBe('Charge 260 per month.');
    const prompt = saas.data.nodes.find((n: any) => n.data.type === 'Prompt').data.node.template;
    const userTurn = fake.requests[0]!.body.messages.at(-1);
    expect(userTurn.role).toBe('user');
    expect(prompt.monthly_infrastructure_costs.value).toBe('2000');
    expect(userTurn.content).toContain('Monthly infrastructure costs: $2000');
    expect(userTurn.content).toContain(`Desired profit margin: ${prompt.desired_profit_margin.value}%`);
    expect(fake.requests[1]!.body.messages.find((m: any) => m.role === 'tool').content).toContain('260');
    for (const request of fake.requests) expect(request.headers.authorization).toBe('Bearer sk-agent-test-key');
  });

  it('an agent that never stops calling tools ends at max_iterations with a 400', async () => {
    const flowId = JSON.parse((await post('/api/v1/flows/', { name: 'Looping Agent', data: agentFlow.data })).text).id;
    const loop = { toolCalls: [{ id: 'c', name: 'evaluate_expression', arguments: '{"expression":"1+1"}' }] };
    fake.script(loop, loop, loop);
    const res = await post(`/api/v1/run/${flowId}`, { input_value: 'loop', tweaks: { [nodeId(agentFlow, 'Agent')]: { ...agentTweaks[nodeId(agentFlow, 'Agent')], max_iterations: 3 } } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).detail).toContain('max_iterations');
    expect(fake.requests).toHaveLength(3);
  });

  it('Financial Report Parser: the schema is a forced tool; the objects reach the Parser', async () => {
    const flowId = JSON.parse((await post('/api/v1/flows/', { name: 'Financial Report Parser', data: parserFlow.data })).text).id;
    fake.script({ toolCalls: [{ id: 'call_so', name: 'OutputModel', arguments: JSON.stringify({ objects: [{ EBITDA: '10M', NET_INCOME: '4M', GROSS_PROFIT: '20M' }] }) }] });
    const res = await post(`/api/v1/run/${flowId}`, { input_value: 'EBITDA was 10M, net income 4M, gross profit 20M.', tweaks: parserTweaks });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text).outputs[0].outputs[0].outputs.message.message.text).toBe('EBITDA: 10M  ,  Net Income: 4M , GROSS_PROFIT: 20M');
    const [request] = fake.requests;
    expect(request!.headers.authorization).toBe('Bearer sk-agent-test-key');
    expect(request!.body.tool_choice).toEqual({ type: 'function', function: { name: 'OutputModel' } });
    const schema = request!.body.tools[0].function.parameters;
    expect(Object.keys(schema.properties.objects.items.properties)).toEqual(['EBITDA', 'NET_INCOME', 'GROSS_PROFIT']);
  });

  it('an API Key field set to one of the user\'s Credential variables (the globe in Langflow\'s editor) is the bearer key of Agent and Structured Output', async () => {
    await post('/api/v1/variables/', { name: 'MY_AGENT_KEY', value: 'sk-agent-own-key', type: 'Credential' });
    const fromVariable = (flow: { data: { nodes: any[] } }, type: string) => {
      const data = structuredClone(flow.data);
      const node = data.nodes.find((n: any) => n.data.type === type);
      Object.assign(node.data.node.template.api_key, { load_from_db: true, value: 'MY_AGENT_KEY' });
      return data;
    };
    const agentId = JSON.parse((await post('/api/v1/flows/', { name: 'Keyed Agent', data: fromVariable(agentFlow, 'Agent') })).text).id;
    fake.script({ text: 'Hello.' });
    const agent = await post(`/api/v1/run/${agentId}`, { input_value: 'hi', tweaks: agentTweaks });
    expect(agent.status, agent.text).toBe(200);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-agent-own-key');

    const parserId = JSON.parse((await post('/api/v1/flows/', { name: 'Keyed Parser', data: fromVariable(parserFlow, 'StructuredOutput') })).text).id;
    fake.script({ toolCalls: [{ id: 'call_k', name: 'OutputModel', arguments: JSON.stringify({ objects: [{ EBITDA: '1', NET_INCOME: '2', GROSS_PROFIT: '3' }] }) }] });
    const parsed = await post(`/api/v1/run/${parserId}`, { input_value: 'numbers', tweaks: parserTweaks });
    expect(parsed.status, parsed.text).toBe(200);
    expect(fake.requests[1]!.headers.authorization).toBe('Bearer sk-agent-own-key');
    expect(agent.text + parsed.text).not.toContain('sk-agent-own-key');
  });

  it('add_current_date_tool off: the agent offers only its connected tools', async () => {
    const flowId = JSON.parse((await post('/api/v1/flows/', { name: 'Dateless Agent', data: agentFlow.data })).text).id;
    fake.script({ text: 'Hello.' });
    const agentId = nodeId(agentFlow, 'Agent');
    const res = await post(`/api/v1/run/${flowId}`, { input_value: 'hi', tweaks: { [agentId]: { ...agentTweaks[agentId], add_current_date_tool: false } } });
    expect(res.status, res.text).toBe(200);
    const names = fake.requests[0]!.body.tools.map((t: any) => t.function.name);
    expect(names).toContain('evaluate_expression');
    expect(names).not.toContain('get_current_date');
  });

  it('Structured Output\'s DataFrame output: one row per extracted object, each formatted by the Parser', async () => {
    const people = {
      nodes: [
        componentNode('ChatInput-c1', 'ChatInput', { input_value: '', should_store_message: false }),
        componentNode('StructuredOutput-s1', 'StructuredOutput', {
          model: modelChoice('OpenAI', 'gpt-4o-mini'),
          system_prompt: 'Extract the people.',
          schema_name: 'Person',
          output_schema: [
            { name: 'name', description: 'Their name', type: 'str', multiple: 'False' },
            { name: 'age', description: 'Their age', type: 'int', multiple: 'False' },
          ],
        }),
        componentNode('ParserComponent-p1', 'ParserComponent', { mode: 'Parser', pattern: '{name} is {age}', sep: '; ' }),
        componentNode('ChatOutput-o1', 'ChatOutput', { should_store_message: false }),
      ],
      edges: [
        link('ChatInput-c1', 'message', 'StructuredOutput-s1', 'input_value'),
        link('StructuredOutput-s1', 'dataframe_output', 'ParserComponent-p1', 'input_data'),
        link('ParserComponent-p1', 'parsed_text', 'ChatOutput-o1', 'input_value'),
      ],
    };
    const flowId = JSON.parse((await post('/api/v1/flows/', { name: 'People', data: people })).text).id;
    fake.script({ toolCalls: [{ id: 'call_people', name: 'Person', arguments: JSON.stringify({ objects: [{ name: 'Ada', age: 36 }, { name: 'Alan', age: 41 }] }) }] });
    const res = await post(`/api/v1/run/${flowId}`, { input_value: 'Ada is 36 and Alan 41.' });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text).outputs[0].outputs[0].outputs.message.message.text).toBe('Ada is 36; Alan is 41');
    const [request] = fake.requests;
    expect(request!.body.messages).toEqual([
      { role: 'system', content: 'Extract the people.' },
      { role: 'user', content: 'Ada is 36 and Alan 41.' },
    ]);
    const item = request!.body.tools[0].function.parameters.properties.objects.items;
    expect(item.properties).toEqual({ name: { type: 'string', description: 'Their name' }, age: { type: 'integer', description: 'Their age' } });
  });
});
