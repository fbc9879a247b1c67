// /api/v1/projects (Langflow's folders, also served as /api/v1/folders): list, create with
// numbered names and flows moved in, read with its flows (whole or paged), rename, delete with its flows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall } from '../helpers/api-call.js';
import { bearer, createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const graph = { nodes: [], edges: [] };

describe.each(databaseKinds())('projects on $kind', (kind) => {
  let server: TestServer;
  let asAlice: Record<string, string>;
  let asBob: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    asAlice = await bearer(server, await createUser(server));
    asBob = await bearer(server, await createUser(server));
  });
  afterAll(() => server?.close());

  const call = (method: string, path: string, body?: unknown, headers = asAlice) => apiCall(server, method, `/api/v1/projects/${path}`, headers, body);
  const newFlow = async (name: string, extra: Record<string, unknown> = {}, headers = asAlice) =>
    (await apiCall(server, 'POST', '/api/v1/flows/', headers, { name, data: graph, ...extra })).body;
  let n = 0;
  const unique = (prefix: string) => `${prefix} ${++n}-${Math.random().toString(36).slice(2, 8)}`;

  it('lists the caller\'s projects, the default one first', async () => {
    const res = await call('GET', '');
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ id: expect.any(String), name: 'Starter Project', description: expect.any(String), parent_id: null });
    const bobs = (await call('GET', '', undefined, asBob)).body;
    expect(bobs.map((p: any) => p.id)).not.toContain(res.body[0].id);
  });

  it('creates a project (201), numbering a clashing name, moving the listed flows in', async () => {
    const name = unique('Proj');
    const flow = await newFlow(unique('Mover'));
    const component = await newFlow(unique('Comp'), { is_component: true });
    const bobsFlow = await newFlow(unique('Bobs'), {}, asBob);
    const first = await call('POST', '', { name, description: 'first', flows_list: [flow.id, bobsFlow.id], components_list: [component.id] });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), name, description: 'first', parent_id: null });
    expect((await call('POST', '', { name })).body.name).toBe(`${name} (1)`);
    expect((await call('POST', '', { name })).body.name).toBe(`${name} (2)`);
    const read = await call('GET', first.body.id);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.body.id, name, description: 'first', parent_id: null });
    expect(read.body.flows.map((f: any) => f.id).sort()).toEqual([flow.id, component.id].sort());
    expect((await apiCall(server, 'GET', `/api/v1/flows/${bobsFlow.id}`, asBob)).body.folder_id).not.toBe(first.body.id);
  });

  it('reads a project\'s flows a page at a time, with Langflow\'s filters', async () => {
    const project = (await call('POST', '', { name: unique('Paged') })).body;
    await newFlow(unique('alpha'), { folder_id: project.id });
    await newFlow(unique('beta'), { folder_id: project.id });
    await newFlow(unique('alpha comp'), { folder_id: project.id, is_component: true });
    const page = await call('GET', `${project.id}?page=1&size=2`);
    expect(page.status).toBe(200);
    expect(page.body.folder).toMatchObject({ id: project.id, name: project.name });
    expect(page.body.flows).toMatchObject({ total: 3, page: 1, size: 2, pages: 2 });
    expect(page.body.flows.items).toHaveLength(2);
    expect((await call('GET', `${project.id}?page=1&size=10&is_component=true`)).body.flows.total).toBe(1);
    expect((await call('GET', `${project.id}?page=1&size=10&is_flow=true`)).body.flows.total).toBe(2);
    expect((await call('GET', `${project.id}?page=1&size=10&search=ALPHA`)).body.flows.total).toBe(2);
    expect((await call('GET', `${project.id}?page=1&size=10&search=%25`)).body.flows.total).toBe(0);
  });

  it('renames and describes a project; a taken name is 400', async () => {
    const a = (await call('POST', '', { name: unique('Ren') })).body;
    const b = (await call('POST', '', { name: unique('Ren') })).body;
    const res = await call('PATCH', a.id, { name: `${a.name} new`, description: 'described', flows: [], components: [] });
    expect(res).toMatchObject({ status: 200, body: { id: a.id, name: `${a.name} new`, description: 'described' } });
    expect(await call('PATCH', b.id, { name: `${a.name} new` })).toMatchObject({ status: 400, body: { detail: 'Project name must be unique' } });
  });

  it('nests projects only under the caller\'s own, never under itself', async () => {
    const parent = (await call('POST', '', { name: unique('Parent') })).body;
    const child = (await call('POST', '', { name: unique('Child'), parent_id: parent.id })).body;
    expect(child.parent_id).toBe(parent.id);
    expect(await call('PATCH', parent.id, { parent_id: child.id })).toMatchObject({ status: 400, body: { detail: 'A project cannot be its own parent' } });
    const bobs = (await call('GET', '', undefined, asBob)).body[0].id;
    expect(await call('POST', '', { name: unique('X'), parent_id: bobs })).toMatchObject({ status: 404, body: { detail: 'Project not found' } });
  });

  it('deletes a project (204) with its flows', async () => {
    const project = (await call('POST', '', { name: unique('Doomed') })).body;
    const flow = await newFlow(unique('inside'), { folder_id: project.id });
    const outside = await newFlow(unique('outside'));
    const res = await call('DELETE', project.id);
    expect(res.status).toBe(204);
    expect(await call('GET', project.id)).toMatchObject({ status: 404, body: { detail: 'Project not found' } });
    expect((await apiCall(server, 'GET', `/api/v1/flows/${flow.id}`, asAlice)).status).toBe(404);
    expect((await apiCall(server, 'GET', `/api/v1/flows/${outside.id}`, asAlice)).status).toBe(200);
  });

  it('serves the same routes under /api/v1/folders/', async () => {
    const created = await apiCall(server, 'POST', '/api/v1/folders/', asAlice, { name: unique('Legacy') });
    expect(created.status).toBe(201);
    expect((await apiCall(server, 'GET', `/api/v1/folders/${created.body.id}`, asAlice)).body.name).toBe(created.body.name);
    expect((await apiCall(server, 'GET', '/api/v1/folders/', asAlice)).body.map((p: any) => p.id)).toContain(created.body.id);
  });

  it('recreates the default project when it was deleted, for new flows', async () => {
    const carol = await bearer(server, await createUser(server));
    const [starter] = (await call('GET', '', undefined, carol)).body;
    expect((await call('DELETE', starter.id, undefined, carol)).status).toBe(204);
    const flow = await newFlow(unique('homeless'), {}, carol);
    const projects = (await call('GET', '', undefined, carol)).body;
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ name: 'Starter Project', id: flow.folder_id });
  });

  it('answers a non-UUID project id with FastAPI\'s 422 and an empty name with 422', async () => {
    const res = await call('GET', 'nope');
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'project_id'] });
    expect((await call('POST', '', { name: '' })).status).toBe(422);
  });
});
