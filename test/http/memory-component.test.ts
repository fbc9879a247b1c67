// Message History (type `Memory`) beyond the Memory Chatbot's defaults: Store mode saves a
// message in the run's session (listed by the monitor routes, the caller's alone); Retrieve keeps
// the last `n_messages` of one sender (`sender_type`), newest first with `order: Descending`,
// each line written with `template`; another user's session of the same name stays apart; Chat
// Input and Chat Output store nothing with `should_store_message` off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { componentNode, link } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SESSION = 'memory-component-session';
/** A tweak changes only the fields a node has, as in Langflow: the Retrieve node has them all. */
const RETRIEVE_FIELDS = { mode: 'Retrieve', sender_type: '', n_messages: 100, order: 'Ascending', template: '' };

describe.each(databaseKinds())('Message History on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  let otherKey: string;
  let storeFlow: string;
  let retrieveFlow: string;

  async function run(flowId: string, tweaks: Record<string, unknown>, apiKey = key) {
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ session_id: SESSION, output_type: 'text', tweaks }),
    });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.outputs[0].outputs[0].results.text.text as string;
  }
  const store = (text: string, sender: string, apiKey = key) =>
    run(storeFlow, { 'TextInput-t1': { input_value: text }, 'Memory-m1': { mode: 'Store', sender, sender_name: sender === 'User' ? 'Ada' : 'Bot' } }, apiKey);
  const retrieve = (fields: Record<string, unknown>, apiKey = key) =>
    run(retrieveFlow, { 'Memory-m2': { mode: 'Retrieve', sender_type: 'Machine and User', n_messages: 100, order: 'Ascending', template: '{sender_name}: {text}', ...fields } }, apiKey);

  beforeAll(async () => {
    server = await startTestServer(kind);
    key = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    otherKey = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    const storeData = {
      nodes: [componentNode('TextInput-t1', 'TextInput', { input_value: '' }), componentNode('Memory-m1', 'Memory', { mode: 'Store', sender: '', sender_name: '' }), componentNode('TextOutput-o1', 'TextOutput')],
      edges: [link('TextInput-t1', 'text', 'Memory-m1', 'message'), link('Memory-m1', 'messages_text', 'TextOutput-o1', 'input_value')],
    };
    const retrieveData = {
      nodes: [componentNode('Memory-m2', 'Memory', RETRIEVE_FIELDS), componentNode('TextOutput-o1', 'TextOutput')],
      edges: [link('Memory-m2', 'messages_text', 'TextOutput-o1', 'input_value')],
    };
    storeFlow = await createFlowVia(server, key, storeData, { name: 'Store' });
    retrieveFlow = await createFlowVia(server, key, retrieveData, { name: 'Retrieve' });
    for (const [text, sender] of [['one', 'User'], ['two', 'Machine'], ['three', 'User'], ['four', 'Machine'], ['five', 'Machine']]) await store(text, sender);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('Store saves each message in the run\'s session, as the monitor routes list it', async () => {
    const response = await fetch(`${server.url}/api/v1/monitor/messages?session_id=${SESSION}`, { headers: { 'x-api-key': key } });
    const messages = await response.json();
    expect(messages.map((m: any) => [m.sender, m.sender_name, m.text])).toEqual([
      ['User', 'Ada', 'one'],
      ['Machine', 'Bot', 'two'],
      ['User', 'Ada', 'three'],
      ['Machine', 'Bot', 'four'],
      ['Machine', 'Bot', 'five'],
    ]);
    expect(messages.every((m: any) => m.flow_id === storeFlow)).toBe(true);
  });

  it('Retrieve formats the whole session with the template, oldest first', async () => {
    expect(await retrieve({})).toBe('Ada: one\nBot: two\nAda: three\nBot: four\nBot: five');
    expect(await retrieve({ template: '[{sender}] {text}' })).toBe('[User] one\n[Machine] two\n[User] three\n[Machine] four\n[Machine] five');
  });

  it('n_messages keeps the last ones, sender_type one side, Descending the newest first', async () => {
    expect(await retrieve({ n_messages: 2 })).toBe('Bot: four\nBot: five');
    expect(await retrieve({ sender_type: 'User' })).toBe('Ada: one\nAda: three');
    expect(await retrieve({ sender_type: 'Machine', n_messages: 2, order: 'Descending' })).toBe('Bot: five\nBot: four');
  });

  it('another user\'s session of the same name is apart in both directions', async () => {
    const theirs = await createFlowVia(server, otherKey, {
      nodes: [componentNode('Memory-m2', 'Memory', RETRIEVE_FIELDS), componentNode('TextOutput-o1', 'TextOutput')],
      edges: [link('Memory-m2', 'messages_text', 'TextOutput-o1', 'input_value')],
    });
    const response = await fetch(`${server.url}/api/v1/run/${theirs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': otherKey },
      body: JSON.stringify({ session_id: SESSION, output_type: 'text' }),
    });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.outputs[0].outputs[0].results.text.text).toBe('');
  });

  it('Chat Input and Chat Output store their messages only while should_store_message is on', async () => {
    const flowId = await createFlowVia(server, key, {
      // A tweak changes only fields a node has: both carry the flag, on, as Langflow saves them.
      nodes: [componentNode('ChatInput-i1', 'ChatInput', { input_value: '', should_store_message: true }), componentNode('ChatOutput-o1', 'ChatOutput', { should_store_message: true })],
      edges: [link('ChatInput-i1', 'message', 'ChatOutput-o1', 'input_value')],
    });
    const chat = async (session: string, tweaks: Record<string, unknown>) => {
      const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ input_value: `said in ${session}`, session_id: session, tweaks }),
      });
      expect(response.status).toBe(200);
      const listed = await fetch(`${server.url}/api/v1/monitor/messages?session_id=${session}`, { headers: { 'x-api-key': key } });
      return ((await listed.json()) as any[]).map((m) => `${m.sender}: ${m.text}`);
    };
    expect(await chat('flags-default', {})).toEqual(['User: said in flags-default', 'Machine: said in flags-default']);
    expect(await chat('flags-input-off', { 'ChatInput-i1': { should_store_message: false } })).toEqual(['Machine: said in flags-input-off']);
    expect(await chat('flags-both-off', { 'ChatInput-i1': { should_store_message: false }, 'ChatOutput-o1': { should_store_message: false } })).toEqual([]);
  });
});
