// The Files page's routes (Langflow's /api/v2/files): rename, download several as a zip, delete
// several or all. Another user's ids are never touched, and bad input changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('file batches on $kind', (kind) => {
  let server: TestServer;
  let owner: TestUser;
  let ownerKey: string;
  let otherKey: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await createUser(server);
    const other = await createUser(server);
    ownerKey = (await createApiKeyFor(server, owner.id)).key;
    otherKey = (await createApiKeyFor(server, other.id)).key;
  });
  afterAll(() => server?.close());

  async function upload(key: string, name: string, content: string): Promise<{ id: string; name: string }> {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    const response = await fetch(`${server.url}/api/v2/files`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
    expect(response.status).toBe(201);
    return response.json();
  }
  const call = (key: string, method: string, route: string, body?: unknown) =>
    fetch(`${server.url}${route}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const namesOf = async (key: string) => ((await (await call(key, 'GET', '/api/v2/files')).json()) as { name: string }[]).map((f) => f.name).sort();

  it('renames a file, keeping its extension, and refuses bad names and other users', async () => {
    const file = await upload(ownerKey, 'notes.md', '# notes');
    const renamed = await call(ownerKey, 'PUT', `/api/v2/files/${file.id}?name=${encodeURIComponent('Meeting notes')}`);
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ id: file.id, name: 'Meeting notes' });
    const download = await call(ownerKey, 'GET', `/api/v2/files/${file.id}`);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''Meeting%20notes.md");

    for (const name of ['   ', 'a/b', 'line\nbreak', 'x'.repeat(256)]) {
      const response = await call(ownerKey, 'PUT', `/api/v2/files/${file.id}?name=${encodeURIComponent(name)}`);
      expect(response.status, JSON.stringify(name)).toBe(400);
    }
    expect((await call(ownerKey, 'PUT', `/api/v2/files/${file.id}`)).status).toBe(422);
    expect((await call(otherKey, 'PUT', `/api/v2/files/${file.id}?name=mine`)).status).toBe(404);
    expect(await namesOf(ownerKey)).toContain('Meeting notes');
  });

  it('downloads several files as one zip, under their full names', async () => {
    const a = await upload(ownerKey, 'a.txt', 'alpha');
    const b = await upload(ownerKey, 'b.csv', 'x,y\n1,2');
    const foreign = await upload(otherKey, 'secret.txt', 'not yours');
    const response = await call(ownerKey, 'POST', '/api/v2/files/batch/', [a.id, b.id, foreign.id]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-zip-compressed');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="\d{8}_\d{6}_flowgate_files\.zip"/);
    const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(['a.txt', 'b.csv']);
    expect(strFromU8(entries['a.txt']!)).toBe('alpha');
    // Only another user's ids: nothing of theirs comes back.
    expect((await call(ownerKey, 'POST', '/api/v2/files/batch/', [foreign.id])).status).toBe(404);
  });

  it('deletes the chosen files, never another user\'s, then all of them', async () => {
    const keep = await upload(ownerKey, 'keep.txt', 'k');
    const drop1 = await upload(ownerKey, 'drop1.txt', 'd1');
    const drop2 = await upload(ownerKey, 'drop2.txt', 'd2');
    const foreign = await upload(otherKey, 'theirs.txt', 't');
    const response = await call(ownerKey, 'DELETE', '/api/v2/files/batch/', [drop1.id, drop2.id, foreign.id]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: '2 files deleted successfully' });
    const names = await namesOf(ownerKey);
    expect(names).toContain('keep');
    expect(names).not.toContain('drop1');
    expect(fs.existsSync(path.join(server.configDir, 'files', owner.id, drop1.id))).toBe(false);
    expect(await namesOf(otherKey)).toContain('theirs');
    expect(fs.existsSync(path.join(server.configDir, 'files', foreign.id))).toBe(false);

    const all = await call(ownerKey, 'DELETE', '/api/v2/files');
    expect(all.status).toBe(200);
    expect((await all.json()).message).toMatch(/^All \d+ files deleted successfully$/);
    expect(await namesOf(ownerKey)).toEqual([]);
    expect(fs.existsSync(path.join(server.configDir, 'files', owner.id, keep.id))).toBe(false);
    expect(await namesOf(otherKey)).toContain('theirs');
  });

  it('refuses a zip of more than four times the upload limit, which is built in memory', async () => {
    const small = await startTestServer(kind, { env: { LANGFLOW_MAX_FILE_SIZE_UPLOAD: '1' } });
    try {
      const user = await createUser(small);
      const key = (await createApiKeyFor(small, user.id)).key;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(900 * 1024)]), `part-${i}.bin`);
        const response = await fetch(`${small.url}/api/v2/files`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
        ids.push((await response.json()).id);
      }
      const post = (body: string[]) =>
        fetch(`${small.url}/api/v2/files/batch/`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const tooMuch = await post(ids);
      expect(tooMuch.status).toBe(413);
      expect((await tooMuch.json()).detail).toMatch(/more than 4 MB/);
      expect((await post(ids.slice(0, 4))).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('refuses bad batch bodies without deleting anything', async () => {
    const file = await upload(ownerKey, 'safe.txt', 's');
    for (const body of [[], ['not-a-uuid'], 'x', { ids: [file.id] }, Array.from({ length: 1001 }, () => randomUUID())]) {
      const response = await call(ownerKey, 'DELETE', '/api/v2/files/batch/', body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(422);
    }
    expect((await call(ownerKey, 'DELETE', '/api/v2/files/batch/', [randomUUID()])).status).toBe(404);
    expect(await namesOf(ownerKey)).toContain('safe');
  });
});
