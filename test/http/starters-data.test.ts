// Langflow's starters that read pages and files, imported through the API unchanged and run
// with only the model (and, as there is no internet here, the page URL or the uploaded file)
// chosen by tweaks, against the fake provider and a loopback site: Blog Writer (URL → Parser →
// Prompt → model), Document Q&A (Read File → Prompt as system message), Text Sentiment Analysis
// (Read File → three models, two chat outputs), Custom Component Generator (three URL sources,
// Memory and the request in one prompt). Asserts what the provider received.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { startSite, type Site } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { pdfWithText } from '../helpers/documents.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

const USER_KEY = 'sk-starters-data-0123456789SECRET';
const gpt = modelChoice('OpenAI', 'gpt-4o-mini');

describe.each(databaseKinds())('data starters on $kind', (kind) => {
  let fake: FakeLlm;
  let site: Site;
  let server: TestServer;
  let key: string;
  const ids: Record<string, string> = {};

  async function post(path: string, body: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) };
  }
  async function upload(name: string, content: Uint8Array | string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([content as Uint8Array<ArrayBuffer>]), name);
    const response = await fetch(`${server.url}/api/v2/files`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
    expect(response.status).toBe(201);
    return (await response.json()).path;
  }
  const chatTexts = (body: any): string[] => body.outputs[0].outputs.map((o: any) => o.results.message.text);
  const userMessage = (request: any) => request.body.messages.find((m: any) => m.role === 'user')?.content;
  const systemMessage = (request: any) => request.body.messages.find((m: any) => m.role === 'system')?.content;

  beforeAll(async () => {
    fake = await startFakeLlm();
    site = await startSite({
      '/component.py': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('class Component:\n    pass\n'),
      '/examples.py': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('class Example(Component):\n    display_name = "Example"\n'),
      '/custom.py': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('class CustomComponent:\n    ...\n'),
      '/blog': '<html><head><title>Langflow blog</title></head><body><article><h1>Flows</h1><p>Langflow is a visual builder.</p></article></body></html>',
    });
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl, LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1' } });
    const user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    expect((await post('/api/v1/variables/', { name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' })).status).toBe(201);
    for (const name of ['Blog Writer', 'Document Q&A', 'Text Sentiment Analysis', 'Custom Component Generator']) {
      ids[name] = await createFlowVia(server, key, starter(name).data, { name });
    }
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    await site?.close();
  });
  beforeEach(() => fake.reset());

  it('Blog Writer: the page, parsed into "Text: …", and the instructions reach the model', async () => {
    const flow = starter('Blog Writer');
    fake.script({ text: 'A new blog post.' });
    const res = await post(`/api/v1/run/${ids['Blog Writer']}`, {
      tweaks: {
        [nodeId(flow, 'URLComponent')]: { urls: [`${site.url}/blog`] },
        [nodeId(flow, 'LanguageModelComponent')]: { model: gpt },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatTexts(res.json)).toEqual(['A new blog post.']);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(userMessage(fake.requests[0])).toBe(
      'Reference 1:\n\nText: Flows\n\nLangflow is a visual builder.\n\n---\n\n' +
        'Use the references above for style to write a new blog/tutorial about Langflow and AI. Suggest non-covered topics.\n\nBlog: \n\n',
    );
    expect(site.requests.at(-1)!.headers['user-agent']).toBe('langflow');
  });

  it('Blog Writer with its URL pointing inside the network is refused before the model is called', async () => {
    const flow = starter('Blog Writer');
    const res = await post(`/api/v1/run/${ids['Blog Writer']}`, {
      tweaks: {
        [nodeId(flow, 'URLComponent')]: { urls: ['http://169.254.169.254/latest/meta-data/'] },
        [nodeId(flow, 'LanguageModelComponent')]: { model: gpt },
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('Requests to 169.254.169.254 are blocked');
    expect(fake.requests).toHaveLength(0);
  });

  it('Document Q&A: the uploaded PDF\'s text is in the system prompt, the question is the user message', async () => {
    const flow = starter('Document Q&A');
    const path = await upload('handbook.pdf', pdfWithText(['Refunds take 14 days.', 'Support answers in 1 hour.']));
    fake.script({ text: 'Fourteen days.' });
    const res = await post(`/api/v1/run/${ids['Document Q&A']}`, {
      input_value: 'How long do refunds take?',
      tweaks: { [nodeId(flow, 'File')]: { path: [path] }, [nodeId(flow, 'LanguageModelComponent')]: { model: gpt } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatTexts(res.json)).toEqual(['Fourteen days.']);
    expect(systemMessage(fake.requests[0])).toBe(
      "Answer user's questions based on the document below:\n\n---\n\nRefunds take 14 days.\nSupport answers in 1 hour.\n\n---\n\nQuestion:",
    );
    expect(userMessage(fake.requests[0])).toBe('How long do refunds take?');
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${USER_KEY}`);
  });

  it('Text Sentiment Analysis: the file feeds two models, the summary a third; both chat outputs answer', async () => {
    const flow = starter('Text Sentiment Analysis');
    const messages = 'message_id,created_at,message_content\n1,2025-01-02,Love the new agent!\n2,2025-01-03,The File component crashes';
    const path = await upload('messages.csv', messages);
    const models = flow.data.nodes.filter((n: any) => n.data.type === 'LanguageModelComponent').map((n: any) => n.id);
    const tweaks: Record<string, unknown> = { [nodeId(flow, 'File')]: { path: [path] } };
    // Only the model: the hidden `ollama_base_url`, saved as a load_from_db "variable" named
    // "http://localhost:11434", is kept as a literal default and not needed for OpenAI.
    for (const id of models) tweaks[id] = { model: gpt };
    const res = await post(`/api/v1/run/${ids['Text Sentiment Analysis']}`, { tweaks });
    expect(res.status, res.text).toBe(200);
    expect(fake.requests).toHaveLength(3);
    for (const request of fake.requests) expect(request.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    const users = fake.requests.map(userMessage);
    // The classifier reads the file itself; the summarizer reads it inside its prompt.
    expect(users).toContain(messages);
    expect(users.some((text: string) => text.includes(`Here is the list of messages:  \n${messages}  \n`))).toBe(true);
    // The action-item model reads the summarizer's answer (the fake echoes its input).
    expect(users.some((text: string) => text.startsWith('Based on the following summary') && text.includes('Summary:\necho: You are analyzing messages'))).toBe(true);
    const texts = chatTexts(res.json);
    expect(texts).toHaveLength(2);
    expect(texts.some((text) => text.startsWith('echo: You are an NLP expert') || text === `echo: ${messages}`)).toBe(true);
  });

  it('Text Sentiment Analysis with Ollama: the user\'s OLLAMA_BASE_URL variable wins over the saved default URL', async () => {
    const flow = starter('Text Sentiment Analysis');
    const path = await upload('short.csv', 'message_id,message_content\n1,Great release');
    const models = flow.data.nodes.filter((n: any) => n.data.type === 'LanguageModelComponent').map((n: any) => n.id);
    const tweaks: Record<string, unknown> = { [nodeId(flow, 'File')]: { path: [path] } };
    for (const id of models) tweaks[id] = { model: modelChoice('Ollama', 'llama3.2') };
    const variable = await post('/api/v1/variables/', { name: 'OLLAMA_BASE_URL', value: fake.origin, type: 'Generic' });
    expect(variable.status).toBe(201);
    try {
      const res = await post(`/api/v1/run/${ids['Text Sentiment Analysis']}`, { tweaks });
      expect(res.status, res.text).toBe(200);
      expect(fake.requests).toHaveLength(3);
      for (const request of fake.requests) {
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.body.model).toBe('llama3.2');
        // Ollama needs no key: the user's OpenAI Credential is not sent along.
        expect(request.headers.authorization).not.toContain(USER_KEY);
      }
    } finally {
      await fetch(`${server.url}/api/v1/variables/${variable.json.id}`, { method: 'DELETE', headers: { 'x-api-key': key } });
    }
  });

  it('Custom Component Generator: three fetched sources, the history and the request fill the prompt', async () => {
    const flow = starter('Custom Component Generator');
    const urlNodes = flow.data.nodes.filter((n: any) => n.data.type === 'URL');
    const fieldOf = (id: string) => flow.data.edges.find((e: any) => e.source === id).data.targetHandle.fieldName as string;
    const pages: Record<string, string> = { BASE_COMPONENT_CODE: 'component.py', EXAMPLE_COMPONENTS: 'examples.py', CUSTOM_COMPONENT_CODE: 'custom.py' };
    const tweaks: Record<string, unknown> = { [nodeId(flow, 'LanguageModelComponent')]: { model: gpt } };
    for (const node of urlNodes) tweaks[node.id] = { urls: [`${site.url}/${pages[fieldOf(node.id)]}`] };
    fake.script({ text: 'class Generated(Component): ...' });
    const res = await post(`/api/v1/run/${ids['Custom Component Generator']}`, { input_value: 'A component that reverses text', tweaks });
    expect(res.status, res.text).toBe(200);
    expect(chatTexts(res.json)).toEqual(['class Generated(Component): ...']);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${USER_KEY}`);
    const prompt = userMessage(fake.requests[0]) as string;
    expect(prompt).toContain('class Component:\n    pass');
    expect(prompt).toContain('class Example(Component):\n    display_name = "Example"');
    expect(prompt).toContain('class CustomComponent:\n    ...');
    expect(prompt).toContain('A component that reverses text');
  });
});
