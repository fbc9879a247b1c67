// The REAL @datastax/langflow-client against a real Flowgate server: run, stream, errors, a
// Langflow-exported flow uploaded through the flows API, file uploads, a base URL ending in `/`.
import { readFileSync } from 'node:fs';
import { LangflowClient } from '@datastax/langflow-client';
import { LangflowError } from '@datastax/langflow-client/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { createFlowVia, promptFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const fixtureBytes = readFileSync(new URL('../fixtures/flows/langflow-basic-prompting.json', import.meta.url));

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe.each(databaseKinds())('@datastax/langflow-client on $kind', (kind) => {
  let server: TestServer;
  let user: TestUser;
  let apiKey: string;
  let flowId: string;
  let client: LangflowClient;

  beforeAll(async () => {
    server = await startTestServer(kind);
    user = await createUser(server);
    // The documented way: log in, then mint a key with POST /api/v1/api_key/.
    const created = await fetch(`${server.url}/api/v1/api_key/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer(server, user)) },
      body: JSON.stringify({ name: 'client test' }),
    });
    expect(created.status).toBe(200);
    apiKey = (await created.json()).api_key;
    flowId = await createFlowVia(server, apiKey, promptFlowData('Echo: {question}'));
    client = new LangflowClient({ baseUrl: server.url, apiKey });
  });
  afterAll(() => server?.close());

  it('flow(id).run() → chatOutputText() is the flow\'s output', async () => {
    const response = await client.flow(flowId).run('Hello from the client');
    expect(response.chatOutputText()).toBe('Echo: Hello from the client');
    expect(response.sessionId).toBe(flowId);
  });

  it('passes tweaks and a session id', async () => {
    const response = await client
      .flow(flowId)
      .tweak('Prompt-bbbbb', { template: 'Tweaked: {question}' })
      .run('hi', { session_id: 'client-session' });
    expect(response.chatOutputText()).toBe('Tweaked: hi');
    expect(response.sessionId).toBe('client-session');
  });

  it('flow.stream() yields add_message and token events, then end with the result', async () => {
    const stream = await client.flow(flowId).stream('one two three four five');
    const events: { event: string; data: any }[] = [];
    for await (const event of stream) events.push(event as { event: string; data: any });
    const names = events.map((e) => e.event);
    expect(names).toContain('add_message');
    expect(names).toContain('token');
    expect(names.at(-1)).toBe('end');
    expect(events.filter((e) => e.event === 'token').map((e) => e.data.chunk).join('')).toBe('Echo: one two three four five');
    expect(events.at(-1)!.data.result.session_id).toBe(flowId);
  });

  it('a wrong key fails with the client\'s LangflowError carrying 403 and the detail', async () => {
    const wrong = new LangflowClient({ baseUrl: server.url, apiKey: 'sk-wrong-key' });
    const error = await caught(wrong.flow(flowId).run('x'));
    expect(error).toBeInstanceOf(LangflowError);
    const response = (error as LangflowError).cause as Response;
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ detail: 'Invalid or missing API key' });
    expect((error as Error).message).toMatch(/^403/);
  });

  it('another user\'s key gets the same 404 as an unknown flow', async () => {
    const stranger = await createUser(server);
    const created = await fetch(`${server.url}/api/v1/api_key/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer(server, stranger)) },
      body: JSON.stringify({ name: 'stranger' }),
    });
    const strangerClient = new LangflowClient({ baseUrl: server.url, apiKey: (await created.json()).api_key });
    const error = await caught(strangerClient.flow(flowId).run('x'));
    const response = (error as LangflowError).cause as Response;
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: `Flow identifier ${flowId} not found` });
  });

  it('runs a Langflow-exported flow uploaded through POST /api/v1/flows/upload/', async () => {
    const form = new FormData();
    form.append('file', new Blob([fixtureBytes], { type: 'application/json' }), 'langflow-basic-prompting.json');
    const uploaded = await fetch(`${server.url}/api/v1/flows/upload/`, { method: 'POST', headers: { 'x-api-key': apiKey }, body: form });
    expect(uploaded.status).toBe(201);
    const [flow] = await uploaded.json();
    const response = await client.flow(flow.id).run('What is a flow?');
    expect(response.chatOutputText()).toBe('You are a patient teacher. Reply in one short paragraph.\n\nUser: What is a flow?\n\nAnswer:');
  });

  it('uploads a file for a flow with flow.uploadFile() and to /api/v2/files with client.files', async () => {
    const upload = await client.flow(flowId).uploadFile(new File(['some notes'], 'notes.txt', { type: 'text/plain' }));
    expect(upload.flowId).toBe(flowId);
    expect(upload.filePath).toMatch(new RegExp(`^${user.id}/[0-9a-f-]{36}$`));

    const userFile = await client.files.upload(new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' }));
    expect(userFile).toMatchObject({ name: 'table', size: 8, path: `${user.id}/${userFile.id}` });
    const listed = await client.files.list();
    expect(listed.map((f) => f.id)).toContain(userFile.id);
    expect(listed.find((f) => f.id === userFile.id)!.created_at).toBeInstanceOf(Date);
  });

  it('works with a base URL ending in `/` (the client then sends //api/...)', async () => {
    const slashed = new LangflowClient({ baseUrl: `${server.url}/`, apiKey });
    expect((await slashed.flow(flowId).run('slash')).chatOutputText()).toBe('Echo: slash');
    const stream = await slashed.flow(flowId).stream('slash');
    const events: { event: string }[] = [];
    for await (const event of stream) events.push(event as { event: string });
    expect(events.at(-1)!.event).toBe('end');
  });
});
