// Two users. Bob aims every flow, project and API-key route and verb at Alice's ids (as given,
// upper-cased, percent-encoded), at her endpoint name, and mixes her ids into batches. Only
// Bob's own rows may change, and each refusal must read exactly like an unknown id (no leak).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFlowByIdOrEndpointName } from '../../src/storage/repositories/flows.js';
import { apiCall, type ApiResponse } from '../helpers/api-call.js';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const UNKNOWN = '0d3f1c2a-9b8e-4c7d-a6f5-e4d3c2b1a098';
const graph = { nodes: [], edges: [] };

/** The forms one id can take in a URL: as given, upper case, every character percent-encoded. */
const idForms = (id: string) => [id, id.toUpperCase(), [...id].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')];

describe.each(databaseKinds())('ownership matrix on $kind', (kind) => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let asAlice: Record<string, string>;
  let asBob: Record<string, string>;
  let aliceFlow: any;
  let aliceProject: any;
  let aliceKey: any;
  let bobFlow: any;
  const endpoint = `alice-only-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    server = await startTestServer(kind);
    alice = await createUser(server);
    bob = await createUser(server);
    asAlice = await bearer(server, alice);
    asBob = await bearer(server, bob);
    aliceProject = (await apiCall(server, 'POST', '/api/v1/projects/', asAlice, { name: 'Alice private', description: 'hers' })).body;
    aliceFlow = (await apiCall(server, 'POST', '/api/v1/flows/', asAlice, { name: 'Alice flow', data: graph, endpoint_name: endpoint, folder_id: aliceProject.id })).body;
    aliceKey = (await apiCall(server, 'POST', '/api/v1/api_key/', asAlice, { name: 'alice key' })).body;
    bobFlow = (await apiCall(server, 'POST', '/api/v1/flows/', asBob, { name: 'Bob flow', data: graph })).body;
  });
  afterAll(() => server?.close());

  const asBobCall = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    apiCall(server, method, path, { ...asBob, ...headers }, body);
  const same = (a: ApiResponse, b: ApiResponse) => expect({ status: a.status, body: a.body }).toEqual({ status: b.status, body: b.body });

  async function aliceFlowUnchanged() {
    const res = await apiCall(server, 'GET', `/api/v1/flows/${aliceFlow.id}`, asAlice);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Alice flow', description: null, folder_id: aliceProject.id, access_type: 'PRIVATE', endpoint_name: endpoint, user_id: alice.id });
  }

  it('flows: GET, PATCH, DELETE of Alice\'s flow in every form are 404 "Flow not found", like an unknown id', async () => {
    for (const [method, body, headers] of [
      ['GET', undefined, {}],
      ['PATCH', { name: 'owned', description: 'pwned', access_type: 'PUBLIC' }, {}],
      ['PATCH', { description: 'pwned' }, { 'if-match': `"${aliceFlow.id}-1"` }],
      ['DELETE', undefined, {}],
    ] as const) {
      const unknown = await asBobCall(method, `/api/v1/flows/${UNKNOWN}`, body, headers);
      expect(unknown).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
      for (const form of idForms(aliceFlow.id)) same(await asBobCall(method, `/api/v1/flows/${form}`, body, headers), unknown);
    }
    await aliceFlowUnchanged();
    // The forms do reach the owner's flow: the 404s above are about ownership, not parsing.
    for (const form of idForms(aliceFlow.id)) expect((await apiCall(server, 'GET', `/api/v1/flows/${form}`, asAlice)).body.id).toBe(aliceFlow.id);
  });

  it('flows: lists, pages and headers never show Alice\'s flows, even for her project id', async () => {
    for (const query of ['', '?header_flows=true', '?components_only=false', `?folder_id=${aliceProject.id}`, `?get_all=false&folder_id=${aliceProject.id}&page=1&size=50`]) {
      const res = await asBobCall('GET', `/api/v1/flows/${query}`);
      expect(res.status).toBe(200);
      const items = Array.isArray(res.body) ? res.body : res.body.items;
      expect(items.map((f: any) => f.id)).not.toContain(aliceFlow.id);
      expect(JSON.stringify(res.body)).not.toContain('Alice flow');
    }
  });

  it('flows: batch delete and download with mixed ids touch only the caller\'s rows', async () => {
    const extra = (await asBobCall('POST', '/api/v1/flows/', { name: 'Bob doomed', data: graph })).body;
    const deleted = await asBobCall('DELETE', '/api/v1/flows/', [aliceFlow.id, aliceFlow.id.toUpperCase(), extra.id]);
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 1 } });
    await aliceFlowUnchanged();
    const onlyAlice = await asBobCall('POST', '/api/v1/flows/download/', [aliceFlow.id]);
    same(onlyAlice, await asBobCall('POST', '/api/v1/flows/download/', [UNKNOWN]));
    expect(onlyAlice).toMatchObject({ status: 404, body: { detail: 'No flows found.' } });
    const mixed = await asBobCall('POST', '/api/v1/flows/download/', [aliceFlow.id, bobFlow.id]);
    expect(mixed.status).toBe(200);
    expect(mixed.body.id).toBe(bobFlow.id);
  });

  it('flows: Alice\'s project is no destination for Bob\'s flows (create, batch, upload, move)', async () => {
    const unknownFolder = await asBobCall('POST', '/api/v1/flows/', { name: 'into unknown', data: graph, folder_id: UNKNOWN });
    const intoAlice = await asBobCall('POST', '/api/v1/flows/', { name: 'into alice', data: graph, folder_id: aliceProject.id });
    same(intoAlice, unknownFolder);
    expect(intoAlice).toMatchObject({ status: 400, body: { detail: 'Folder not found' } });
    const batch = await asBobCall('POST', '/api/v1/flows/batch/', { flows: [{ name: 'batched', data: graph, folder_id: aliceProject.id }] });
    expect(batch.status).toBe(201);
    expect(batch.body[0]).toMatchObject({ user_id: bob.id });
    expect(batch.body[0].folder_id).not.toBe(aliceProject.id);
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify({ name: 'uploaded', data: graph })], { type: 'application/json' }), 'flow.json');
    const upload = await fetch(`${server.url}/api/v1/flows/upload/?folder_id=${aliceProject.id}`, { method: 'POST', headers: asBob, body: form });
    expect(upload.status).toBe(400);
    expect((await asBobCall('PATCH', `/api/v1/flows/${bobFlow.id}`, { folder_id: aliceProject.id })).status).toBe(400);
    const aliceView = await apiCall(server, 'GET', `/api/v1/projects/${aliceProject.id}`, asAlice);
    expect(aliceView.body.flows.map((f: any) => f.id)).toEqual([aliceFlow.id]);
  });

  it('flows: a private flow is not public; endpoint names resolve among the caller\'s flows only (D18)', async () => {
    const anonymous = await apiCall(server, 'GET', `/api/v1/flows/public_flow/${aliceFlow.id}`);
    same(anonymous, await apiCall(server, 'GET', `/api/v1/flows/public_flow/${UNKNOWN}`));
    expect(anonymous.status).toBe(404);
    const db = server.deps.storage.db;
    expect(await findFlowByIdOrEndpointName(db, bob.id, endpoint)).toBeUndefined();
    expect(await findFlowByIdOrEndpointName(db, bob.id, aliceFlow.id.toUpperCase())).toBeUndefined();
    expect((await findFlowByIdOrEndpointName(db, alice.id, aliceFlow.id.toUpperCase()))?.id).toBe(aliceFlow.id);
    // Bob may use the same endpoint name for his own flow: Alice's does not block it.
    const bobs = await asBobCall('POST', '/api/v1/flows/', { name: 'Bob same endpoint', data: graph, endpoint_name: endpoint });
    expect(bobs.body.endpoint_name).toBe(endpoint);
    expect((await findFlowByIdOrEndpointName(db, bob.id, endpoint))?.id).toBe(bobs.body.id);
    expect((await findFlowByIdOrEndpointName(db, alice.id, endpoint))?.id).toBe(aliceFlow.id);
    for (const target of [aliceFlow.id, aliceFlow.id.toUpperCase()]) {
      const run = await asBobCall('POST', `/api/v1/run/${target}`, { input_value: 'hi' });
      expect(run).toMatchObject({ status: 404, body: { detail: `Flow identifier ${target} not found` } });
    }
  });

  it('projects: GET, PATCH, DELETE of Alice\'s project in every form are 404 "Project not found", like an unknown id', async () => {
    for (const base of ['/api/v1/projects', '/api/v1/folders']) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'taken over', description: 'pwned' }],
        ['DELETE', undefined],
      ] as const) {
        const unknown = await asBobCall(method, `${base}/${UNKNOWN}`, body);
        expect(unknown).toMatchObject({ status: 404, body: { detail: 'Project not found' } });
        for (const form of idForms(aliceProject.id)) same(await asBobCall(method, `${base}/${form}`, body), unknown);
      }
      const list = await asBobCall('GET', `${base}/`);
      expect(list.body.map((p: any) => p.id)).not.toContain(aliceProject.id);
    }
    const project = await apiCall(server, 'GET', `/api/v1/projects/${aliceProject.id}`, asAlice);
    expect(project.body).toMatchObject({ name: 'Alice private', description: 'hers' });
    await aliceFlowUnchanged();
  });

  it('projects: Bob cannot pull Alice\'s flows into his project or nest under hers', async () => {
    const created = await asBobCall('POST', '/api/v1/projects/', { name: 'Bob grab', flows_list: [aliceFlow.id], components_list: [aliceFlow.id] });
    expect(created.status).toBe(201);
    await aliceFlowUnchanged();
    expect((await asBobCall('GET', `/api/v1/projects/${created.body.id}`)).body.flows).toEqual([]);
    same(await asBobCall('POST', '/api/v1/projects/', { name: 'nested', parent_id: aliceProject.id }), await asBobCall('POST', '/api/v1/projects/', { name: 'nested', parent_id: UNKNOWN }));
    expect((await asBobCall('PATCH', `/api/v1/projects/${created.body.id}`, { parent_id: aliceProject.id })).status).toBe(404);
  });

  it('API keys: Alice\'s key cannot be deleted or listed by Bob in any form', async () => {
    const unknown = await asBobCall('DELETE', `/api/v1/api_key/${UNKNOWN}`);
    expect(unknown).toMatchObject({ status: 400, body: { detail: 'API Key not found' } });
    for (const form of idForms(aliceKey.id)) same(await asBobCall('DELETE', `/api/v1/api_key/${form}`), unknown);
    const list = await asBobCall('GET', '/api/v1/api_key/');
    expect(list.body.api_keys.map((k: any) => k.id)).not.toContain(aliceKey.id);
    const stillWorks = await apiCall(server, 'GET', '/api/v1/api_key/', { 'x-api-key': aliceKey.api_key });
    expect(stillWorks).toMatchObject({ status: 200, body: { user_id: alice.id } });
  });
});
