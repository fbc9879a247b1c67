// Langflow's Image Sentiment Analysis starter, uploaded through POST /api/v1/flows/upload/ as
// the export file it is and run with only the models chosen by tweaks and the image attached to
// the Chat Input (`files`), against the fake provider: the image reaches the model as OpenAI
// content parts (a data URL) or Anthropic image blocks, the model's description goes to
// Structured Output, and the Parser formats the extracted sentiment. Files that are not images,
// or not the caller's, are refused before anything is sent.
// Images reach an Agent (Simple Agent) and Structured Output (Financial Report Parser) alike.
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

const OPENAI_KEY = 'sk-image-starter-0123456789SECRET';
const NAME = 'Image Sentiment Analysis';
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'langflow-starters');
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The start of a JPEG (its signature is what decides the type). */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

describe.each(databaseKinds())('Image Sentiment Analysis on $kind', (kind) => {
  let fake: FakeLlm;
  let server: TestServer;
  let key: string;
  let otherKey: string;
  let flowId: string;
  const flow = starter(NAME);
  const chatInput = nodeId(flow, 'ChatInput');
  const prompt = flow.data.nodes.find((n: any) => n.data.type === 'Prompt').data.node.template.template.value as string;
  const modelTweaks = (provider: string, name: string) => ({
    [nodeId(flow, 'LanguageModelComponent')]: { model: modelChoice(provider, name) },
    [nodeId(flow, 'StructuredOutput')]: { model: modelChoice(provider, name) },
  });
  const extraction = (sentiment: string, description: string) => ({
    toolCalls: [{ id: 'call_sentiment', name: 'OutputModel', arguments: JSON.stringify({ objects: [{ sentiment, description }] }) }],
  });

  async function post(route: string, body: unknown, apiKey = key) {
    const response = await fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) };
  }
  async function upload(route: string, name: string, content: Uint8Array | string, apiKey = key) {
    const form = new FormData();
    form.append('file', new Blob([content as Uint8Array<ArrayBuffer>]), name);
    const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'x-api-key': apiKey }, body: form });
    expect(response.status).toBe(201);
    return response.json();
  }
  const chatText = (body: any): string => body.outputs[0].outputs[0].results.message.text;

  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl, ANTHROPIC_BASE_URL: fake.anthropicUrl } });
    const user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    otherKey = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    expect((await post('/api/v1/variables/', { name: 'OPENAI_API_KEY', value: OPENAI_KEY, type: 'Credential' })).status).toBe(201);
    expect((await post('/api/v1/variables/', { name: 'ANTHROPIC_API_KEY', value: 'ant-image-starter-key', type: 'Credential' })).status).toBe(201);
    const [created] = await upload('/api/v1/flows/upload/', `${NAME}.json`, fs.readFileSync(path.join(fixtures, `${NAME}.json`)));
    flowId = created.id;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('OpenAI: the image is a data-URL content part after the text; the description is classified and parsed', async () => {
    // Langflow's playground uploads chat images to the flow (v1); the path goes into `files`.
    const image = await upload(`/api/v1/files/upload/${flowId}`, 'dog.png', PNG);
    fake.script({ text: 'A dog smiling in the sun.' }, extraction('Positive', 'A dog smiling'));
    const res = await post(`/api/v1/run/${flowId}`, {
      input_value: 'How does this picture feel?',
      session_id: 'image-session',
      tweaks: { ...modelTweaks('OpenAI', 'gpt-4o-mini'), [chatInput]: { files: [image.file_path] } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json)).toBe('Sentiment: Positive, Description: A dog smiling');
    expect(fake.requests).toHaveLength(2);
    const [describe, classify] = fake.requests;
    expect(describe!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(describe!.body.messages).toEqual([
      { role: 'system', content: prompt },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'How does this picture feel?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } },
        ],
      },
    ]);
    // Structured Output reads the model's text, not the image.
    expect(classify!.body.messages.find((m: any) => m.role === 'user').content).toBe('A dog smiling in the sun.');
    expect(classify!.body.tool_choice).toEqual({ type: 'function', function: { name: 'OutputModel' } });
    // The stored chat message keeps its file.
    const history = await fetch(`${server.url}/api/v1/monitor/messages?flow_id=${flowId}&session_id=image-session`, { headers: { 'x-api-key': key } });
    const stored = (await history.json()).find((m: any) => m.sender === 'User');
    expect(stored.files).toEqual([image.file_path]);
  });

  it('Anthropic: the image is a base64 image block after the text, typed from its bytes', async () => {
    const image = await upload('/api/v2/files', 'photo.jpeg', JPEG);
    fake.script({ text: 'A rainy street.' }, extraction('Negative', 'A rainy street'));
    const res = await post(`/api/v1/run/${flowId}`, {
      input_value: 'Classify this.',
      tweaks: { ...modelTweaks('Anthropic', 'claude-3-5-sonnet-latest'), [chatInput]: { files: [image.path] } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json)).toBe('Sentiment: Negative, Description: A rainy street');
    const [describe] = fake.requests;
    expect(describe!.path).toBe('/v1/messages');
    expect(describe!.body.system).toBe(prompt);
    expect(describe!.body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Classify this.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: JPEG.toString('base64') } },
        ],
      },
    ]);
  });

  it('a file that is not an image is a 400 naming it; nothing is sent', async () => {
    const notes = await upload('/api/v2/files', 'notes.png', 'just text, whatever the name says');
    const res = await post(`/api/v1/run/${flowId}`, {
      input_value: 'Classify this.',
      tweaks: { ...modelTweaks('OpenAI', 'gpt-4o-mini'), [chatInput]: { files: [notes.path] } },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('notes.png is not an image');
    expect(fake.requests).toHaveLength(0);
  });

  it('another user\'s image cannot be attached: 400, nothing is sent', async () => {
    const theirs = await upload('/api/v2/files', 'theirs.png', PNG, otherKey);
    const res = await post(`/api/v1/run/${flowId}`, {
      input_value: 'Classify this.',
      tweaks: { ...modelTweaks('OpenAI', 'gpt-4o-mini'), [chatInput]: { files: [theirs.path] } },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('File not found among your uploaded files');
    expect(fake.requests).toHaveLength(0);
  });

  it('Simple Agent: an image attached to the Chat Input reaches the agent\'s model with the question', async () => {
    const agent = starter('Simple Agent');
    const [created] = await upload('/api/v1/flows/upload/', 'Simple Agent.json', fs.readFileSync(path.join(fixtures, 'Simple Agent.json')));
    const image = await upload('/api/v2/files', 'chart.png', PNG);
    fake.script({ text: 'The chart rises.' });
    const res = await post(`/api/v1/run/${created.id}`, {
      input_value: 'What does this chart show?',
      tweaks: { [nodeId(agent, 'Agent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') }, [nodeId(agent, 'ChatInput')]: { files: [image.path] } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json)).toBe('The chart rises.');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What does this chart show?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } },
      ],
    });
  });

  it('Financial Report Parser: an image attached to the Chat Input reaches Structured Output\'s model (Anthropic)', async () => {
    const report = starter('Financial Report Parser');
    const [created] = await upload('/api/v1/flows/upload/', 'Financial Report Parser.json', fs.readFileSync(path.join(fixtures, 'Financial Report Parser.json')));
    const image = await upload('/api/v2/files', 'report.jpeg', JPEG);
    fake.script({ toolCalls: [{ id: 'call_report', name: 'OutputModel', arguments: JSON.stringify({ objects: [{ EBITDA: '1M', NET_INCOME: '2M', GROSS_PROFIT: '3M' }] }) }] });
    const res = await post(`/api/v1/run/${created.id}`, {
      input_value: 'Extract the figures from this scan.',
      tweaks: { [nodeId(report, 'StructuredOutput')]: { model: modelChoice('Anthropic', 'claude-3-5-haiku-latest') }, [nodeId(report, 'ChatInput')]: { files: [image.path] } },
    });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.json)).toBe('EBITDA: 1M  ,  Net Income: 2M , GROSS_PROFIT: 3M');
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/messages');
    expect(request!.body.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Extract the figures from this scan.' },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: JPEG.toString('base64') } },
      ],
    });
  });
});
