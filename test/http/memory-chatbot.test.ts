// Chat memory: Langflow's Memory Chatbot starter, imported unchanged, remembers a session's
// earlier exchanges (Chat Input and Chat Output store their messages; Memory puts them in the
// system prompt); sessions are apart; the monitor routes list, edit and delete the caller's
// messages and never another user's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

describe.each(databaseKinds())('memory chatbot on $kind', (kind) => {
  let fake: FakeLlm;
  let server: TestServer;
  let key: string;
  let otherKey: string;
  let flowId: string;
  const chatbot = starter('Memory Chatbot');
  const tweaks = { [nodeId(chatbot, 'LanguageModelComponent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } };

  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl } });
    const user = await createUser(server);
    const other = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    otherKey = (await createApiKeyFor(server, other.id)).key;
    // Each user's own key, so a request carrying the wrong one shows.
    for (const [k, value] of [[key, 'sk-memory-test'], [otherKey, 'sk-memory-other']]) await request('POST', '/api/v1/variables/', k!, { name: 'OPENAI_API_KEY', value, type: 'Credential' });
    flowId = await createFlowVia(server, key, chatbot.data, { name: 'Memory Chatbot' });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  async function request(method: string, path: string, apiKey: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const chat = (input: string, sessionId: string) => request('POST', `/api/v1/run/${flowId}`, key, { input_value: input, session_id: sessionId, tweaks });

  it('the second turn sends the first exchange as history in the system prompt', async () => {
    fake.script({ text: 'Nice to meet you, Ada.' }, { text: 'Your name is Ada.' });
    expect((await chat('My name is Ada.', 'session-a')).status).toBe(200);
    const second = await chat('What is my name?', 'session-a');
    expect(second.status).toBe(200);
    expect(second.body.outputs[0].outputs[0].outputs.message.message.text).toBe('Your name is Ada.');
    const system = fake.requests[1]!.body.messages[0];
    expect(system.role).toBe('system');
    expect(system.content).toContain('User: My name is Ada.');
    expect(system.content).toContain('AI: Nice to meet you, Ada.');
    expect(fake.requests[1]!.body.messages.at(-1)).toEqual({ role: 'user', content: 'What is my name?' });
    for (const request of fake.requests) expect(request.headers.authorization).toBe('Bearer sk-memory-test');
    // The first turn had no history but its own question.
    expect(fake.requests[0]!.body.messages[0].content).not.toContain('Nice to meet you');
  });

  it('another session starts with no history of the first', async () => {
    await chat('Hello from B', 'session-b');
    const system = fake.requests[0]!.body.messages[0].content as string;
    expect(system).not.toContain('Ada');
  });

  it('the monitor routes list the caller\'s sessions and messages, in order', async () => {
    const sessions = await request('GET', `/api/v1/monitor/messages/sessions?flow_id=${flowId}`, key);
    expect(sessions.status).toBe(200);
    expect(sessions.body).toEqual(expect.arrayContaining(['session-a', 'session-b']));
    const messages = await request('GET', `/api/v1/monitor/messages?flow_id=${flowId}&session_id=session-a`, key);
    expect(messages.body.map((m: any) => [m.sender, m.text])).toEqual([
      ['User', 'My name is Ada.'],
      ['Machine', 'Nice to meet you, Ada.'],
      ['User', 'What is my name?'],
      ['Machine', 'Your name is Ada.'],
    ]);
    expect(messages.body[0].timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(messages.body[0].flow_id).toBe(flowId);
    const machine = await request('GET', `/api/v1/monitor/messages?session_id=session-a&sender=Machine`, key);
    expect(machine.body).toHaveLength(2);
  });

  it('another user sees, edits and deletes none of them', async () => {
    expect((await request('GET', '/api/v1/monitor/messages/sessions', otherKey)).body).toEqual([]);
    expect((await request('GET', `/api/v1/monitor/messages?flow_id=${flowId}`, otherKey)).body).toEqual([]);
    const [first] = (await request('GET', '/api/v1/monitor/messages?session_id=session-a', key)).body;
    expect((await request('PUT', `/api/v1/monitor/messages/${first.id}`, otherKey, { text: 'hacked' })).status).toBe(404);
    expect((await request('DELETE', '/api/v1/monitor/messages', otherKey, [first.id])).status).toBe(204);
    expect((await request('DELETE', '/api/v1/monitor/messages/session/session-a', otherKey)).status).toBe(204);
    expect((await request('GET', '/api/v1/monitor/messages?session_id=session-a', key)).body).toHaveLength(4);
  });

  it('the owner edits a message (marked edited), and the edit is the history the model sees next', async () => {
    const [first] = (await request('GET', '/api/v1/monitor/messages?session_id=session-a', key)).body;
    const edited = await request('PUT', `/api/v1/monitor/messages/${first.id}`, key, { text: 'My name is Grace.' });
    expect(edited.status).toBe(200);
    expect(edited.body.text).toBe('My name is Grace.');
    expect(edited.body.edit).toBe(true);
    await chat('And now?', 'session-a');
    expect(fake.requests[0]!.body.messages[0].content).toContain('User: My name is Grace.');
  });

  it('the owner deletes messages by id and whole sessions', async () => {
    const all = (await request('GET', '/api/v1/monitor/messages?session_id=session-a', key)).body;
    expect((await request('DELETE', '/api/v1/monitor/messages', key, [all[0].id])).status).toBe(204);
    expect((await request('GET', '/api/v1/monitor/messages?session_id=session-a', key)).body).toHaveLength(all.length - 1);
    expect((await request('DELETE', '/api/v1/monitor/messages/session/session-a', key)).status).toBe(204);
    expect((await request('GET', '/api/v1/monitor/messages?session_id=session-a', key)).body).toEqual([]);
    expect((await request('GET', '/api/v1/monitor/messages/sessions', key)).body).toEqual(['session-b']);
  });

  it('a bad message id is a 422, an unknown one a 404', async () => {
    expect((await request('PUT', '/api/v1/monitor/messages/not-a-uuid', key, { text: 'x' })).status).toBe(422);
    expect((await request('PUT', '/api/v1/monitor/messages/00000000-0000-4000-8000-000000000000', key, { text: 'x' })).status).toBe(404);
  });
});
