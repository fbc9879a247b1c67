// /api/v1/flows: CRUD in Langflow's JSON (unknown fields kept), Langflow's renaming of clashing
// names and endpoint names, ETag/If-Match (D22), batch create and delete, and the public read.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFlow, updateFlow as updateFlowRow } from '../../src/storage/repositories/flows.js';
import { apiCall } from '../helpers/api-call.js';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/flows/langflow-basic-prompting.json'));
const exported = JSON.parse(FIXTURE.toString('utf8'));

const graph = (label = 'x') => ({ nodes: [{ id: `ChatInput-${label}`, data: { node: { template: {} } } }], edges: [], viewport: { x: 0, y: 0, zoom: 1 } });

describe.each(databaseKinds())('flows on $kind', (kind) => {
  let server: TestServer;
  let alice: TestUser;
  let asAlice: Record<string, string>;
  let asBob: Record<string, string>;
  let aliceDefaultProject: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    alice = await createUser(server);
    asAlice = await bearer(server, alice);
    asBob = await bearer(server, await createUser(server));
    aliceDefaultProject = (await apiCall(server, 'GET', '/api/v1/projects/', asAlice)).body[0].id;
  });
  afterAll(() => server?.close());

  const create = (body: unknown, headers = asAlice) => apiCall(server, 'POST', '/api/v1/flows/', headers, body);
  const get = (id: string, headers = asAlice) => apiCall(server, 'GET', `/api/v1/flows/${id}`, headers);
  const patch = (id: string, body: unknown, headers: Record<string, string> = asAlice) => apiCall(server, 'PATCH', `/api/v1/flows/${id}`, headers, body);
  let counter = 0;
  const unique = (prefix: string) => `${prefix} ${++counter}-${Math.random().toString(36).slice(2, 8)}`;

  it('creates a flow (201) in the default project, with a new id and the caller as owner', async () => {
    const name = unique('Created');
    const res = await create({ id: '11111111-1111-4111-8111-111111111111', user_id: '22222222-2222-4222-8222-222222222222', name, description: 'd', data: graph() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name,
      description: 'd',
      data: graph(),
      is_component: false,
      webhook: false,
      endpoint_name: null,
      tags: [],
      locked: false,
      mcp_enabled: false,
      access_type: 'PRIVATE',
      user_id: alice.id,
      folder_id: aliceDefaultProject,
    });
    expect(res.body.id).not.toBe('11111111-1111-4111-8111-111111111111');
    expect(res.body.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
  });

  it('keeps fields it does not use and gives them back, never in place of its own', async () => {
    const res = await create({ name: unique('Extra'), data: graph(), last_tested_version: '1.4.3', fs_path: null, custom: { nested: [1, 2] }, version: 99, extra: 'x' });
    expect(res.status).toBe(201);
    const read = await get(res.body.id);
    expect(read.body).toMatchObject({ last_tested_version: '1.4.3', fs_path: null, custom: { nested: [1, 2] }, user_id: alice.id });
    expect(read.body.version).toBeUndefined();
    expect(read.body.extra).toBeUndefined();
    const patched = await patch(res.body.id, { custom: 'changed', another: true, id: '33333333-3333-4333-8333-333333333333' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: res.body.id, custom: 'changed', another: true, last_tested_version: '1.4.3' });
  });

  it('numbers a clashing name as Langflow does, per user', async () => {
    const name = unique('Dup (beta)');
    const names = [];
    for (let i = 0; i < 3; i++) names.push((await create({ name, data: graph() })).body.name);
    expect(names).toEqual([name, `${name} (1)`, `${name} (2)`]);
    expect((await create({ name, data: graph() }, asBob)).body.name).toBe(name);
  });

  it('renames a flow; a name already taken is 400 "Name must be unique"', async () => {
    const a = (await create({ name: unique('A'), data: graph() })).body;
    const b = (await create({ name: unique('B'), data: graph() })).body;
    expect((await patch(b.id, { name: `${b.name} renamed` })).body.name).toBe(`${b.name} renamed`);
    expect(await patch(b.id, { name: a.name })).toMatchObject({ status: 400, body: { detail: 'Name must be unique' } });
  });

  it('validates endpoint names and numbers clashing ones with -n', async () => {
    const endpoint = `ep_${Math.random().toString(36).slice(2, 8)}`;
    const first = await create({ name: unique('E'), data: graph(), endpoint_name: endpoint });
    const second = await create({ name: unique('E'), data: graph(), endpoint_name: endpoint });
    expect([first.body.endpoint_name, second.body.endpoint_name]).toEqual([endpoint, `${endpoint}-1`]);
    expect((await create({ name: unique('E'), data: graph(), endpoint_name: endpoint }, asBob)).body.endpoint_name).toBe(endpoint);
    const bad = await create({ name: unique('E'), data: graph(), endpoint_name: 'has space!' });
    expect(bad).toMatchObject({ status: 422, body: { detail: 'Endpoint name must contain only letters, numbers, hyphens, and underscores' } });
    expect(await patch(second.body.id, { endpoint_name: endpoint })).toMatchObject({ status: 400, body: { detail: 'Endpoint name must be unique' } });
    expect((await patch(second.body.id, { endpoint_name: null })).body.endpoint_name).toBeNull();
  });

  it('refuses a flow without a name or with a graph lacking edges (422)', async () => {
    const noName = await create({ data: graph() });
    expect(noName.status).toBe(422);
    expect(noName.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    const noEdges = await create({ name: unique('N'), data: { nodes: [] } });
    expect(noEdges.status).toBe(422);
    expect(noEdges.body.detail[0]).toMatchObject({ loc: ['body', 'data'], msg: 'Value error, Flow must have edges' });
  });

  it('places flows only in the caller\'s projects', async () => {
    const bobsProject = (await apiCall(server, 'GET', '/api/v1/projects/', asBob)).body[0].id;
    expect(await create({ name: unique('F'), data: graph(), folder_id: bobsProject })).toMatchObject({ status: 400, body: { detail: 'Folder not found' } });
    const mine = (await apiCall(server, 'POST', '/api/v1/projects/', asAlice, { name: unique('P') })).body.id;
    const flow = (await create({ name: unique('F'), data: graph(), folder_id: mine })).body;
    expect(flow.folder_id).toBe(mine);
    expect(await patch(flow.id, { folder_id: bobsProject })).toMatchObject({ status: 400, body: { detail: 'Folder not found' } });
    expect((await patch(flow.id, { folder_id: aliceDefaultProject })).body.folder_id).toBe(aliceDefaultProject);
  });

  it('marks a flow with a Webhook component as a webhook flow', async () => {
    const flow = (await create({ name: unique('W'), data: graph() })).body;
    expect(flow.webhook).toBe(false);
    const withHook = { nodes: [{ id: 'Webhook-abc12', data: {} }], edges: [] };
    expect((await patch(flow.id, { data: withHook })).body.webhook).toBe(true);
  });

  it('lists own flows; components only; headers; pages', async () => {
    const project = (await apiCall(server, 'POST', '/api/v1/projects/', asAlice, { name: unique('Listed') })).body.id;
    const flow = (await create({ name: unique('L'), data: graph(), folder_id: project })).body;
    const component = (await create({ name: unique('C'), data: graph(), is_component: true, folder_id: project })).body;
    await create({ name: unique('Bobs'), data: graph() }, asBob);
    const all = await apiCall(server, 'GET', '/api/v1/flows/', asAlice);
    expect(all.status).toBe(200);
    expect(all.body.every((f: any) => f.user_id === alice.id)).toBe(true);
    expect(all.body.map((f: any) => f.id)).toEqual(expect.arrayContaining([flow.id, component.id]));
    const components = (await apiCall(server, 'GET', '/api/v1/flows/?components_only=true', asAlice)).body;
    expect(components.map((f: any) => f.id)).toEqual([component.id]);
    const headers = (await apiCall(server, 'GET', `/api/v1/flows/?header_flows=true&folder_id=${project}`, asAlice)).body;
    expect(headers).toHaveLength(2);
    expect(headers.find((h: any) => h.id === flow.id)).toMatchObject({ name: flow.name, data: null, folder_id: project });
    expect(headers.find((h: any) => h.id === component.id).data).toEqual(graph());
    const page = await apiCall(server, 'GET', `/api/v1/flows/?get_all=false&folder_id=${project}&page=1&size=1`, asAlice);
    expect(page.body).toMatchObject({ total: 2, page: 1, size: 1, pages: 2 });
    expect(page.body.items).toHaveLength(1);
    const defaultPage = await apiCall(server, 'GET', '/api/v1/flows/?page=1&size=50', asAlice);
    expect(defaultPage.body.items.every((f: any) => f.folder_id === aliceDefaultProject)).toBe(true);
  });

  it('sends an ETag and refuses a save from a stale version with 409, changing nothing (D22)', async () => {
    const flow = (await create({ name: unique('Etag'), data: graph() })).body;
    const read = await get(flow.id);
    const etag = read.headers.get('etag')!;
    const saved = await patch(flow.id, { description: 'first' }, { ...asAlice, 'if-match': etag });
    expect(saved.status).toBe(200);
    const newEtag = saved.headers.get('etag')!;
    expect(newEtag).not.toBe(etag);
    expect((await get(flow.id)).headers.get('etag')).toBe(newEtag);
    const stale = await patch(flow.id, { description: 'second' }, { ...asAlice, 'if-match': etag });
    expect(stale).toMatchObject({ status: 409, body: { detail: 'Flow was changed since you loaded it' } });
    expect((await get(flow.id)).body.description).toBe('first');
    expect((await patch(flow.id, { description: 'any' }, { ...asAlice, 'if-match': '*' })).status).toBe(200);
    expect((await patch(flow.id, { description: 'junk' }, { ...asAlice, 'if-match': '"garbage"' })).status).toBe(409);
  });

  it('lets exactly one of two concurrent saves from the same version win', async () => {
    const flow = (await create({ name: unique('Race'), data: graph() })).body;
    for (let round = 0; round < 10; round++) {
      const etag = (await get(flow.id)).headers.get('etag')!;
      const results = await Promise.all(
        ['left', 'right'].map((side) => patch(flow.id, { description: `${side}-${round}` }, { ...asAlice, 'if-match': etag })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body.description;
      expect((await get(flow.id)).body.description).toBe(winner);
    }
  });

  it('compares the version inside the UPDATE itself: a stale version writes nothing', async () => {
    const flow = (await create({ name: unique('Guard'), data: graph() })).body;
    const db = server.deps.storage.db;
    const { version } = (await findFlow(db, alice.id, flow.id))!;
    expect(await updateFlowRow(db, alice.id, flow.id, { description: 'fresh' }, version)).toMatchObject({ version: version + 1, description: 'fresh' });
    expect(await updateFlowRow(db, alice.id, flow.id, { description: 'stale' }, version)).toBeUndefined();
    expect((await findFlow(db, alice.id, flow.id))!.description).toBe('fresh');
  });

  it('lets the last save win without If-Match, bumping the version each time', async () => {
    const flow = (await create({ name: unique('Last'), data: graph() })).body;
    const etags = new Set<string>();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => patch(flow.id, { description: `v${i}` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const r of results) etags.add(r.headers.get('etag')!);
    expect(etags.size).toBe(10);
  });

  it('deletes a flow (200) and then answers 404', async () => {
    const flow = (await create({ name: unique('Del'), data: graph() })).body;
    expect(await apiCall(server, 'DELETE', `/api/v1/flows/${flow.id}`, asAlice)).toMatchObject({ status: 200, body: { message: 'Flow deleted successfully' } });
    expect(await get(flow.id)).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
    expect((await apiCall(server, 'DELETE', `/api/v1/flows/${flow.id}`, asAlice)).status).toBe(404);
  });

  it('creates a batch (201) with numbered names, and deletes several', async () => {
    const name = unique('Batch');
    const res = await apiCall(server, 'POST', '/api/v1/flows/batch/', asAlice, { flows: [{ name, data: graph() }, { name, data: graph(), extra_field: 1 }] });
    expect(res.status).toBe(201);
    expect(res.body.map((f: any) => f.name)).toEqual([name, `${name} (1)`]);
    expect(res.body[1].extra_field).toBe(1);
    const deleted = await apiCall(server, 'DELETE', '/api/v1/flows/', asAlice, res.body.map((f: any) => f.id));
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 2 } });
  });

  async function upload(content: Uint8Array | string, query = '', fileName = 'flow.json') {
    const form = new FormData();
    form.append('file', new Blob([content as BlobPart]), fileName);
    const response = await fetch(`${server.url}/api/v1/flows/upload/${query}`, { method: 'POST', headers: asAlice, body: form });
    return { status: response.status, body: await response.json() };
  }

  it('uploads a Langflow export (201) as a new flow of the caller, keeping its fields', async () => {
    const res = await upload(FIXTURE);
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(1);
    const [flow] = res.body;
    expect(flow.id).not.toBe(exported.id);
    expect(flow).toMatchObject({ user_id: alice.id, folder_id: aliceDefaultProject, description: exported.description, icon: 'Braces', gradient: '2', last_tested_version: '1.4.3' });
    expect(flow.name.startsWith(exported.name)).toBe(true);
    expect(flow.data.nodes).toHaveLength(exported.data.nodes.length);
    const again = await upload(FIXTURE);
    expect(again.body[0].name).toBe(`${flow.name} (1)`);
  });

  it('uploads several flows ({flows: [...]}) into a chosen project of the caller', async () => {
    const project = (await apiCall(server, 'POST', '/api/v1/projects/', asAlice, { name: unique('Uploads') })).body.id;
    const many = { flows: [{ ...exported, name: unique('Up') }, { ...exported, name: unique('Up') }] };
    const res = await upload(JSON.stringify(many), `?folder_id=${project}`);
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(2);
    expect(res.body.every((f: any) => f.folder_id === project && f.user_id === alice.id)).toBe(true);
    expect(new Set(res.body.map((f: any) => f.id)).size).toBe(2);
  });

  it('refuses an empty or malformed upload', async () => {
    expect(await upload('')).toMatchObject({ status: 400, body: { detail: 'The uploaded file is empty' } });
    expect((await upload('{not json')).status).toBe(400);
    expect((await upload('[1, 2]')).status).toBe(422);
    expect((await upload(JSON.stringify({ flows: [{ name: 'x', data: { nodes: [] } }] }))).status).toBe(422);
  });

  it('downloads one flow as JSON and several as a zip that uploads again, without secrets', async () => {
    const secret = { nodes: [{ id: 'Model-1', data: { node: { template: { api_key: { password: true, value: 'sk-DOWNLOAD-canary' } } } } }], edges: [] };
    const a = (await create({ name: unique('DlA'), data: secret, custom_field: 'kept' })).body;
    const b = (await create({ name: unique('DlB'), data: graph() })).body;
    const one = await apiCall(server, 'POST', '/api/v1/flows/download/', asAlice, [a.id]);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: a.id, name: a.name, custom_field: 'kept' });
    expect(JSON.stringify(one.body)).not.toContain('sk-DOWNLOAD-canary');
    const response = await fetch(`${server.url}/api/v1/flows/download/`, {
      method: 'POST',
      headers: { ...asAlice, 'content-type': 'application/json' },
      body: JSON.stringify([a.id, b.id]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-zip-compressed');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="\d{8}_\d{6}_langflow_flows\.zip"$/);
    const zip = new Uint8Array(await response.arrayBuffer());
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual([`${a.name}.json`, `${b.name}.json`].sort());
    expect(new TextDecoder().decode(entries[`${a.name}.json`])).not.toContain('sk-DOWNLOAD-canary');
    const reuploaded = await upload(zip, '', 'flows.zip');
    expect(reuploaded.status).toBe(201);
    expect(reuploaded.body.map((f: any) => f.name).sort()).toEqual([`${a.name} (1)`, `${b.name} (1)`].sort());
  });

  it('answers a non-UUID flow id with FastAPI\'s 422', async () => {
    const res = await get('not-a-uuid');
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'flow_id'] });
  });

  it('serves a PUBLIC flow to anyone, without secrets or owner; anything else is 404', async () => {
    const secretGraph = {
      nodes: [{ id: 'OpenAI-1', data: { node: { template: { api_key: { password: true, value: 'sk-SECRET-canary' }, var_key: { password: true, load_from_db: true, value: 'OPENAI_API_KEY' } } } } }],
      edges: [],
    };
    const flow = (await create({ name: unique('Pub'), data: secretGraph })).body;
    expect(await apiCall(server, 'GET', `/api/v1/flows/public_flow/${flow.id}`)).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
    await patch(flow.id, { access_type: 'PUBLIC' });
    const res = await apiCall(server, 'GET', `/api/v1/flows/public_flow/${flow.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: flow.id, name: flow.name, access_type: 'PUBLIC' });
    expect(res.body.user_id).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('sk-SECRET-canary');
    expect(res.body.data.nodes[0].data.node.template.var_key.value).toBe('OPENAI_API_KEY');
    expect((await get(flow.id)).body.data.nodes[0].data.node.template.api_key.value).toBe('sk-SECRET-canary');
    expect((await apiCall(server, 'GET', '/api/v1/flows/public_flow/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lists the built-in starter projects', async () => {
    const res = await apiCall(server, 'GET', '/api/v1/starter-projects/', asAlice);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const starter of res.body) {
      expect(starter).toEqual({ name: expect.any(String), description: expect.any(String), data: expect.objectContaining({ nodes: expect.any(Array), edges: expect.any(Array) }) });
    }
    expect((await apiCall(server, 'GET', '/api/v1/starter-projects/')).status).toBe(403);
  });
});
