// The routes Langflow's own web UI calls that Flowgate's UI does not: the public starter
// examples it waits for before showing the login form, the store routes (store disabled), the
// bundled profile pictures, and the CSRF origin check behind a proxy that rewrites Host.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { starter } from '../helpers/starters.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A raw request, so the Host header can be what a proxy would send. */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = http.request({ host: target.hostname, port: target.port, method, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe.each(databaseKinds())('routes for Langflow\'s own UI on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
  });
  afterAll(() => server?.close());

  it('serves the starter examples as FlowReads without login, the same ids every time', async () => {
    const first = await api(server.url, 'GET', '/api/v1/flows/basic_examples/');
    expect(first.status).toBe(200);
    const names = first.body.map((flow: { name: string }) => flow.name);
    expect(names).toContain('Basic Prompting');
    // Tagged as Langflow's, so its templates page lists it under Methodology → Prompting too.
    expect(first.body.find((flow: { name: string }) => flow.name === 'Basic Prompting').tags).toEqual(['chatbots']);
    for (const flow of first.body) {
      expect(flow.id).toMatch(UUID);
      expect(flow).toMatchObject({ user_id: null, folder_id: null, is_component: false, endpoint_name: null });
      expect(Array.isArray(flow.data.nodes) && flow.data.nodes.length > 0).toBe(true);
    }
    const again = await api(server.url, 'GET', '/api/v1/flows/basic_examples');
    expect(again.body.map((flow: { id: string }) => flow.id)).toEqual(first.body.map((flow: { id: string }) => flow.id));
    // The route is not mistaken for a flow id, and flow ids still are.
    const user = await createUser(server);
    const session = await login(server, user.username, user.password);
    const missing = await api(server.url, 'GET', `/api/v1/flows/${first.body[0].id}`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(missing.status).toBe(404);
  });

  it('answers the store routes as Langflow with the store disabled', async () => {
    expect(await api(server.url, 'GET', '/api/v1/store/check/')).toMatchObject({ status: 200, body: { enabled: false } });
    expect(await api(server.url, 'GET', '/api/v1/store/tags')).toMatchObject({ status: 200, body: [] });
    // Langflow answers a request without credentials 403 "Not authenticated".
    expect((await api(server.url, 'GET', '/api/v1/store/check/api_key')).status).toBe(403);
    const user = await createUser(server);
    const session = await login(server, user.username, user.password);
    const auth = { authorization: `Bearer ${session.accessToken}` };
    expect(await api(server.url, 'GET', '/api/v1/store/check/api_key', { headers: auth })).toMatchObject({
      status: 200,
      body: { has_api_key: false, is_valid: false },
    });
    expect((await api(server.url, 'POST', '/api/v1/api_key/store', { headers: auth, body: { api_key: 'store-key-value' } })).status).toBe(200);
    const withKey = await api(server.url, 'GET', '/api/v1/store/check/api_key', { headers: auth });
    expect(withKey.body).toEqual({ has_api_key: true, is_valid: false });
    expect(withKey.text).not.toContain('store-key-value');
  });

  it('lists and serves the bundled profile pictures without login, and nothing else', async () => {
    const list = await api(server.url, 'GET', '/api/v1/files/profile_pictures/list');
    expect(list.status).toBe(200);
    expect(list.body.files).toContain('Space/046-rocket.svg');
    expect(list.body.files.every((name: string) => /^(People|Space)\/[^/]+\.svg$/.test(name))).toBe(true);

    const picture = await fetch(`${server.url}/api/v1/files/profile_pictures/Space/046-rocket.svg`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/svg+xml');
    expect(picture.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(picture.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await picture.text()).toContain('<svg');

    const spaced = await fetch(`${server.url}/api/v1/files/profile_pictures/People/People%20Avatar-01-01.svg`);
    expect(spaced.status).toBe(200);

    const refused: [string, number, string][] = [
      ['/api/v1/files/profile_pictures/Space/..%2F..%2F..%2Fpackage.json', 400, "Path traversal patterns ('..') are not allowed in folder or file names"],
      ['/api/v1/files/profile_pictures/..%2Fweb/046-rocket.svg', 400, "Path traversal patterns ('..') are not allowed in folder or file names"],
      ['/api/v1/files/profile_pictures/Secrets/046-rocket.svg', 400, 'Folder must be one of: People, Space'],
      ['/api/v1/files/profile_pictures/Space/%5Cetc%5Cpasswd', 400, "File name cannot contain path separators ('/' or '\\')"],
      ['/api/v1/files/profile_pictures/Space/999-nothing.svg', 404, 'Profile picture Space/999-nothing.svg not found'],
    ];
    for (const [path, status, detail] of refused) {
      const response = await api(server.url, 'GET', path);
      expect(response.status, path).toBe(status);
      expect(response.body, path).toEqual({ detail });
    }
  });

  it('answers the editor\'s build history, transaction log and MCP server list empty, in Langflow\'s shapes', async () => {
    const user = await createUser(server);
    const session = await login(server, user.username, user.password);
    const auth = { authorization: `Bearer ${session.accessToken}` };
    const flowId = '3f1b8c2e-5d6a-4e7f-9a0b-1c2d3e4f5a6b';
    expect(await api(server.url, 'GET', `/api/v1/monitor/builds?flow_id=${flowId}`, { headers: auth })).toMatchObject({
      status: 200,
      body: { vertex_builds: {} },
    });
    expect((await api(server.url, 'DELETE', `/api/v1/monitor/builds?flow_id=${flowId}`, { headers: auth })).status).toBe(204);
    expect(await api(server.url, 'GET', `/api/v1/monitor/transactions?flow_id=${flowId}&page=1&size=20`, { headers: auth })).toMatchObject({
      status: 200,
      body: { items: [], total: 0, page: 1, size: 20, pages: 0 },
    });
    expect(await api(server.url, 'GET', '/api/v2/mcp/servers?action_count=false', { headers: auth })).toMatchObject({ status: 200, body: [] });
    // Bad input is refused, and none of them answers without login.
    expect((await api(server.url, 'GET', '/api/v1/monitor/builds?flow_id=nope', { headers: auth })).status).toBe(422);
    expect((await api(server.url, 'GET', `/api/v1/monitor/transactions?flow_id=${flowId}&size=0`, { headers: auth })).status).toBe(422);
    for (const path of [`/api/v1/monitor/builds?flow_id=${flowId}`, `/api/v1/monitor/transactions?flow_id=${flowId}`, '/api/v2/mcp/servers']) {
      expect((await api(server.url, 'GET', path)).status, path).toBe(403);
    }
  });
});

describe.each(databaseKinds())('the model providers and the model field for Langflow\'s editor on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
  });
  afterAll(() => server?.close());

  async function session() {
    const user = await createUser(server);
    const { accessToken } = await login(server, user.username, user.password);
    return { authorization: `Bearer ${accessToken}` };
  }

  /** What Langflow's editor sends for the Language Model node of its own Basic Prompting. */
  function modelFieldUpdate(fieldValue: unknown, from: [string, string] = ['Basic Prompting', 'LanguageModelComponent']) {
    const node = starter(from[0]).data.nodes.find((n) => n.data.type === from[1]).data.node;
    return {
      code: node.template.code.value,
      template: { ...node.template, _frontend_node_flow_id: { value: 'f' }, is_refresh: true },
      field: 'model',
      field_value: fieldValue,
      tool_mode: false,
    };
  }

  it('lists the providers, enabled by the user\'s Credential variable of the provider\'s name', async () => {
    const auth = await session();
    const before = await api(server.url, 'GET', '/api/v1/models', { headers: auth });
    expect(before.status).toBe(200);
    expect(before.body.map((p: { provider: string }) => p.provider)).toEqual(['Anthropic', 'Ollama', 'OpenAI']);
    expect(before.body.every((p: { is_enabled: boolean }) => !p.is_enabled)).toBe(true);
    expect(before.body.find((p: { provider: string }) => p.provider === 'OpenAI').models).toContainEqual(
      expect.objectContaining({ model_name: 'gpt-4o-mini' }),
    );
    // A Generic variable of the name does not enable its provider; a Credential does.
    const generic = await api(server.url, 'POST', '/api/v1/variables/', { headers: auth, body: { name: 'ANTHROPIC_API_KEY', value: 'x', type: 'Generic' } });
    expect(generic.status).toBe(201);
    const credential = await api(server.url, 'POST', '/api/v1/variables/', { headers: auth, body: { name: 'OPENAI_API_KEY', value: 'sk-models-secret-value', type: 'Credential' } });
    expect(credential.status).toBe(201);
    const after = await api(server.url, 'GET', '/api/v1/models', { headers: auth });
    expect(after.body.map((p: { provider: string; is_enabled: boolean }) => [p.provider, p.is_enabled])).toEqual([
      ['OpenAI', true],
      ['Anthropic', false],
      ['Ollama', false],
    ]);
    expect(after.text).not.toContain('sk-models-secret-value');
    expect((await api(server.url, 'GET', '/api/v1/models?provider=Ollama', { headers: auth })).body.map((p: { provider: string }) => p.provider)).toEqual(['Ollama']);
    const enabled = await api(server.url, 'GET', '/api/v1/models/enabled_models', { headers: auth });
    expect(enabled.body.enabled_models.OpenAI['gpt-4o-mini']).toBe(true);
    expect(enabled.body.enabled_models.Anthropic['claude-sonnet-4-0']).toBe(false);
    expect((await api(server.url, 'GET', '/api/v1/models/enabled_providers', { headers: auth })).body).toEqual({
      enabled_providers: ['OpenAI'],
      provider_status: { OpenAI: true, Anthropic: false, Ollama: false },
    });
    for (const path of ['/api/v1/models', '/api/v1/models/enabled_models', '/api/v1/models/enabled_providers']) {
      expect((await api(server.url, 'GET', path)).status, path).toBe(403);
    }
  });

  it('updates a Language Model node\'s model field with the models of the user\'s providers, never running its code', async () => {
    const auth = await session();
    const choice = [{ provider: 'OpenAI', name: 'gpt-4o-mini', icon: 'OpenAI', metadata: {} }];
    const none = await api(server.url, 'POST', '/api/v1/custom_component/update', { headers: auth, body: modelFieldUpdate(choice) });
    expect(none.status, none.text).toBe(200);
    expect(none.body.template.model).toMatchObject({ options: [], value: choice });
    await api(server.url, 'POST', '/api/v1/variables/', { headers: auth, body: { name: 'OPENAI_API_KEY', value: 'sk-update-secret', type: 'Credential' } });
    const updated = await api(server.url, 'POST', '/api/v1/custom_component/update', { headers: auth, body: modelFieldUpdate(choice) });
    expect(updated.status).toBe(200);
    expect(updated.body.template.model.options.map((o: { provider: string; name: string }) => `${o.provider}/${o.name}`)).toContain('OpenAI/gpt-4o-mini');
    expect(updated.body.template.model.options.every((o: { provider: string }) => o.provider === 'OpenAI')).toBe(true);
    expect(updated.body.template.model.value).toEqual(choice);
    // The node keeps its fields and code; what the editor only adds to the request is dropped.
    expect(updated.body.template.system_message.input_types).toEqual(['Message']);
    expect(updated.body.template.code.value).toContain('class LanguageModelComponent');
    expect(updated.body.template).not.toHaveProperty('is_refresh');
    expect(updated.body.template).not.toHaveProperty('_frontend_node_flow_id');
    expect(updated.body.outputs.map((o: { name: string }) => o.name)).toEqual(['text_output', 'model_output']);
    expect(updated.text).not.toContain('sk-update-secret');

    // The editor asks the same for the model field of an Agent and a Structured Output.
    for (const [name, type, outputs] of [['Simple Agent', 'Agent', ['response']], ['Financial Report Parser', 'StructuredOutput', ['structured_output', 'dataframe_output']]] as const) {
      const node = await api(server.url, 'POST', '/api/v1/custom_component/update', { headers: auth, body: modelFieldUpdate(choice, [name, type]) });
      expect(node.status, `${type}: ${node.text}`).toBe(200);
      expect(node.body.template.model.options, type).toEqual(updated.body.template.model.options);
      expect(node.body.template.model.value, type).toEqual(choice);
      expect(node.body.outputs.map((o: { name: string }) => o.name), type).toEqual(outputs);
    }

    // A node drawn from Flowgate's catalogue has no code: it is known by its fields.
    const catalogue = await api(server.url, 'GET', '/api/v1/all', { headers: auth });
    const drawn = catalogue.body.models_and_agents.LanguageModelComponent.template;
    const fromCatalogue = await api(server.url, 'POST', '/api/v1/custom_component/update', {
      headers: auth,
      body: { template: { ...drawn, is_refresh: true }, field: 'model', field_value: choice },
    });
    expect(fromCatalogue.status, fromCatalogue.text).toBe(200);
    expect(fromCatalogue.body.template.model.options).toEqual(updated.body.template.model.options);

    // Code naming no component Flowgate runs is refused; so is a body without a template.
    const unknown = await api(server.url, 'POST', '/api/v1/custom_component/update', {
      headers: auth,
      body: { ...modelFieldUpdate(choice), code: 'class Exfiltrate(Component):\n    pass\n' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('only the components it runs');
    expect((await api(server.url, 'POST', '/api/v1/custom_component/update', { headers: auth, body: { code: '', field: 'model' } })).status).toBe(422);
    expect((await api(server.url, 'POST', '/api/v1/custom_component/update', { body: modelFieldUpdate(choice) })).status).toBe(403);
  });
});

describe.each(databaseKinds())('the origin check behind a proxy that rewrites Host on $kind', (kind) => {
  // What nginx's default `proxy_set_header Host $proxy_host` and Vite's `changeOrigin` send.
  const PUBLIC = 'flow.example.com';
  let trusted: TestServer;
  let untrusted: TestServer;
  beforeAll(async () => {
    trusted = await startTestServer(kind, { env: { ...ENV, LANGFLOW_TRUSTED_PROXIES: '127.0.0.1' } });
    untrusted = await startTestServer(kind, { env: ENV });
  });
  afterAll(async () => {
    await trusted?.close();
    await untrusted?.close();
  });

  async function patchOptins(server: TestServer, headers: Record<string, string>) {
    const user = await createUser(server);
    const session = await login(server, user.username, user.password);
    const response = await rawRequest(server.url, 'PATCH', `/api/v1/users/${user.id}`, {
      'content-type': 'application/json',
      cookie: session.cookieHeader,
      host: new URL(server.url).host,
      ...headers,
    }, JSON.stringify({ optins: { github_starred: true } }));
    const row = await server.deps.storage.db.selectFrom('user').select('optins').where('id', '=', user.id).executeTakeFirstOrThrow();
    return { status: response.status, body: response.body, changed: row.optins !== null };
  }

  it('honours X-Forwarded-Host and X-Forwarded-Proto from a trusted proxy', async () => {
    const result = await patchOptins(trusted, { origin: `https://${PUBLIC}`, 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https' });
    expect(result).toMatchObject({ status: 200, changed: true });
  });

  it('refuses another origin even when a trusted proxy forwards', async () => {
    for (const headers of [
      { origin: 'https://evil.example', 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https' },
      { origin: `http://${PUBLIC}`, 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https' },
    ]) {
      const result = await patchOptins(trusted, headers);
      expect(result, JSON.stringify(headers)).toMatchObject({ status: 403, changed: false });
      expect(JSON.parse(result.body)).toEqual({ detail: 'Cross-origin request refused' });
    }
  });

  it('ignores X-Forwarded-Host from a peer that is not a trusted proxy', async () => {
    const result = await patchOptins(untrusted, { origin: `https://${PUBLIC}`, 'x-forwarded-host': PUBLIC, 'x-forwarded-proto': 'https' });
    expect(result).toMatchObject({ status: 403, changed: false });
    // The same request without the forged headers, from the server's own origin, is fine.
    const direct = await patchOptins(untrusted, { origin: untrusted.url });
    expect(direct).toMatchObject({ status: 200, changed: true });
  });
});
