// Finding 7: a 92 kB zip inflated to a 94 MB stored flow (about 0.5 GB of memory per request),
// and nothing bounded what one user stores. Now a zip's entries are inflated under the flows'
// request body limit (each and together, counted while inflating), and flows and files have
// per-user quotas (409 for counts, 413 for bytes), each refusal storing nothing.
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const KB = 1024;

/** A flow whose `data` is about `size` characters (padding that compresses to nearly nothing). */
function flowOfSize(name: string, size: number) {
  return { name, data: { nodes: [], edges: [], padding: 'a'.repeat(size) } };
}

function form(name: string, content: Uint8Array | string): FormData {
  const body = new FormData();
  body.append('file', new Blob([content as BlobPart]), name);
  return body;
}

describe.each(databaseKinds())('zip amplification on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    key = (await createApiKeyFor(server, (await createUser(server)).id)).key;
  });
  afterAll(async () => server?.close());

  const upload = (route: string, body: FormData) => fetch(`${server.url}${route}`, { method: 'POST', headers: { 'x-api-key': key }, body });
  const flowCount = async () => (await api(server.url, 'GET', '/api/v1/flows/?get_all=true', { headers: { 'x-api-key': key } })).body.length;

  it('refuses a small zip whose one entry inflates past the body limit (413, nothing stored)', async () => {
    const before = await flowCount();
    // 4 MiB of flow in a zip of a few kB: four times the default 1 MiB body limit.
    const zip = zipSync({ 'bomb.json': strToU8(JSON.stringify(flowOfSize('bomb', 4 * KB * KB))) });
    expect(zip.length).toBeLessThan(100 * KB);
    for (const route of ['/api/v1/flows/upload/', '/api/v1/projects/upload/']) {
      const response = await upload(route, form('bomb.zip', zip));
      expect(response.status, route).toBe(413);
      expect((await response.json()).detail).toContain('LANGFLOW_MAX_REQUEST_BODY_BYTES');
    }
    expect(await flowCount()).toBe(before);
  });

  it('refuses entries that each fit but together exceed the body limit', async () => {
    const before = await flowCount();
    const zip = zipSync({
      'one.json': strToU8(JSON.stringify(flowOfSize('one', 600 * KB))),
      'two.json': strToU8(JSON.stringify(flowOfSize('two', 600 * KB))),
    });
    const response = await upload('/api/v1/flows/upload/', form('two.zip', zip));
    expect(response.status).toBe(413);
    expect(await flowCount()).toBe(before);
  });

  it('still takes a zip under the limit', async () => {
    const zip = zipSync({ 'small.json': strToU8(JSON.stringify(flowOfSize('small', 10 * KB))) });
    const response = await upload('/api/v1/flows/upload/', form('small.zip', zip));
    expect(response.status).toBe(201);
  });
});

describe.each(databaseKinds())('per-user quotas on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  let otherKey: string;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      env: { LANGFLOW_MAX_FLOWS_PER_USER: '3', LANGFLOW_MAX_FLOW_MB_PER_USER: '1', LANGFLOW_MAX_FILES_PER_USER: '2', LANGFLOW_MAX_FILE_MB_PER_USER: '1' },
    });
    key = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    otherKey = (await createApiKeyFor(server, (await createUser(server)).id)).key;
  });
  afterAll(async () => server?.close());

  const as = (apiKey: string) => ({ 'x-api-key': apiKey });
  const flows = async (apiKey: string) => (await api(server.url, 'GET', '/api/v1/flows/?get_all=true', { headers: as(apiKey) })).body;
  const create = (apiKey: string, body: unknown) => api(server.url, 'POST', '/api/v1/flows/', { headers: as(apiKey), body });
  const uploadFile = (apiKey: string, name: string, content: string) =>
    fetch(`${server.url}/api/v2/files`, { method: 'POST', headers: as(apiKey), body: form(name, content) });

  it('caps the bytes of a user\'s flows (413), on create and on update', async () => {
    const big = await create(key, flowOfSize('big', 600 * KB));
    expect(big.status).toBe(201);
    const second = await create(key, flowOfSize('second', 600 * KB));
    expect(second.status).toBe(413);
    expect(second.body.detail).toContain('LANGFLOW_MAX_FLOW_MB_PER_USER');
    const small = await create(key, { name: 'small', data: { nodes: [], edges: [] } });
    expect(small.status).toBe(201);
    const grown = await api(server.url, 'PATCH', `/api/v1/flows/${small.body.id}`, { headers: as(key), body: { data: flowOfSize('x', 600 * KB).data } });
    expect(grown.status).toBe(413);
    expect((await api(server.url, 'GET', `/api/v1/flows/${small.body.id}`, { headers: as(key) })).body.data).toEqual({ nodes: [], edges: [] });
    // Shrinking the big one is always allowed.
    const shrunk = await api(server.url, 'PATCH', `/api/v1/flows/${big.body.id}`, { headers: as(key), body: { data: { nodes: [], edges: [] } } });
    expect(shrunk.status).toBe(200);
  });

  it('caps the number of a user\'s flows (409) on create, batch and upload; others are not affected', async () => {
    expect((await flows(key)).length).toBe(2);
    const batch = await api(server.url, 'POST', '/api/v1/flows/batch/', {
      headers: as(key),
      body: { flows: [{ name: 'b1', data: { nodes: [], edges: [] } }, { name: 'b2', data: { nodes: [], edges: [] } }] },
    });
    expect(batch.status).toBe(409);
    expect(batch.body.detail).toContain('LANGFLOW_MAX_FLOWS_PER_USER');
    expect((await flows(key)).length).toBe(2);
    expect((await create(key, { name: 'third', data: { nodes: [], edges: [] } })).status).toBe(201);
    expect((await create(key, { name: 'fourth', data: { nodes: [], edges: [] } })).status).toBe(409);
    const uploaded = await fetch(`${server.url}/api/v1/flows/upload/`, { method: 'POST', headers: as(key), body: form('f.json', JSON.stringify({ name: 'up', data: { nodes: [], edges: [] } })) });
    expect(uploaded.status).toBe(409);
    expect((await flows(key)).length).toBe(3);
    expect((await create(otherKey, { name: 'theirs', data: { nodes: [], edges: [] } })).status).toBe(201);
  });

  it('caps a user\'s files by bytes (413, checked while the file arrives) and by count (409)', async () => {
    const filesDir = path.join(server.configDir, 'files');
    const onDisk = () => (fs.existsSync(filesDir) ? fs.readdirSync(filesDir, { recursive: true }).filter((entry) => fs.statSync(path.join(filesDir, String(entry))).isFile()).length : 0);
    expect((await uploadFile(key, 'a.txt', 'a'.repeat(700 * KB))).status).toBe(201);
    const over = await uploadFile(key, 'b.txt', 'b'.repeat(400 * KB));
    expect(over.status).toBe(413);
    expect((await over.json()).detail).toContain('LANGFLOW_MAX_FILE_MB_PER_USER');
    expect(onDisk()).toBe(1);
    expect((await uploadFile(key, 'c.txt', 'small')).status).toBe(201);
    const third = await uploadFile(key, 'd.txt', 'small');
    expect(third.status).toBe(409);
    expect((await third.json()).detail).toContain('LANGFLOW_MAX_FILES_PER_USER');
    const list = await (await fetch(`${server.url}/api/v2/files`, { headers: as(key) })).json();
    expect(list).toHaveLength(2);
    expect(onDisk()).toBe(2);
    expect((await uploadFile(otherKey, 'mine.txt', 'mine')).status).toBe(201);
  });
});
