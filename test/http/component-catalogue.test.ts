// GET /api/v1/all and POST /api/v1/validate/prompt: the catalogue an editor draws nodes from,
// built from the engine's own component definitions, so a flow assembled from it runs; and
// Langflow's prompt validation, which turns a template's `{variables}` into fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Json = Record<string, any>;

/** A node as an editor places it: the catalogue entry under `data.node`. */
function placed(type: string, id: string, frontendNode: Json, x: number): Json {
  return { id, type: 'genericNode', position: { x, y: 0 }, data: { id, type, node: structuredClone(frontendNode) } };
}

function connect(source: Json, output: string, target: Json, field: string): Json {
  const sourceHandle = { dataType: source.data.type, id: source.id, name: output, output_types: ['Message'] };
  const targetHandle = { fieldName: field, id: target.id, inputTypes: target.data.node.template[field].input_types, type: 'str' };
  return { id: `e-${source.id}-${target.id}`, source: source.id, target: target.id, data: { sourceHandle, targetHandle } };
}

describe.each(databaseKinds())('component catalogue on $kind', (kind) => {
  let server: TestServer;
  let user: TestUser;
  let key: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer(kind);
    user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    auth = { 'x-api-key': key };
  });
  afterAll(() => server?.close());

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
