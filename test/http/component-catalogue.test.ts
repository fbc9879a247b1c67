// GET /api/v1/all and POST /api/v1/validate/prompt: the catalogue an editor draws nodes from,
// built from the engine's own component definitions, so a flow assembled from it runs; and
// Langflow's prompt validation, which turns a template's `{variables}` into fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Json = Record<string, any>;

/** A node as an editor places it: the catalogue entry under `data.node`. */
function placed(type: string, id: string, frontendNode: Json, x: number): Json {
  return { id, type: 'genericNode', position: { x, y: 0 }, data: { id, type, node: structuredClone(frontendNode) } };
}

function connect(source: Json, output: string, target: Json, field: string): Json {
  const outputTypes = source.data.node.outputs.find((o: Json) => o.name === output).types;
  const sourceHandle = { dataType: source.data.type, id: source.id, name: output, output_types: outputTypes };
  const targetHandle = { fieldName: field, id: target.id, inputTypes: target.data.node.template[field].input_types, type: 'str' };
  return { id: `e-${source.id}-${target.id}`, source: source.id, target: target.id, data: { sourceHandle, targetHandle } };
}

describe.each(databaseKinds())('component catalogue on $kind', (kind) => {
  let server: TestServer;
  let fake: FakeLlm;
  let user: TestUser;
  let key: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl } });
    user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    auth = { 'x-api-key': key };
    await api(server.url, 'POST', '/api/v1/variables/', { headers: auth, body: { name: 'OPENAI_API_KEY', value: 'sk-catalogue-key', type: 'Credential' } });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('is for signed-in users only', async () => {
    expect((await api(server.url, 'GET', '/api/v1/all')).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/v1/validate/prompt', { body: { name: 'template', template: '{a}' } })).status).toBe(403);
  });

  it('lists components by category in Langflow\'s frontend-node shape', async () => {
    const response = await api(server.url, 'GET', '/api/v1/all?force_refresh=true', { headers: auth });
    expect(response.status).toBe(200);
    const catalogue: Json = response.body;
    expect(Object.keys(catalogue.input_output).sort()).toEqual(expect.arrayContaining(['ChatInput', 'ChatOutput', 'TextInput', 'TextOutput']));
    expect(catalogue.models_and_agents.Prompt).toBeDefined();
    for (const [category, components] of Object.entries(catalogue)) {
      for (const [type, node] of Object.entries(components as Json)) {
        const where = `${category}/${type}`;
        expect(node.template._type, where).toBe('Component');
        expect(node.field_order, where).toEqual(Object.keys(node.template).filter((name) => name !== '_type'));
        expect(node.outputs.length, where).toBeGreaterThan(0);
        for (const output of node.outputs) expect(output.types.length, where).toBeGreaterThan(0);
        for (const name of node.field_order) expect(node.template[name].name, where).toBe(name);
        expect(node.template.code, where).toBeUndefined();
      }
    }
  });

  it('gives nodes that run: Chat Input → Prompt → Chat Output assembled from the catalogue', async () => {
    const catalogue: Json = (await api(server.url, 'GET', '/api/v1/all', { headers: auth })).body;
    const input = placed('ChatInput', 'ChatInput-cat01', catalogue.input_output.ChatInput, 0);
    const prompt = placed('Prompt', 'Prompt-cat02', catalogue.models_and_agents.Prompt, 400);
    const output = placed('ChatOutput', 'ChatOutput-cat03', catalogue.input_output.ChatOutput, 800);

    // The editor asks for the template's fields, as Langflow's does.
    const validated = await api(server.url, 'POST', '/api/v1/validate/prompt', {
      headers: auth,
      body: { name: 'template', template: 'Q: {question}', frontend_node: prompt.data.node },
    });
    expect(validated.status).toBe(200);
    prompt.data.node = validated.body.frontend_node;
    expect(prompt.data.node.template.template.value).toBe('Q: {question}');

    const data = { nodes: [input, prompt, output], edges: [connect(input, 'message', prompt, 'question'), connect(prompt, 'prompt', output, 'input_value')] };
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers: auth, body: { name: 'from the catalogue', data } });
    expect(created.status).toBe(201);
    const run = await api(server.url, 'POST', `/api/v1/run/${created.body.id}`, { headers: auth, body: { input_value: 'why?' } });
    expect(run.status).toBe(200);
    expect(run.body.outputs[0].outputs[0].results.message.text).toBe('Q: why?');
  });

  it('offers Agent and Structured Output under Langflow 1.8\'s categories and field names', async () => {
    const catalogue: Json = (await api(server.url, 'GET', '/api/v1/all', { headers: auth })).body;
    const agent = catalogue.models_and_agents.Agent;
    expect(agent).toMatchObject({ display_name: 'Agent', icon: 'bot', base_classes: ['Message'] });
    expect(agent.outputs.map((o: Json) => [o.name, o.method, o.types])).toEqual([['response', 'message_response', ['Message']]]);
    expect(agent.field_order).toEqual(['model', 'api_key', 'system_prompt', 'n_messages', 'tools', 'input_value', 'max_iterations', 'add_current_date_tool']);
    expect(agent.template.model).toMatchObject({ _input_type: 'ModelInput', type: 'model', required: true });
    expect(agent.template.api_key).toMatchObject({ _input_type: 'SecretStrInput', password: true, advanced: true });
    expect(agent.template.tools).toMatchObject({ _input_type: 'HandleInput', input_types: ['Tool'], list: true });
    expect(agent.template.system_prompt).toMatchObject({ display_name: 'Agent Instructions', input_types: ['Message'] });
    expect(agent.template.max_iterations.value).toBe(15);
    expect(agent.template.add_current_date_tool.value).toBe(true);

    const structured = catalogue.llm_operations.StructuredOutput;
    expect(structured).toMatchObject({ display_name: 'Structured Output', icon: 'braces', base_classes: ['Data', 'DataFrame'] });
    expect(structured.outputs.map((o: Json) => [o.name, o.types])).toEqual([['structured_output', ['Data']], ['dataframe_output', ['DataFrame']]]);
    expect(structured.field_order).toEqual(['model', 'api_key', 'input_value', 'system_prompt', 'schema_name', 'output_schema']);
    expect(structured.template.output_schema).toMatchObject({ _input_type: 'TableInput', type: 'table', value: [{ name: 'field', type: 'str', multiple: 'False' }] });
    expect(structured.template.output_schema.table_schema.map((c: Json) => c.name)).toEqual(['name', 'description', 'type', 'multiple']);
  });

  it('gives an Agent and a Structured Output that run as drawn: the model is the catalogue\'s default, the key the user\'s', async () => {
    const catalogue: Json = (await api(server.url, 'GET', '/api/v1/all', { headers: auth })).body;
    const input = placed('ChatInput', 'ChatInput-cat11', catalogue.input_output.ChatInput, 0);
    const agent = placed('Agent', 'Agent-cat12', catalogue.models_and_agents.Agent, 400);
    const output = placed('ChatOutput', 'ChatOutput-cat13', catalogue.input_output.ChatOutput, 800);
    const agentFlow = { nodes: [input, agent, output], edges: [connect(input, 'message', agent, 'input_value'), connect(agent, 'response', output, 'input_value')] };
    const agentId = (await api(server.url, 'POST', '/api/v1/flows/', { headers: auth, body: { name: 'agent from the catalogue', data: agentFlow } })).body.id;
    fake.reset();
    fake.script({ toolCalls: [{ id: 'call_date', name: 'get_current_date', arguments: '{}' }] }, { text: 'It is today.' });
    const run = await api(server.url, 'POST', `/api/v1/run/${agentId}`, { headers: auth, body: { input_value: 'What day is it?' } });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.outputs[0].outputs[0].results.message.text).toBe('It is today.');
    const [first, second] = fake.requests;
    expect(first!.headers.authorization).toBe('Bearer sk-catalogue-key');
    expect(first!.body.model).toBe(catalogue.models_and_agents.Agent.template.model.value[0].name);
    expect(first!.body.messages[0]).toEqual({ role: 'system', content: catalogue.models_and_agents.Agent.template.system_prompt.value });
    expect(first!.body.tools.map((t: Json) => t.function.name)).toEqual(['get_current_date']);
    expect(second!.body.messages.find((m: Json) => m.role === 'tool').tool_call_id).toBe('call_date');

    const structured = placed('StructuredOutput', 'StructuredOutput-cat14', catalogue.llm_operations.StructuredOutput, 400);
    const shown = placed('ChatOutput', 'ChatOutput-cat15', catalogue.input_output.ChatOutput, 800);
    const structuredFlow = { nodes: [input, structured, shown], edges: [connect(input, 'message', structured, 'input_value'), connect(structured, 'structured_output', shown, 'input_value')] };
    const structuredId = (await api(server.url, 'POST', '/api/v1/flows/', { headers: auth, body: { name: 'structured from the catalogue', data: structuredFlow } })).body.id;
    fake.reset();
    fake.script({ toolCalls: [{ id: 'call_so', name: 'OutputModel', arguments: JSON.stringify({ objects: [{ field: 'found' }] }) }] });
    const extracted = await api(server.url, 'POST', `/api/v1/run/${structuredId}`, { headers: auth, body: { input_value: 'Find the field.' } });
    expect(extracted.status, JSON.stringify(extracted.body)).toBe(200);
    expect(extracted.body.outputs[0].outputs[0].results.message.text).toContain('"field": "found"');
    const [request] = fake.requests;
    expect(request!.body.tool_choice).toEqual({ type: 'function', function: { name: 'OutputModel' } });
    expect(Object.keys(request!.body.tools[0].function.parameters.properties.objects.items.properties)).toEqual(['field']);
  });

  it('switches a component to tool mode as Langflow\'s editor asks (custom_component/update), only those that can be tools, and back', async () => {
    const catalogue: Json = (await api(server.url, 'GET', '/api/v1/all', { headers: auth })).body;
    const toggle = (node: Json, on: boolean) =>
      api(server.url, 'POST', '/api/v1/custom_component/update', { headers: auth, body: { template: node.template, field: 'tool_mode', field_value: on, tool_mode: on } });
    const tools: string[] = [];
    for (const [category, components] of Object.entries(catalogue)) {
      for (const [type, node] of Object.entries(components as Json)) {
        const where = `${category}/${type}`;
        const on = await toggle(node, true);
        // Langflow's editor offers tool mode on a component with a field marked tool_mode.
        if (!Object.values(node.template).some((field: any) => field?.tool_mode === true)) {
          expect(on.status, where).toBe(400);
          expect(on.body.detail, where).toContain('cannot be used as a tool');
          continue;
        }
        tools.push(type);
        expect(on.status, `${where}: ${JSON.stringify(on.body)}`).toBe(200);
        expect(on.body.tool_mode, where).toBe(true);
        expect(on.body.outputs.map((o: Json) => [o.name, o.display_name, o.types]), where).toEqual([['component_as_tool', 'Toolset', ['Tool']]]);
        expect(on.body.template.tools_metadata, where).toMatchObject({ _input_type: 'ToolsInput', type: 'tools' });
        expect(on.body.template.tools_metadata.value.length, where).toBeGreaterThan(0);
        const off = await toggle(on.body, false);
        expect(off.status, where).toBe(200);
        expect(off.body.tool_mode, where).toBe(false);
        expect(off.body.outputs.map((o: Json) => o.name), where).toEqual(node.outputs.map((o: Json) => o.name));
        expect(off.body.template.tools_metadata, where).toBeUndefined();
      }
    }
    expect(tools.sort()).toEqual(['APIRequest', 'CalculatorComponent', 'URLComponent']);
  });

  it('gives an Agent whose tool is a Calculator drawn from the catalogue and switched to tool mode', async () => {
    const catalogue: Json = (await api(server.url, 'GET', '/api/v1/all', { headers: auth })).body;
    const input = placed('ChatInput', 'ChatInput-cat21', catalogue.input_output.ChatInput, 0);
    const calculator = placed('CalculatorComponent', 'CalculatorComponent-cat22', catalogue.utilities.CalculatorComponent, 0);
    const toolMode = await api(server.url, 'POST', '/api/v1/custom_component/update', {
      headers: auth,
      body: { template: calculator.data.node.template, field: 'tool_mode', field_value: true, tool_mode: true },
    });
    expect(toolMode.status).toBe(200);
    calculator.data.node = toolMode.body;
    const agent = placed('Agent', 'Agent-cat23', catalogue.models_and_agents.Agent, 400);
    agent.data.node.template.add_current_date_tool.value = false;
    const output = placed('ChatOutput', 'ChatOutput-cat24', catalogue.input_output.ChatOutput, 800);
    const data = {
      nodes: [input, calculator, agent, output],
      edges: [connect(input, 'message', agent, 'input_value'), connect(calculator, 'component_as_tool', agent, 'tools'), connect(agent, 'response', output, 'input_value')],
    };
    const flowId = (await api(server.url, 'POST', '/api/v1/flows/', { headers: auth, body: { name: 'agent with a tool from the catalogue', data } })).body.id;
    fake.reset();
    fake.script({ toolCalls: [{ id: 'call_calc', name: 'evaluate_expression', arguments: JSON.stringify({ expression: '6*7' }) }] }, { text: 'It is 42.' });
    const run = await api(server.url, 'POST', `/api/v1/run/${flowId}`, { headers: auth, body: { input_value: 'What is 6 times 7?' } });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.outputs[0].outputs[0].results.message.text).toBe('It is 42.');
    const [first, second] = fake.requests;
    expect(first!.body.tools.map((t: Json) => t.function.name)).toEqual(['evaluate_expression']);
    expect(second!.body.messages.find((m: Json) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_calc', content: '{"result":"42"}' });
  });

  it('adds and removes prompt variables as the template changes, keeping values', async () => {
    const catalogue: Json = (await api(server.url, 'GET', '/api/v1/all', { headers: auth })).body;
    const first = await api(server.url, 'POST', '/api/v1/validate/prompt', {
      headers: auth,
      body: { name: 'template', template: 'Use {context} to answer {question}, {question}', frontend_node: catalogue.models_and_agents.Prompt },
    });
    expect(first.status).toBe(200);
    expect(first.body.input_variables).toEqual(['context', 'question']);
    const node = first.body.frontend_node;
    expect(node.custom_fields).toEqual({ template: ['context', 'question'] });
    expect(node.template.context).toMatchObject({ name: 'context', display_name: 'context', input_types: ['Message'], value: '' });
    node.template.question.value = 'kept';

    const second = await api(server.url, 'POST', '/api/v1/validate/prompt', {
      headers: auth,
      body: { name: 'template', template: 'Just {question} and {extra}', frontend_node: node },
    });
    expect(second.body.input_variables).toEqual(['question', 'extra']);
    expect(second.body.frontend_node.template.context).toBeUndefined();
    expect(second.body.frontend_node.template.question.value).toBe('kept');
    expect(second.body.frontend_node.template.extra.value).toBe('');
    expect(second.body.frontend_node.custom_fields).toEqual({ template: ['question', 'extra'] });
    // Literal braces are not variables.
    const literal = await api(server.url, 'POST', '/api/v1/validate/prompt', { headers: auth, body: { name: 'template', template: 'JSON: {{"a": 1}} {x}' } });
    expect(literal.body).toEqual({ input_variables: ['x'], frontend_node: null });
  });

  it('refuses a bad template with a clear 400 and bad bodies with 422', async () => {
    const bad: [string, RegExp][] = [
      ['unclosed {question', /^Invalid prompt: unclosed/],
      ['a lone } brace', /^Invalid prompt: single "}"/],
      ['{two words}', /invalid characters.*two words/],
      ['{template}', /can be named template/],
      ['{1st}', /invalid characters.*1st/],
    ];
    for (const [template, detail] of bad) {
      const response = await api(server.url, 'POST', '/api/v1/validate/prompt', { headers: auth, body: { name: 'template', template } });
      expect(response.status, template).toBe(400);
      expect(response.body.detail, template).toMatch(detail);
    }
    for (const body of [{ template: '{a}' }, { name: 'template', template: 42 }, { name: 'template', template: 'x'.repeat(200_001) }, { name: 'template', template: '{a}', frontend_node: 'nope' }]) {
      expect((await api(server.url, 'POST', '/api/v1/validate/prompt', { headers: auth, body })).status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
  });
});
