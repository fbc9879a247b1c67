// /api/v2/files and /api/v1/files/upload/{flow_id}: owner-scoped files stored under server-made
// names; user-supplied names stay data (never paths); the size limit is a 413.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor, createFlowVia, promptFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(databaseKinds())('files on $kind', (kind) => {
  let server: TestServer;
  let owner: TestUser;
  let ownerKey: string;
  let otherKey: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_MAX_FILE_SIZE_UPLOAD: '1' } });
    owner = await createUser(server);
    const other = await createUser(server);
    ownerKey = (await createApiKeyFor(server, owner.id)).key;
    otherKey = (await createApiKeyFor(server, other.id)).key;
  });
  afterAll(() => server?.close());

  function upload(key: string, name: string, content: string | Uint8Array<ArrayBuffer>, route = '/api/v2/files', field = 'file') {
    const form = new FormData();
    form.append(field, new Blob([content]), name);
    return fetch(`${server.url}${route}`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
  }
  const get = (key: string, route: string, method = 'GET') => fetch(`${server.url}${route}`, { method, headers: { 'x-api-key': key } });

  it('uploads, lists, downloads and deletes the caller\'s file', async () => {
    const created = await upload(ownerKey, 'report.txt', 'hello file');
    expect(created.status).toBe(201);
    const file = await created.json();
    expect(file).toEqual({ id: expect.stringMatching(UUID), name: 'report', path: `${owner.id}/${file.id}`, size: 10, provider: null });
    expect(fs.readFileSync(path.join(server.configDir, 'files', owner.id, file.id), 'utf8')).toBe('hello file');

    const again = await (await upload(ownerKey, 'report.txt', 'second')).json();
    expect(again.name).toBe('report (1)'); // Langflow numbers a name the user already has

    const list = await (await get(ownerKey, '/api/v2/files')).json();
    expect(list.map((f: any) => f.id).sort()).toEqual([file.id, again.id].sort());
    expect(list.find((f: any) => f.id === file.id)).toMatchObject({ user_id: owner.id, name: 'report', size: 10, created_at: expect.any(String) });

    const download = await get(ownerKey, `/api/v2/files/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="report.txt"; filename*=UTF-8''report.txt`);
    expect(await download.text()).toBe('hello file');

    const deleted = await get(ownerKey, `/api/v2/files/${file.id}`, 'DELETE');
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ detail: 'File report deleted successfully' });
    expect(fs.existsSync(path.join(server.configDir, 'files', owner.id, file.id))).toBe(false);
    expect((await get(ownerKey, `/api/v2/files/${file.id}`)).status).toBe(404);
  });

  it('answers another user\'s file exactly like an unknown one', async () => {
    const file = await (await upload(ownerKey, 'secret.txt', 'mine')).json();
    for (const method of ['GET', 'DELETE']) {
      const response = await get(otherKey, `/api/v2/files/${file.id}`, method);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ detail: 'File not found' });
    }
    const unknown = await get(otherKey, `/api/v2/files/${randomUUID()}`);
    expect(await unknown.json()).toEqual({ detail: 'File not found' });
    const list = await (await get(otherKey, '/api/v2/files')).json();
    expect(list.map((f: any) => f.id)).not.toContain(file.id);
    expect((await get(ownerKey, `/api/v2/files/${file.id}`)).status).toBe(200);
  });

  it('keeps path-like and header-breaking names as names', async () => {
    for (const name of ['../../../escape.txt', '..\\..\\win.txt', 'quo"te;\r\nX-Evil: 1.txt', 'ünï cødé.txt']) {
      const response = await upload(ownerKey, name, 'x');
      expect(response.status).toBe(201);
      const file = await response.json();
      expect(file.path).toBe(`${owner.id}/${file.id}`);
      const download = await get(ownerKey, `/api/v2/files/${file.id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('x-evil')).toBeNull();
      const disposition = download.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._ ()-]+"; filename\*=UTF-8''[A-Za-z0-9._~%!-]+$/);
    }
    // Nothing was written outside <CONFIG_DIR>/files/<user_id>/.
    expect(fs.existsSync(path.join(server.configDir, 'escape.txt'))).toBe(false);
    expect(fs.existsSync(path.join(server.configDir, 'files', 'escape.txt'))).toBe(false);
    for (const entry of fs.readdirSync(path.join(server.configDir, 'files', owner.id))) expect(entry).toMatch(UUID);
  });

  it('refuses a file over LANGFLOW_MAX_FILE_SIZE_UPLOAD with 413 and keeps nothing', async () => {
    const before = fs.readdirSync(path.join(server.configDir, 'files', owner.id)).length;
    const response = await upload(ownerKey, 'big.bin', new Uint8Array(1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: 'File size is larger than the maximum file size 1MB.' });
    expect(fs.readdirSync(path.join(server.configDir, 'files', owner.id)).length).toBe(before);
  });

  it('answers 422 without a `file` field and for a non-UUID id', async () => {
    const response = await upload(ownerKey, 'a.txt', 'x', '/api/v2/files', 'document');
    expect(response.status).toBe(422);
    expect((await response.json()).detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });
    const badId = await get(ownerKey, '/api/v2/files/not-a-uuid');
    expect(badId.status).toBe(422);
    expect((await badId.json()).detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'file_id'] });
  });

  it('POST /api/v1/files/upload/{flow_id}: {flowId, file_path} for the caller\'s flow, 404 otherwise', async () => {
    const flowId = await createFlowVia(server, ownerKey, promptFlowData());
    const response = await upload(ownerKey, 'notes.md', '# hi', `/api/v1/files/upload/${flowId}`);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({ flowId, file_path: expect.stringMatching(new RegExp(`^${owner.id}/[0-9a-f-]{36}$`)) });
    expect(fs.readFileSync(path.join(server.configDir, 'files', body.file_path), 'utf8')).toBe('# hi');

    const foreign = await upload(otherKey, 'notes.md', '# hi', `/api/v1/files/upload/${flowId}`);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ detail: 'Flow not found' });
    const unknown = await upload(ownerKey, 'notes.md', '# hi', `/api/v1/files/upload/${randomUUID()}`);
    expect(await unknown.json()).toEqual({ detail: 'Flow not found' });
  });

  it('needs credentials', async () => {
    expect((await fetch(`${server.url}/api/v2/files`)).status).toBe(403);
  });
});
