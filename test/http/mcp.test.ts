// Flows as MCP tools, through the SDK's own client over both transports: each user sees and
// runs only their own flows (D26), a project's server only its mcp_enabled flows, its settings
// only for its owner; credentials as Langflow's (x-api-key header or query, Bearer), anonymous
// only from loopback; a revoked key, a deactivated user or an ended login ends the session.
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { apiCall } from '../helpers/api-call.js';
import { databaseKinds } from '../helpers/databases.js';
import { componentNode, link, startSite } from '../helpers/component-flows.js';
import { createApiKeyFor, createFlowVia, eventually, promptFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Transport = 'streamable' | 'sse';
const TRANSPORTS: Transport[] = ['streamable', 'sse'];

async function connect(
  server: TestServer,
  path: string,
  transport: Transport,
  headers: Record<string, string> = {},
): Promise<{ client: Client; closed: Promise<void> }> {
  const client = new Client({ name: 'flowgate-test', version: '1.0.0' });
  let onClosed!: () => void;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  client.onclose = onClosed;
  const url = new URL(`${server.url}${path}/${transport}`);
  const t = transport === 'streamable' ? new StreamableHTTPClientTransport(url, { requestInit: { headers } }) : new SSEClientTransport(url, { requestInit: { headers }, eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) } });
  await client.connect(t);
  return { client, closed };
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };

/** The HTTP status of a connection attempt (node:http, so that a Host header can be sent). */
function refusal(server: TestServer, path: string, transport: Transport, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(`${server.url}${path}/${transport}`);
  const body = transport === 'streamable' ? JSON.stringify(INITIALIZE) : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: body ? 'POST' : 'GET',
      headers: body
        ? { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }
        : { accept: 'text/event-stream', ...headers },
    }, (response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A raw SSE session: the stream, the URL its endpoint event names, and when the stream ends. */
async function rawSseSession(server: TestServer, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/v1/mcp/sse`, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = '';
  while (!/event: endpoint\ndata: (\S+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before the endpoint event');
    text += Buffer.from(value).toString();
  }
  const postUrl = new URL(text.match(/event: endpoint\ndata: (\S+)/)![1], server.url).toString();
  const received = { text: '' };
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      received.text += Buffer.from(value).toString();
    }
  })();
  const post = (message: unknown, extra: Record<string, string> = {}) =>
    fetch(postUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(message) });
  return { post, ended, received, abort: () => controller.abort() };
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

async function createFlow(server: TestServer, key: string, name: string, folderId?: string, description?: string): Promise<string> {
  const response = await apiCall(server, 'POST', '/api/v1/flows/', { 'x-api-key': key }, {
    name,
    description: description ?? null,
    data: promptFlowData(),
    folder_id: folderId ?? null,
  });
  if (response.status !== 201) throw new Error(`flow: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

describe.each(databaseKinds())('MCP on $kind', (kind) => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let aliceKey: { id: string; key: string };
  let bobKey: { id: string; key: string };
  let toolsProject: string;
  const flows: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-123' } });
    alice = await createUser(server);
    bob = await createUser(server);
    aliceKey = await createApiKeyFor(server, alice.id);
    bobKey = await createApiKeyFor(server, bob.id);
    flows.echo = await createFlow(server, aliceKey.key, 'Echo Flow', undefined, 'Repeats what you say');
    flows.second = await createFlow(server, aliceKey.key, 'Second: Flow!');
    const project = await apiCall(server, 'POST', '/api/v1/projects/', { 'x-api-key': aliceKey.key }, { name: 'Tools' });
    toolsProject = project.body.id;
    flows.enabled = await createFlow(server, aliceKey.key, 'Enabled One', toolsProject);
    flows.disabled = await createFlow(server, aliceKey.key, 'Disabled One', toolsProject);
    flows.bob = await createFlow(server, bobKey.key, 'Bob Secret');
    const patch = await apiCall(server, 'PATCH', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': aliceKey.key }, {
      settings: [{ id: flows.enabled, mcp_enabled: true, action_name: 'My Action', action_description: 'Does the thing' }],
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toEqual({ message: 'Updated MCP settings for 1 flows and project auth settings' });
  });
  afterAll(() => server?.close());

  describe.each(TRANSPORTS)('global server over %s', (transport) => {
    it("lists exactly the caller's flows, with Langflow's names, descriptions and input schema", async () => {
      const { client } = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': aliceKey.key });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['disabled_one', 'echo_flow', 'enabled_one', 'second_flow']);
      const echo = tools.find((t) => t.name === 'echo_flow')!;
      expect(echo.description).toBe(`${flows.echo}: Repeats what you say`);
      expect(echo.inputSchema.properties).toHaveProperty('input_value');
      expect(tools.find((t) => t.name === 'second_flow')!.description).toBe('Tool generated from flow: second_flow');
      await client.close();
    });

    it('runs a tool as the caller and returns its text output', async () => {
      const { client } = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': aliceKey.key });
      const result = await client.callTool({ name: 'echo_flow', arguments: { input_value: 'Hello' } });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: 'text', text: 'You said: Hello' }]);
      await client.close();
    });

    it("shows another user none of the caller's tools, and refuses to run them", async () => {
      const { client } = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': bobKey.key });
      expect(await toolNames(client)).toEqual(['bob_secret']);
      await expect(client.callTool({ name: 'echo_flow', arguments: { input_value: 'x' } })).rejects.toThrow(/Tool echo_flow not found/);
      await client.close();
    });

    it('takes the key as a query parameter, or a Bearer token', async () => {
      // The query form: the SDK keeps the URL's query on every request.
      const client = new Client({ name: 'q', version: '1' });
      const url = new URL(`${server.url}/api/v1/mcp/${transport}?x-api-key=${encodeURIComponent(aliceKey.key)}`);
      await client.connect(transport === 'streamable' ? new StreamableHTTPClientTransport(url) : new SSEClientTransport(url));
      expect(await toolNames(client)).toContain('echo_flow');
      await client.close();
      const viaBearer = await connect(server, '/api/v1/mcp', transport, await bearer(server, alice));
      expect(await toolNames(viaBearer.client)).toContain('echo_flow');
      await viaBearer.client.close();
    });
  });

  describe.each(TRANSPORTS)('project server over %s', (transport) => {
    it("lists exactly the project's enabled flows under their action names", async () => {
      const { client } = await connect(server, `/api/v1/mcp/project/${toolsProject}`, transport, { 'x-api-key': aliceKey.key });
      const { tools } = await client.listTools();
      expect(tools.map((t) => [t.name, t.description])).toEqual([['my_action', 'Does the thing']]);
      const result = await client.callTool({ name: 'my_action', arguments: { input_value: 'Hi' } });
      expect(result.content).toEqual([{ type: 'text', text: 'You said: Hi' }]);
      // A flow of the same user outside the project is not a tool here.
      await expect(client.callTool({ name: 'echo_flow', arguments: {} })).rejects.toThrow(/not found/);
      await client.close();
    });

    it("is not found for another user's key", async () => {
      expect(await refusal(server, `/api/v1/mcp/project/${toolsProject}`, transport, { 'x-api-key': bobKey.key })).toBe(404);
    });
  });

  it.each(TRANSPORTS)('refuses a request with no credentials (403) over %s', async (transport) => {
    expect(await refusal(server, '/api/v1/mcp', transport)).toBe(403);
    expect(await refusal(server, `/api/v1/mcp/project/${toolsProject}`, transport)).toBe(403);
    expect(await refusal(server, '/api/v1/mcp', transport, { 'x-api-key': 'sk-not-a-key' })).toBe(403);
  });

  it('answers HEAD health probes without credentials', async () => {
    for (const path of ['/api/v1/mcp/streamable', '/api/v1/mcp/sse', `/api/v1/mcp/project/${toolsProject}/streamable`]) {
      expect((await fetch(`${server.url}${path}`, { method: 'HEAD' })).status).toBe(200);
    }
  });

  it("takes a flow's action_name and action_description from the flows API too", async () => {
    const project = (await apiCall(server, 'POST', '/api/v1/projects/', { 'x-api-key': aliceKey.key }, { name: 'Via API' })).body.id;
    const created = await apiCall(server, 'POST', '/api/v1/flows/', { 'x-api-key': aliceKey.key }, {
      name: 'Api Named', data: promptFlowData(), folder_id: project, mcp_enabled: true, action_name: 'api_tool', action_description: 'Set through /flows',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ action_name: 'api_tool', action_description: 'Set through /flows', mcp_enabled: true });
    const patched = await apiCall(server, 'PATCH', `/api/v1/flows/${created.body.id}`, { 'x-api-key': aliceKey.key }, { action_description: 'Changed' });
    expect(patched.body).toMatchObject({ action_name: 'api_tool', action_description: 'Changed' });
    const { client } = await connect(server, `/api/v1/mcp/project/${project}`, 'streamable', { 'x-api-key': aliceKey.key });
    expect((await client.listTools()).tools.map((t) => [t.name, t.description])).toEqual([['api_tool', 'Changed']]);
    await client.close();
  });

  describe.each(TRANSPORTS)('resources over %s', (transport) => {
    const upload = async (key: string, name: string, content: string, route = '/api/v2/files') => {
      const form = new FormData();
      form.append('file', new Blob([content]), name);
      const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
      expect(response.status).toBe(201);
    };
    beforeAll(async () => {
      await upload(aliceKey.key, `notes-${transport}.txt`, 'alice notes');
      await upload(aliceKey.key, `tool-data-${transport}.csv`, 'a,b', `/api/v1/files/upload/${flows.enabled}`);
      await upload(bobKey.key, `bob-${transport}.txt`, 'bob private');
    });

    it("lists and reads only the caller's files; a project only its enabled flows' files", async () => {
      const alices = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': aliceKey.key });
      const { resources } = await alices.client.listResources();
      const names = resources.map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining([`notes-${transport}.txt`, `tool-data-${transport}.csv`]));
      expect(names.some((n) => n.startsWith('bob-'))).toBe(false);
      const notes = resources.find((r) => r.name === `notes-${transport}.txt`)!;
      expect(notes.uri).toMatch(new RegExp(`^${server.url}/api/v2/files/[0-9a-f-]{36}$`));
      const read = await alices.client.readResource({ uri: notes.uri });
      expect(Buffer.from((read.contents[0] as { blob: string }).blob, 'base64').toString()).toBe('alice notes');

      const bobs = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': bobKey.key });
      await expect(bobs.client.readResource({ uri: notes.uri })).rejects.toThrow(/Resource not found/);
      expect((await bobs.client.listResources()).resources.map((r) => r.name)).toEqual(expect.arrayContaining([`bob-${transport}.txt`]));
      expect((await bobs.client.listResources()).resources.some((r) => r.name.startsWith('notes-'))).toBe(false);

      const project = await connect(server, `/api/v1/mcp/project/${toolsProject}`, transport, { 'x-api-key': aliceKey.key });
      const projectNames = (await project.client.listResources()).resources.map((r) => r.name);
      expect(projectNames).toContain(`tool-data-${transport}.csv`);
      expect(projectNames).not.toContain(`notes-${transport}.txt`);
      await expect(project.client.readResource({ uri: notes.uri })).rejects.toThrow(/Resource not found/);
      for (const c of [alices, bobs, project]) await c.client.close();
    });
  });

  describe('project settings', () => {
    it('lists every flow with mcp_enabled=false, only enabled ones by default, and the default auth', async () => {
      const all = await apiCall(server, 'GET', `/api/v1/mcp/project/${toolsProject}?mcp_enabled=false`, { 'x-api-key': aliceKey.key });
      expect(all.status).toBe(200);
      expect(all.body.auth_settings).toEqual({ auth_type: 'apikey' });
      expect(all.body.tools.map((t: any) => [t.name, t.action_name, t.mcp_enabled]).sort()).toEqual([
        ['Disabled One', 'disabled_one', false],
        ['Enabled One', 'my_action', true],
      ]);
      const enabled = await apiCall(server, 'GET', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': aliceKey.key });
      expect(enabled.body.tools.map((t: any) => t.id)).toEqual([flows.enabled]);
    });

    it("are the owner's only", async () => {
      expect((await apiCall(server, 'GET', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': bobKey.key })).status).toBe(404);
      const patch = await apiCall(server, 'PATCH', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': bobKey.key }, {
        settings: [{ id: flows.disabled, mcp_enabled: true }],
        auth_settings: { auth_type: 'none' },
      });
      expect(patch.status).toBe(404);
      // Bob naming Alice's flow in his own project changes nothing either.
      const bobProject = (await apiCall(server, 'GET', '/api/v1/projects/', { 'x-api-key': bobKey.key })).body[0].id;
      const sneaky = await apiCall(server, 'PATCH', `/api/v1/mcp/project/${bobProject}`, { 'x-api-key': bobKey.key }, {
        settings: [{ id: flows.disabled, mcp_enabled: true }],
      });
      expect(sneaky.body.message).toBe('Updated MCP settings for 0 flows and project auth settings');
      const after = await apiCall(server, 'GET', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': aliceKey.key });
      expect(after.body.tools.map((t: any) => t.id)).toEqual([flows.enabled]);
    });

    it('refuses an auth type Flowgate does not serve, changing nothing', async () => {
      const patch = await apiCall(server, 'PATCH', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': aliceKey.key }, {
        settings: [{ id: flows.disabled, mcp_enabled: true }],
        auth_settings: { auth_type: 'oauth' },
      });
      expect(patch.status).toBe(400);
      const after = await apiCall(server, 'GET', `/api/v1/mcp/project/${toolsProject}`, { 'x-api-key': aliceKey.key });
      expect(after.body.tools.map((t: any) => t.id)).toEqual([flows.enabled]);
    });
  });

  describe('auth_type none', () => {
    let openProject: string;
    beforeAll(async () => {
      openProject = (await apiCall(server, 'POST', '/api/v1/projects/', { 'x-api-key': aliceKey.key }, { name: 'Open' })).body.id;
      const flow = await createFlow(server, aliceKey.key, 'Open Tool', openProject);
      const patch = await apiCall(server, 'PATCH', `/api/v1/mcp/project/${openProject}`, { 'x-api-key': aliceKey.key }, {
        settings: [{ id: flow, mcp_enabled: true }],
        auth_settings: { auth_type: 'none' },
      });
      expect(patch.status).toBe(200);
    });

    it('leaves a trace in the audit log', async () => {
      const events = await server.deps.storage.db.selectFrom('fg_audit_event').selectAll().where('event', '=', 'mcp_auth_changed').execute();
      expect(events.map((e) => [e.actor_id, JSON.parse(e.detail!)])).toEqual([[alice.id, { project_id: openProject, auth_type: 'none' }]]);
    });

    it.each(TRANSPORTS)("serves the owner's enabled flows to a loopback client without credentials over %s", async (transport) => {
      const { client } = await connect(server, `/api/v1/mcp/project/${openProject}`, transport);
      expect(await toolNames(client)).toEqual(['open_tool']);
      await client.close();
    });

    it('never to a forwarded request or another host name, nor on the global server', async () => {
      const path = `/api/v1/mcp/project/${openProject}`;
      expect(await refusal(server, path, 'streamable', { 'x-forwarded-for': '203.0.113.9' })).toBe(403);
      expect(await refusal(server, path, 'streamable', { host: '192.168.1.5:7860' })).toBe(403);
      expect(await refusal(server, path, 'streamable', { origin: 'https://evil.example' })).toBe(403);
      expect(await refusal(server, '/api/v1/mcp', 'streamable')).toBe(403);
    });
  });

  describe.each(TRANSPORTS)('ending an open session over %s', (transport) => {
    it('a deleted key ends it at the next message', async () => {
      const key = await createApiKeyFor(server, alice.id);
      const { client } = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': key.key });
      expect(await toolNames(client)).toContain('echo_flow');
      const deleted = await apiCall(server, 'DELETE', `/api/v1/api_key/${key.id}`, { 'x-api-key': aliceKey.key });
      expect(deleted.status).toBe(200);
      await expect(client.listTools()).rejects.toThrow();
      await client.close();
    });

    it('a deactivated user is refused at the next message', async () => {
      const carol = await createUser(server);
      const key = await createApiKeyFor(server, carol.id);
      const { client } = await connect(server, '/api/v1/mcp', transport, { 'x-api-key': key.key });
      expect(await toolNames(client)).toEqual([]);
      await server.deps.storage.db.updateTable('user').set({ is_active: false }).where('id', '=', carol.id).execute();
      await expect(client.listTools()).rejects.toThrow();
      await client.close();
    });

    it('a logged-out session is refused at the next message', async () => {
      const headers = await bearer(server, alice);
      const { client } = await connect(server, '/api/v1/mcp', transport, headers);
      expect(await toolNames(client)).toContain('echo_flow');
      const logout = await fetch(`${server.url}/api/v1/logout`, { method: 'POST', headers });
      expect(logout.status).toBe(200);
      await expect(client.listTools()).rejects.toThrow();
      await client.close();
    });
  });

  it('a revoked key ends the SSE stream itself, and its session id is no longer served', async () => {
    const key = await createApiKeyFor(server, alice.id);
    const session = await rawSseSession(server, { 'x-api-key': key.key });
    expect((await session.post(INITIALIZE)).status).toBe(202);
    expect((await apiCall(server, 'DELETE', `/api/v1/api_key/${key.id}`, { 'x-api-key': aliceKey.key })).status).toBe(200);
    expect((await session.post({ jsonrpc: '2.0', id: 2, method: 'tools/list' })).status).toBe(403);
    await session.ended;
    expect((await session.post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'x-api-key': aliceKey.key })).status).toBe(404);
  });

  it("a session cannot be borrowed: another user's credentials on its messages are refused", async () => {
    const session = await rawSseSession(server, { 'x-api-key': aliceKey.key });
    expect((await session.post(INITIALIZE, { 'x-api-key': bobKey.key })).status).toBe(403);
    await session.ended;
  });

  it('another instance on the same database sees the revocation too', async () => {
    const other = await startTestServer(kind, { database: server.database, configDir: server.configDir, env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-123' } });
    try {
      const key = await createApiKeyFor(server, alice.id);
      const session = await rawSseSession(other, { 'x-api-key': key.key });
      expect((await session.post(INITIALIZE)).status).toBe(202);
      expect((await apiCall(server, 'DELETE', `/api/v1/api_key/${key.id}`, { 'x-api-key': aliceKey.key })).status).toBe(200);
      // SQLite: the other instance sees the file change on its next request. PostgreSQL: it learns
      // of it by NOTIFY, milliseconds later (as for every revocation across instances), so until
      // then a message is still accepted, and nothing else is.
      const answers: number[] = [];
      const tryList = async () => {
        const { status } = await session.post({ jsonrpc: '2.0', id: answers.length + 2, method: 'tools/list' });
        answers.push(status);
        return status === 403;
      };
      if (kind.kind === 'sqlite') expect(await tryList()).toBe(true);
      else await eventually(tryList, 'the session refused on the other instance', 5000);
      expect(answers.slice(0, -1).every((status) => status === 202)).toBe(true);
      await session.ended;
    } finally {
      await other.close();
    }
  });
});

describe.each(databaseKinds())('MCP with auto-login on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'True', LANGFLOW_ALLOWED_HOSTS: 'flowgate.example.com' } });
  });
  afterAll(() => server?.close());

  it.each(TRANSPORTS)('a loopback client without a key is the auto-login user over %s', async (transport) => {
    const { client } = await connect(server, '/api/v1/mcp', transport);
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    await client.close();
  });

  it('but not a forwarded request or one for another host name', async () => {
    expect(await refusal(server, '/api/v1/mcp', 'streamable', { 'x-forwarded-for': '203.0.113.9' })).toBe(403);
    // Names the server answers, but not loopback names: someone reaching it through a proxy.
    expect(await refusal(server, '/api/v1/mcp', 'sse', { host: 'flowgate.example.com' })).toBe(403);
    expect(await refusal(server, '/api/v1/mcp', 'streamable', { host: '10.1.2.3' })).toBe(403);
    expect(await refusal(server, '/api/v1/mcp', 'streamable', { host: 'localhost:7860' })).toBe(200);
  });
});

describe.each(databaseKinds())('MCP and shutdown on $kind', (kind) => {
  it('a graceful shutdown ends the open SSE streams instead of waiting for them forever', async () => {
    const server = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-123' } });
    const user = await createUser(server);
    const key = await createApiKeyFor(server, user.id);
    const session = await rawSseSession(server, { 'x-api-key': key.key });
    expect((await session.post(INITIALIZE)).status).toBe(202);
    await server.close();
    await session.ended;
  });

  it('waits for a tool call still running over SSE, sends its answer, then ends the stream', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const site = await startSite({
      '/slow': (_req, res) => {
        arrived();
        void released.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: 42 })));
      },
    });
    const server = await startTestServer(kind, {
      env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-123', LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1' },
    });
    try {
      const user = await createUser(server);
      const key = await createApiKeyFor(server, user.id);
      await createFlowVia(server, key.key, {
        nodes: [
          componentNode('APIRequest-a1', 'APIRequest', { url_input: `${site.url}/slow`, method: 'GET' }),
          componentNode('ParserComponent-p1', 'ParserComponent', { mode: 'Parser', pattern: 'status {status_code}', sep: '\n' }),
          componentNode('ChatOutput-o1', 'ChatOutput'),
        ],
        edges: [link('APIRequest-a1', 'data', 'ParserComponent-p1', 'input_data'), link('ParserComponent-p1', 'parsed_text', 'ChatOutput-o1', 'input_value')],
      }, { name: 'Slow Flow' });
      const session = await rawSseSession(server, { 'x-api-key': key.key });
      expect((await session.post(INITIALIZE)).status).toBe(202);
      expect((await session.post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
      expect((await session.post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow_flow', arguments: { input_value: 'go' } } })).status).toBe(202);
      await requestArrived;
      const closing = server.close();
      release();
      await closing;
      await session.ended;
      const answer = session.received.text
        .split('\n')
        .filter((line) => line.startsWith('data: {'))
        .map((line) => JSON.parse(line.slice(6)))
        .find((message) => message.id === 2);
      expect(answer?.result?.content).toEqual([{ type: 'text', text: 'status 200' }]);
    } finally {
      await site.close();
    }
  });
});
