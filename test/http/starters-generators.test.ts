// Langflow's prompt-and-generate starters, each uploaded through POST /api/v1/flows/upload/ as
// the export file it is (unchanged bytes) and run with only the model chosen by a tweak (and, for
// Portfolio Website Code Generator, the uploaded résumé), against the fake provider: Basic
// Prompt Chaining (three chained prompts, no model), SEO Keyword Generator (two prompts as
// system and user message), Twitter Thread Generator (six text inputs fill the system prompt,
// the chat input is the user message), Portfolio Website Code Generator (File → Structured
// Output → Parser → model). Asserts what the provider received and what the run returned.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

const USER_KEY = 'sk-starters-generators-0123456789SECRET';
const gpt = modelChoice('OpenAI', 'gpt-4o-mini');
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'langflow-starters');
const STARTERS = ['Basic Prompt Chaining', 'SEO Keyword Generator', 'Twitter Thread Generator', 'Portfolio Website Code Generator'];

describe.each(databaseKinds())('prompt-and-generate starters on $kind', (kind) => {
  let fake: FakeLlm;
  let server: TestServer;
  let key: string;
  const ids: Record<string, string> = {};

  async function post(route: string, body: unknown) {
    const response = await fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) };
  }
  async function upload(route: string, name: string, content: Uint8Array | string) {
    const form = new FormData();
    form.append('file', new Blob([content as Uint8Array<ArrayBuffer>]), name);
    const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
    expect(response.status).toBe(201);
    return response.json();
  }
  const chatTexts = (body: any): string[] => body.outputs[0].outputs.map((o: any) => o.results.message.text);
  const messageOf = (request: any, role: string) => request.body.messages.find((m: any) => m.role === role)?.content;
  const templateOf = (flow: ReturnType<typeof starter>, id: string): string => flow.data.nodes.find((n: any) => n.id === id).data.node.template.template.value;

  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl } });
    const user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    expect((await post('/api/v1/variables/', { name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' })).status).toBe(201);
    for (const name of STARTERS) {
      const [created] = await upload('/api/v1/flows/upload/', `${name}.json`, fs.readFileSync(path.join(fixtures, `${name}.json`)));
      expect(created.name).toBe(name);
      ids[name] = created.id;
    }
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('Basic Prompt Chaining: the last of the three chained prompts is the answer; no model is called', async () => {
    const flow = starter('Basic Prompt Chaining');
    const res = await post(`/api/v1/run/${ids['Basic Prompt Chaining']}`, { input_value: 'Grocery lists that plan themselves.' });
    expect(res.status, res.text).toBe(200);
    const last = flow.data.edges.find((e: any) => e.target === nodeId(flow, 'ChatOutput')).source;
    expect(chatTexts(res.json)).toEqual([templateOf(flow, last)]);
    expect(fake.requests).toHaveLength(0);
  });

  it('SEO Keyword Generator: the strategist prompt is the system message, the filled product brief the user message', async () => {
    const flow = starter('SEO Keyword Generator');
    const model = nodeId(flow, 'LanguageModelComponent');
    const edgeInto = (field: string) => flow.data.edges.find((e: any) => e.target === model && e.data.targetHandle.fieldName === field).source;
    const brief = flow.data.nodes.find((n: any) => n.id === edgeInto('input_value')).data.node.template;
    fake.script({ text: '1. AI fitness coach — …' });
    const res = await post(`/api/v1/run/${ids['SEO Keyword Generator']}`, { tweaks: { [model]: { model: gpt } } });
    expect(res.status, res.text).toBe(200);
    expect(chatTexts(res.json)).toEqual(['1. AI fitness coach — …']);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(request!.body.model).toBe('gpt-4o-mini');
    expect(messageOf(request, 'system')).toBe(templateOf(flow, edgeInto('system_message')));
    const user = messageOf(request, 'user') as string;
    expect(user).toContain(`Product:\n${brief.product.value}\n`);
    expect(user).toContain(`Expertise Level:\n${brief.expertise_level.value}`);
    expect(user).not.toMatch(/\{[a-z_]+\}/);
  });

  it('Twitter Thread Generator: six text inputs fill the system prompt, the request is the user message', async () => {
    const flow = starter('Twitter Thread Generator');
    const model = nodeId(flow, 'LanguageModelComponent');
    const textOf = (variable: string) => {
      const source = flow.data.edges.find((e: any) => e.data.targetHandle.fieldName === variable).source;
      return flow.data.nodes.find((n: any) => n.id === source).data.node.template.input_value.value as string;
    };
    fake.script({ chunks: ['1. Langflow ', 'ships prompts 🚀'] });
    const res = await post(`/api/v1/run/${ids['Twitter Thread Generator']}`, {
      input_value: 'Announce our new prompt flow.',
      tweaks: { [model]: { model: gpt } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatTexts(res.json)).toEqual(['1. Langflow ships prompts 🚀']);
    const [request] = fake.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(messageOf(request, 'user')).toBe('Announce our new prompt flow.');
    const system = messageOf(request, 'system') as string;
    expect(system).toContain(`<profile_type>\n\n${textOf('PROFILE_TYPE')}\n\n</profile_type>`);
    expect(system).toContain(`<output_format>\n\n${textOf('OUTPUT_FORMAT')}\n\n</output_format>`);
    expect(system).toContain(`<output_language>\n\nEnglish\n\n</output_language>`);
    // Doubled braces are literal braces (f-string), not variables.
    expect(system).toContain('Explain each input variable:\n\n{PROFILE_TYPE}\n\n{PROFILE_DETAILS}');
  });

  it('Twitter Thread Generator with Ollama and no address configured: the saved default localhost URL meets the SSRF guard', async () => {
    const flow = starter('Twitter Thread Generator');
    const res = await post(`/api/v1/run/${ids['Twitter Thread Generator']}`, {
      input_value: 'Announce it.',
      tweaks: { [nodeId(flow, 'LanguageModelComponent')]: { model: modelChoice('Ollama', 'llama3.2') } },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('localhost');
    expect(res.json.detail).not.toContain('variable not found');
    expect(fake.requests).toHaveLength(0);
  });

  it('Portfolio Website Code Generator: the résumé becomes structured data, stringified for the model', async () => {
    const flow = starter('Portfolio Website Code Generator');
    const resume = 'Ada Lovelace\nada@example.org\nAnalyst at Babbage & Co (1842-1843): wrote the first program.';
    const file = await upload('/api/v2/files', 'resume.txt', resume);
    const extracted = { full_name: 'Ada Lovelace', email: 'ada@example.org', skills: ['mathematics'], experience: [{ job_title: 'Analyst' }] };
    fake.script(
      { toolCalls: [{ id: 'call_resume', name: 'OutputModel', arguments: JSON.stringify({ objects: [extracted] }) }] },
      { text: '<!DOCTYPE html><html>…</html>' },
    );
    const res = await post(`/api/v1/run/${ids['Portfolio Website Code Generator']}`, {
      tweaks: {
        [nodeId(flow, 'File')]: { path: [file.path] },
        [nodeId(flow, 'StructuredOutput')]: { model: gpt },
        [nodeId(flow, 'LanguageModelComponent')]: { model: gpt },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatTexts(res.json)).toEqual(['<!DOCTYPE html><html>…</html>']);
    expect(fake.requests).toHaveLength(2);
    const [extract, generate] = fake.requests;
    for (const request of fake.requests) expect(request.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    // Structured output: the file's text in, the schema's tool forced.
    expect(messageOf(extract, 'user')).toBe(resume);
    expect(extract!.body.tool_choice).toEqual({ type: 'function', function: { name: 'OutputModel' } });
    const fields = extract!.body.tools[0].function.parameters.properties.objects.items.properties;
    expect(Object.keys(fields)).toContain('full_name');
    expect(fields.experience.type).toBe('array');
    // The generator: the instructions as system message, the stringified résumé as input.
    const instructions = flow.data.nodes.find((n: any) => n.data.type === 'TextInput').data.node.template.input_value.value;
    expect(messageOf(generate, 'system')).toBe(instructions);
    const input = messageOf(generate, 'user') as string;
    expect(input).toContain('Ada Lovelace');
    expect(input).toContain('ada@example.org');
    expect(input).toContain('Analyst');
  });
});
