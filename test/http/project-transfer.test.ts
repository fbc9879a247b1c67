// GET /api/v1/projects/download/{id} and POST /api/v1/projects/upload/: a project leaves as a zip
// of its flows and comes back (as that zip or as Langflow's project JSON) as a new project of
// the caller's; other users' projects are 404 and a bad file creates nothing.
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor, createFlowVia, promptFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('project download and upload on $kind', (kind) => {
  let server: TestServer;
  let owner: TestUser;
  let key: string;
  let otherKey: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await createUser(server);
    key = (await createApiKeyFor(server, owner.id)).key;
    otherKey = (await createApiKeyFor(server, (await createUser(server)).id)).key;
  });
  afterAll(() => server?.close());

  const auth = () => ({ 'x-api-key': key });
  const projectNames = async (k: string) => ((await api(server.url, 'GET', '/api/v1/projects/', { headers: { 'x-api-key': k } })).body as { name: string }[]).map((p) => p.name);

  function uploadProject(k: string, bytes: Uint8Array<ArrayBuffer> | string, fileName: string) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), fileName);
    return fetch(`${server.url}/api/v1/projects/upload/`, { method: 'POST', headers: { 'x-api-key': k }, body: form });
  }

  it('downloads a project as a zip of its flows and uploads it back as a new project', async () => {
    const project = await api(server.url, 'POST', '/api/v1/projects/', { headers: auth(), body: { name: 'Research', description: 'notes' } });
    expect(project.status).toBe(201);
    const flowId = await createFlowVia(server, key, promptFlowData('Research: {question}'), { name: 'Researcher' });
    const moved = await api(server.url, 'PATCH', `/api/v1/flows/${flowId}`, { headers: auth(), body: { folder_id: project.body.id } });
    expect(moved.status).toBe(200);

    const download = await fetch(`${server.url}/api/v1/projects/download/${project.body.id}`, { headers: auth() });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-zip-compressed');
    const disposition = download.headers.get('content-disposition')!;
    const fileName = /filename="([^"]+)"/.exec(disposition)![1]!;
    expect(fileName).toMatch(/^\d{8}_\d{6}_Research_flows\.zip$/);
    const bytes = new Uint8Array(await download.arrayBuffer()) as Uint8Array<ArrayBuffer>;
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toEqual(['Researcher.json']);
    expect(JSON.parse(strFromU8(entries['Researcher.json']!))).toMatchObject({ id: flowId, name: 'Researcher' });

    const uploaded = await uploadProject(key, bytes, fileName);
    expect(uploaded.status).toBe(201);
    const flows = await uploaded.json();
    expect(flows).toHaveLength(1);
    expect(flows[0].id).not.toBe(flowId);
    expect(flows[0].name).toBe('Researcher (1)');
    expect(await projectNames(key)).toContain('Research (1)');
    const copy = await api(server.url, 'GET', `/api/v1/projects/${flows[0].folder_id}`, { headers: auth() });
    expect(copy.body.name).toBe('Research (1)');
    const run = await api(server.url, 'POST', `/api/v1/run/${flows[0].id}`, { headers: auth(), body: { input_value: 'ok?' } });
    expect(run.body.outputs[0].outputs[0].results.message.text).toBe('Research: ok?');
  });

  it('uploads Langflow\'s project JSON', async () => {
    const body = JSON.stringify({ folder_name: 'From Langflow', folder_description: 'exported', flows: [{ name: 'Imported', data: promptFlowData() }] });
    const uploaded = await uploadProject(key, body, 'project.json');
    expect(uploaded.status).toBe(201);
    const [flow] = await uploaded.json();
    const project = await api(server.url, 'GET', `/api/v1/projects/${flow.folder_id}`, { headers: auth() });
    expect(project.body).toMatchObject({ name: 'From Langflow', description: 'exported' });
  });

  it('keeps other users out and refuses empty projects and bad files, creating nothing', async () => {
    const project = await api(server.url, 'POST', '/api/v1/projects/', { headers: auth(), body: { name: 'Empty' } });
    expect((await api(server.url, 'GET', `/api/v1/projects/download/${project.body.id}`, { headers: auth() })).body).toEqual({ detail: 'No flows found in project' });
    expect((await api(server.url, 'GET', `/api/v1/projects/download/${project.body.id}`, { headers: { 'x-api-key': otherKey } })).status).toBe(404);

    const before = await projectNames(key);
    const bad: [Uint8Array<ArrayBuffer> | string, number][] = [
      ['not json', 400],
      ['[]', 400],
      [JSON.stringify({ folder_name: 'X' }), 400],
      [JSON.stringify({ flows: [] }), 422],
      [JSON.stringify({ folder_name: 'Bad flows', flows: [{ name: 42 }] }), 422],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 400],
      ['', 400],
    ];
    for (const [bytes, status] of bad) {
      const response = await uploadProject(key, bytes, 'x.json');
      expect(response.status, String(bytes).slice(0, 40)).toBe(status);
    }
    expect(await projectNames(key)).toEqual(before);
  });
});
