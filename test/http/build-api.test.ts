// Langflow's build API (what its UI's playground and "run component" use): Basic Prompting,
// imported unchanged but for the model choice, built through POST /build/{flow_id}/flow and read
// with streaming, polling and direct delivery; the events in the order and shapes Langflow's UI
// parses; stop_component_id; model tokens streamed under the answer's id; cancel; jobs that are
// the caller's alone; bad input answered 4xx before any job starts.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia, variableFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

const USER_KEY = 'sk-build-user-0123456789abcdefSECRET';

type BuildEvent = { event: string; data: any };

/** Langflow's NDJSON events: one JSON object per line (blank lines between them). */
function parseNdjson(text: string): BuildEvent[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Basic Prompting with its model set to OpenAI gpt-4o-mini (and `stream` as given). */
function basicPrompting(stream: boolean) {
  const flow = starter('Basic Prompting');
  const model = flow.data.nodes.find((node) => node.data.type === 'LanguageModelComponent').data.node.template;
  model.model.value = modelChoice('OpenAI', 'gpt-4o-mini');
  model.stream.value = stream;
  return flow;
}

describe.each(databaseKinds())('build API on $kind', (kind) => {
  let fake: FakeLlm;
  let server: TestServer;
  let key: string;
  let otherKey: string;
  let flowId: string;
  let streamingFlowId: string;
  const flow = basicPrompting(false);
  const ids = {
    input: nodeId(flow, 'ChatInput'),
    prompt: nodeId(flow, 'Prompt'),
    model: nodeId(flow, 'LanguageModelComponent'),
    output: nodeId(flow, 'ChatOutput'),
  };

  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl } });
    const user = await createUser(server);
    const other = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    otherKey = (await createApiKeyFor(server, other.id)).key;
    const variable = await call('POST', '/api/v1/variables/', key, { name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' });
    expect(variable.status, variable.text).toBe(201);
    flowId = await createFlowVia(server, key, flow.data, { name: 'Basic Prompting' });
    streamingFlowId = await createFlowVia(server, key, basicPrompting(true).data, { name: 'Basic Prompting streaming' });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  async function call(method: string, path: string, apiKey: string | undefined, body?: unknown) {
    const headers: Record<string, string> = {};
    if (apiKey) headers['x-api-key'] = apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
  }

  async function startBuild(id: string, query = '', body: unknown = { inputs: { input_value: 'What is Flowgate?' } }, apiKey = key) {
    const res = await call('POST', `/api/v1/build/${id}/flow${query}`, apiKey, body);
    expect(res.status, res.text).toBe(200);
    const { job_id: jobId } = res.json();
    expect(typeof jobId).toBe('string');
    return jobId as string;
  }

  async function streamEvents(jobId: string, apiKey = key) {
    const res = await call('GET', `/api/v1/build/${jobId}/events`, apiKey);
    expect(res.status, res.text).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    return parseNdjson(res.text);
  }

  async function pollUntilEnd(jobId: string): Promise<BuildEvent[]> {
    const events: BuildEvent[] = [];
    while (!events.some((e) => e.event === 'end' || e.event === 'error')) {
      const res = await call('GET', `/api/v1/build/${jobId}/events?event_delivery=polling`, key);
      expect(res.status, res.text).toBe(200);
      expect(res.type).toContain('application/x-ndjson');
      events.push(...parseNdjson(res.text));
    }
    return events;
  }

  it('streams a whole build: vertices_sorted, add_message, end_vertex per component in order, end', async () => {
    fake.script({ text: 'Flowgate runs Langflow flows.' });
    const events = await streamEvents(await startBuild(flowId));
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('vertices_sorted');
    expect(names.at(-1)).toBe('end');
    expect(events.at(-1)!.data).toEqual({});

    const sorted = events[0]!.data;
    // The first layer: the components that wait on nothing.
    expect(new Set(sorted.ids)).toEqual(new Set([ids.input, ids.prompt]));
    expect(new Set(sorted.to_run)).toEqual(new Set(Object.values(ids)));

    const built = events.filter((e) => e.event === 'end_vertex').map((e) => e.data.build_data);
    expect(built.map((b) => b.id).sort()).toEqual(Object.values(ids).sort());
    expect(built.indexOf(built.find((b) => b.id === ids.model))).toBeLessThan(built.indexOf(built.find((b) => b.id === ids.output)));
    for (const b of built) {
      expect(b.valid).toBe(true);
      expect(Object.keys(b.data).sort()).toEqual(['artifacts', 'duration', 'logs', 'message', 'outputs', 'results', 'timedelta', 'used_frozen_result']);
      expect(typeof b.timestamp).toBe('string');
    }
    const modelBuild = built.find((b) => b.id === ids.model);
    expect(modelBuild.next_vertices_ids).toEqual([ids.output]);
    expect(modelBuild.data.outputs.text_output).toEqual({ message: 'Flowgate runs Langflow flows.', type: 'text' });
    // The model handle (which holds the provider client and key) is never serialized.
    expect(modelBuild.data.outputs.model_output).toBeUndefined();
    const outputBuild = built.find((b) => b.id === ids.output);
    expect(outputBuild.next_vertices_ids).toEqual([]);
    expect(outputBuild.data.outputs.message.type).toBe('message');
    expect(outputBuild.data.outputs.message.message.text).toBe('Flowgate runs Langflow flows.');

    const messages = events.filter((e) => e.event === 'add_message').map((e) => e.data);
    expect(messages.map((m) => [m.sender, m.text])).toEqual([
      ['User', 'What is Flowgate?'],
      ['Machine', 'Flowgate runs Langflow flows.'],
    ]);
    // A chat message is announced before its component's end_vertex, as Langflow does.
    expect(names.indexOf('add_message')).toBeLessThan(names.indexOf('end_vertex'));
    // No model streaming: no token events (Langflow's build never invents tokens).
    expect(names).not.toContain('token');
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    const all = JSON.stringify(events);
    expect(all).not.toContain(USER_KEY);

    // The messages are stored as /run stores them: the monitor lists them under the flow's id as session.
    const stored = await call('GET', `/api/v1/monitor/messages?flow_id=${flowId}`, key);
    expect(stored.status).toBe(200);
    expect(stored.json().map((m: any) => m.text)).toEqual(expect.arrayContaining(['What is Flowgate?', 'Flowgate runs Langflow flows.']));
  });

  it('polling returns the queued events as NDJSON until end', async () => {
    fake.script({ text: 'polled answer' });
    const events = await pollUntilEnd(await startBuild(flowId, '?event_delivery=polling'));
    expect(events[0]!.event).toBe('vertices_sorted');
    expect(events.at(-1)!.event).toBe('end');
    expect(events.filter((e) => e.event === 'end_vertex')).toHaveLength(4);
    expect(events.filter((e) => e.event === 'add_message').at(-1)!.data.text).toBe('polled answer');
  });

  it('direct delivery streams the events in the POST response itself', async () => {
    fake.script({ text: 'direct answer' });
    const res = await call('POST', `/api/v1/build/${flowId}/flow?event_delivery=direct`, key, { inputs: { input_value: 'hi' } });
    expect(res.status, res.text).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    const events = parseNdjson(res.text);
    expect(events[0]!.event).toBe('vertices_sorted');
    expect(events.at(-1)!.event).toBe('end');
    expect(events.filter((e) => e.event === 'add_message').at(-1)!.data.text).toBe('direct answer');
  });

  it('with the model\'s stream on, a partial message first, then one token per provider chunk in order, then the complete message', async () => {
    fake.script({ chunks: ['Hel', 'lo', ' wor', 'ld'] });
    const events = await streamEvents(await startBuild(streamingFlowId));
    expect(fake.requests[0]!.body.stream).toBe(true);
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.map((e) => e.data.chunk)).toEqual(['Hel', 'lo', ' wor', 'ld']);
    const streamId = tokens[0]!.data.id;
    expect(new Set(tokens.map((e) => e.data.id))).toEqual(new Set([streamId]));
    const firstToken = events.indexOf(tokens[0]!);
    const partial = events.findIndex((e) => e.event === 'add_message' && e.data.id === streamId);
    expect(partial).toBeGreaterThan(-1);
    expect(partial).toBeLessThan(firstToken);
    expect(events[partial]!.data.properties.state).toBe('partial');
    const complete = events.filter((e) => e.event === 'add_message' && e.data.id === streamId).at(-1)!.data;
    expect(complete.text).toBe('Hello world');
    expect(complete.properties.state).toBe('complete');
    expect(events.at(-1)!.event).toBe('end');
  });

  it('stop_component_id runs only what that component needs', async () => {
    const events = await streamEvents(await startBuild(flowId, `?stop_component_id=${encodeURIComponent(ids.prompt)}`));
    expect(events[0]!.data).toEqual({ ids: [ids.prompt], to_run: [ids.prompt] });
    expect(events.filter((e) => e.event === 'end_vertex').map((e) => e.data.build_data.id)).toEqual([ids.prompt]);
    expect(events.map((e) => e.event)).not.toContain('add_message');
    expect(fake.requests).toHaveLength(0);
    expect(events.at(-1)!.event).toBe('end');

    fake.script({ text: 'up to the model' });
    const upToModel = await streamEvents(await startBuild(flowId, `?stop_component_id=${encodeURIComponent(ids.model)}`));
    expect(new Set(upToModel[0]!.data.to_run)).toEqual(new Set([ids.input, ids.prompt, ids.model]));
    const built = upToModel.filter((e) => e.event === 'end_vertex').map((e) => e.data.build_data);
    expect(built.map((b) => b.id).sort()).toEqual([ids.input, ids.prompt, ids.model].sort());
    expect(built.find((b) => b.id === ids.model).next_vertices_ids).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('start_component_id runs that component, what follows it and what those need', async () => {
    fake.script({ text: 'from the model on' });
    const events = await streamEvents(await startBuild(flowId, `?start_component_id=${encodeURIComponent(ids.model)}`));
    expect(new Set(events[0]!.data.to_run)).toEqual(new Set(Object.values(ids)));
    expect(events.at(-1)!.event).toBe('end');
  });

  it('builds an unsaved graph sent as `data` instead of the stored flow', async () => {
    const edited = basicPrompting(false);
    const prompt = edited.data.nodes.find((node) => node.data.type === 'Prompt').data.node.template;
    prompt.template.value = 'An edited, unsaved prompt';
    const res = await call('POST', `/api/v1/build/${flowId}/flow?event_delivery=direct&stop_component_id=${encodeURIComponent(ids.prompt)}`, key, {
      inputs: { input_value: 'unused' },
      data: { nodes: edited.data.nodes, edges: edited.data.edges },
    });
    expect(res.status, res.text).toBe(200);
    const promptBuild = parseNdjson(res.text).find((e) => e.event === 'end_vertex' && e.data.build_data.id === ids.prompt)!.data.build_data;
    expect(promptBuild.data.outputs.prompt).toEqual({ message: 'An edited, unsaved prompt', type: 'text' });
    expect(promptBuild.params).toBe('An edited, unsaved prompt');
  });

  it('a failing component: an error message naming it, its end_vertex invalid, then end', async () => {
    fake.script({ status: 500, errorBody: { error: { message: 'provider exploded', type: 'server_error' } } });
    const events = await streamEvents(await startBuild(flowId));
    const error = events.find((e) => e.event === 'error')!.data;
    expect(error.category).toBe('error');
    expect(error.properties.source.id).toBe(ids.model);
    expect(typeof error.text).toBe('string');
    const failed = events.find((e) => e.event === 'end_vertex' && e.data.build_data.id === ids.model)!.data.build_data;
    expect(failed.valid).toBe(false);
    const output = Object.values(failed.data.outputs)[0] as any;
    expect(output.type).toBe('error');
    expect(typeof output.message.errorMessage).toBe('string');
    expect(events.some((e) => e.event === 'end_vertex' && e.data.build_data.id === ids.output)).toBe(false);
    expect(events.at(-1)!.event).toBe('end');
    expect(JSON.stringify(events)).not.toContain(USER_KEY);
  });

  it('a user without the provider\'s variable: the model component fails naming OPENAI_API_KEY, nothing leaves', async () => {
    const theirs = await createFlowVia(server, otherKey, flow.data, { name: 'No key' });
    const events = await streamEvents(await startBuild(theirs, '', { inputs: { input_value: 'hi' } }, otherKey), otherKey);
    const error = events.find((e) => e.event === 'error')!.data;
    expect(error.text).toContain('OPENAI_API_KEY');
    expect(error.properties.source.id).toBe(ids.model);
    expect(events.at(-1)!.event).toBe('end');
    expect(fake.requests).toHaveLength(0);
  });

  it('a provider\'s 401 and 500 reach the events named, never with the key; the stored messages hold none of it', async () => {
    const sessionId = 'provider-failures';
    for (const [status, names] of [[401, 'OPENAI_API_KEY'], [500, 'overloaded']] as const) {
      fake.script({ status, errorBody: { error: { message: `overloaded? Incorrect API key provided: ${USER_KEY}`, type: 'invalid_request_error' } } });
      const events = await streamEvents(await startBuild(flowId, '', { inputs: { input_value: 'hi', session: sessionId } }));
      const error = events.find((e) => e.event === 'error')!.data;
      expect(error.text, String(status)).toContain(names);
      expect(error.properties.source.id).toBe(ids.model);
      expect(JSON.stringify(events), String(status)).not.toContain(USER_KEY.slice(3, 15));
    }
    expect(fake.requests).toHaveLength(2);
    const stored = await call('GET', `/api/v1/monitor/messages?flow_id=${flowId}`, key);
    expect(stored.status).toBe(200);
    expect(stored.text).not.toContain(USER_KEY.slice(3, 15));
    expect(server.logs.join('\n')).not.toContain(USER_KEY.slice(3, 15));
  });

  it('a failure before any component runs (a missing variable) is one error event, without end', async () => {
    const id = await createFlowVia(server, key, variableFlowData('NO_SUCH_VARIABLE'), { name: 'Missing variable' });
    const events = await streamEvents(await startBuild(id));
    expect(events.map((e) => e.event)).toEqual(['error']);
    expect(events[0]!.data.category).toBe('error');
    expect(events[0]!.data.text).toContain('NO_SUCH_VARIABLE');
    expect(events[0]!.data.properties.source).toBeNull();
  });

  it('cancel stops a running build and its model call', async () => {
    fake.script({ chunks: ['first'], hang: true });
    const closed = fake.waitForClosedStream();
    const jobId = await startBuild(streamingFlowId, '?event_delivery=polling');
    // Wait until the model call is under way (its first token is queued).
    const seen: BuildEvent[] = [];
    while (!seen.some((e) => e.event === 'token')) {
      seen.push(...parseNdjson((await call('GET', `/api/v1/build/${jobId}/events?event_delivery=polling`, key)).text));
    }
    // As Langflow's UI sends it: `Content-Type: application/json` and no body.
    const cancelled = await fetch(`${server.url}/api/v1/build/${jobId}/cancel`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ success: true, message: 'Flow build cancelled successfully' });
    await closed;
    expect(fake.closedStreams).toBeGreaterThan(0);
    // The job's stream ends without an `end` event.
    const rest = await call('GET', `/api/v1/build/${jobId}/events`, key);
    expect(parseNdjson(rest.text).map((e) => e.event)).not.toContain('end');
  });

  it('a streaming reader that leaves cancels the build', async () => {
    fake.script({ chunks: ['first'], hang: true });
    const closed = fake.waitForClosedStream();
    const jobId = await startBuild(streamingFlowId);
    await new Promise<void>((resolve, reject) => {
      const request = http.request(`${server.url}/api/v1/build/${jobId}/events`, { headers: { 'x-api-key': key } });
      request.on('response', (response) => {
        let seen = '';
        response.on('data', (part: Buffer) => {
          seen += part.toString();
          if (seen.includes('"token"')) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      request.end();
    });
    await closed;
    expect(fake.closedStreams).toBeGreaterThan(0);
  });

  it('Simple Agent: build_start/build_end around the tool it calls, its final answer streamed token by token', async () => {
    const agentFlow = starter('Simple Agent');
    const agentId = nodeId(agentFlow, 'Agent');
    const calculatorId = nodeId(agentFlow, 'CalculatorComponent');
    agentFlow.data.nodes.find((node) => node.id === agentId).data.node.template.model.value = modelChoice('OpenAI', 'gpt-4o-mini');
    const agentFlowId = await createFlowVia(server, key, agentFlow.data, { name: 'Simple Agent' });
    fake.script(
      { toolCalls: [{ id: 'call_calc_1', name: 'evaluate_expression', arguments: JSON.stringify({ expression: '6*7' }) }] },
      { chunks: ['The answer', ' is', ' 42.'] },
    );
    const events = await streamEvents(await startBuild(agentFlowId, '', { inputs: { input_value: 'What is 6 times 7?' } }));
    expect(events.at(-1)!.event).toBe('end');
    const names = events.map((e) => `${e.event}:${e.data?.id ?? e.data?.build_data?.id ?? ''}`);
    const start = names.indexOf(`build_start:${calculatorId}`);
    const end = names.indexOf(`build_end:${calculatorId}`);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThan(names.indexOf(`end_vertex:${agentId}`));
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.map((e) => e.data.chunk)).toEqual(['The answer', ' is', ' 42.']);
    const answer = events.filter((e) => e.event === 'add_message').at(-1)!.data;
    expect(answer.text).toBe('The answer is 42.');
    expect(new Set(tokens.map((e) => e.data.id))).toEqual(new Set([answer.id]));
    expect(fake.requests.every((request) => request.body.stream === true)).toBe(true);
  });

  it('a user may have only so many builds running at once: one more is a 429', async () => {
    const running: string[] = [];
    for (let i = 0; i < 4; i++) {
      fake.script({ chunks: ['first'], hang: true });
      running.push(await startBuild(streamingFlowId, '?event_delivery=polling'));
    }
    const refused = await call('POST', `/api/v1/build/${flowId}/flow`, key, {});
    expect(refused.status).toBe(429);
    expect(refused.json().detail).toContain('builds running');
    // Another user is not held back by them.
    const otherFlow = await createFlowVia(server, otherKey, flow.data, { name: 'Other' });
    const others = await call('POST', `/api/v1/build/${otherFlow}/flow?stop_component_id=${encodeURIComponent(ids.prompt)}`, otherKey, {});
    expect(others.status, others.text).toBe(200);
    for (const jobId of running) expect((await call('POST', `/api/v1/build/${jobId}/cancel`, key)).status).toBe(200);
    expect((await call('POST', `/api/v1/build/${flowId}/flow?stop_component_id=${encodeURIComponent(ids.prompt)}`, key, {})).status).toBe(200);
  });

  it('another user\'s job is a 404 for events and cancel; an unknown job too', async () => {
    fake.script({ text: 'mine' });
    const jobId = await startBuild(flowId);
    for (const res of [
      await call('GET', `/api/v1/build/${jobId}/events?event_delivery=polling`, otherKey),
      await call('GET', `/api/v1/build/${jobId}/events`, otherKey),
      await call('POST', `/api/v1/build/${jobId}/cancel`, otherKey),
      await call('GET', '/api/v1/build/00000000-0000-4000-8000-000000000000/events', key),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json().detail).toMatch(/^Job not found/);
    }
    // The owner still reads the whole build.
    expect((await streamEvents(jobId)).at(-1)!.event).toBe('end');
  });

  it('another user\'s flow and an unknown flow are the same 404', async () => {
    const other = await call('POST', `/api/v1/build/${flowId}/flow`, otherKey, {});
    const unknown = await call('POST', '/api/v1/build/00000000-0000-4000-8000-000000000000/flow', key, {});
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(other.json().detail).toBe(`Flow with id ${flowId} not found`);
    // Other spellings of the id reach only the owner's flow too.
    expect((await call('POST', `/api/v1/build/${flowId.toUpperCase()}/flow`, otherKey, {})).status).toBe(404);
    const upper = await call('POST', `/api/v1/build/${flowId.toUpperCase()}/flow?stop_component_id=${encodeURIComponent(ids.prompt)}`, key, {});
    expect(upper.status, upper.text).toBe(200);
  });

  it('refuses calls without credentials', async () => {
    expect((await call('POST', `/api/v1/build/${flowId}/flow`, undefined, {})).status).toBe(403);
    expect((await call('GET', '/api/v1/build/some-job/events', undefined)).status).toBe(403);
    expect((await call('POST', '/api/v1/build/some-job/cancel', undefined)).status).toBe(403);
    expect((await call('POST', `/api/v1/build/${flowId}/flow`, 'sk-not-a-real-key', {})).status).toBe(403);
  });

  it('bad input is a clear 4xx and starts nothing', async () => {
    const notUuid = await call('POST', '/api/v1/build/not-a-uuid/flow', key, {});
    expect(notUuid.status).toBe(422);
    const noNodes = await call('POST', `/api/v1/build/${flowId}/flow`, key, { data: { edges: [] } });
    expect(noNodes.status).toBe(422);
    const dangling = await call('POST', `/api/v1/build/${flowId}/flow`, key, {
      data: { nodes: flow.data.nodes, edges: [{ source: ids.input, target: 'Nowhere-xxxxx', data: {} }] },
    });
    expect(dangling.status).toBe(400);
    expect(dangling.json().detail).toContain('Nowhere-xxxxx');
    const unknownStop = await call('POST', `/api/v1/build/${flowId}/flow?stop_component_id=Missing-12345`, key, {});
    expect(unknownStop.status).toBe(400);
    expect(unknownStop.json().detail).toContain('Missing-12345');
    const badDelivery = await call('POST', `/api/v1/build/${flowId}/flow?event_delivery=carrier-pigeon`, key, {});
    expect(badDelivery.status).toBe(422);
    expect(fake.requests).toHaveLength(0);
  });
});

describe.each(databaseKinds())('build API and shutdown on $kind', (kind) => {
  it('a graceful shutdown ends an open build stream with an error event and cancels the build', async () => {
    const fake = await startFakeLlm();
    const server = await startTestServer(kind, { env: { OPENAI_BASE_URL: fake.openaiUrl, LANGFLOW_SHUTDOWN_GRACE_SECONDS: '1' } });
    try {
      const user = await createUser(server);
      const key = (await createApiKeyFor(server, user.id)).key;
      await fetch(`${server.url}/api/v1/variables/`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' }),
      });
      const flowId = await createFlowVia(server, key, basicPrompting(true).data, { name: 'Streaming' });
      fake.script({ chunks: ['first'], hang: true });
      const closedModelCall = fake.waitForClosedStream();
      const response = await fetch(`${server.url}/api/v1/build/${flowId}/flow?event_delivery=direct`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { input_value: 'hang' } }),
      });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('"token"')) text += new TextDecoder().decode((await reader.read()).value);
      const closing = server.close();
      for (let part = await reader.read(); !part.done; part = await reader.read()) text += new TextDecoder().decode(part.value);
      await closing;
      await closedModelCall;
      const events = parseNdjson(text);
      const last = events.at(-1)!;
      expect(last.event).toBe('error');
      expect(last.data).toMatchObject({ category: 'error', text: 'The server is shutting down; run the flow again', flow_id: flowId, session_id: flowId });
    } finally {
      await fake.close();
    }
  });
});
