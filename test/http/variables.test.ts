// /api/v1/variables: Langflow's cases (messages, Credential write-only, `__x__` hidden) and the
// ownership rules (another user's variable is 404; the path's id is the one that changes).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('variables on $kind', (kind) => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let asAlice: Record<string, string>;
  let asBob: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    alice = await createUser(server);
    bob = await createUser(server);
    asAlice = await bearer(server, alice);
    asBob = await bearer(server, bob);
  });
  afterAll(() => server?.close());

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${server.url}/api/v1/variables/${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const create = (headers: Record<string, string>, body: unknown) => call('POST', '', headers, body);
  const list = async (headers: Record<string, string>) => (await call('GET', '', headers)).body as any[];
  const unique = (prefix: string) => `${prefix}_${randomUUID().slice(0, 8)}`;

  it('creates a Generic variable (201) and echoes its value', async () => {
    const name = unique('GENERIC');
    const res = await create(asAlice, { name, value: 'hello world', type: 'Generic', default_fields: ['template'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), name, type: 'Generic', value: 'hello world', default_fields: ['template'] });
  });

  it('defaults to Credential, whose value is null in the answer and in the list', async () => {
    const name = unique('CRED');
    const res = await create(asAlice, { name, value: 'sk-secret-value' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, type: 'Credential', value: null, default_fields: [] });
    const listed = (await list(asAlice)).find((v) => v.name === name);
    expect(listed).toEqual({ id: res.body.id, name, type: 'Credential', value: null, default_fields: [] });
  });

  it('lists a Generic with its value and stores it encrypted', async () => {
    const name = unique('TONE');
    const { body } = await create(asAlice, { name, value: 'Arr!', type: 'Generic' });
    expect((await list(asAlice)).find((v) => v.id === body.id)?.value).toBe('Arr!');
    const row = await server.deps.storage.db.selectFrom('variable').select('value').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.value).not.toContain('Arr!');
    expect(server.deps.keys.fernet.decryptString(row.value)).toBe('Arr!');
  });

  it('refuses a duplicate name with Langflow\'s message', async () => {
    const name = unique('DUP');
    expect((await create(asAlice, { name, value: 'a' })).status).toBe(201);
    expect(await create(asAlice, { name, value: 'b', type: 'Generic' })).toEqual({ status: 400, body: { detail: 'Variable name already exists' } });
    // Names are per user: Bob may use the same one.
    expect((await create(asBob, { name, value: 'c' })).status).toBe(201);
  });

  it('gives Langflow\'s three messages for empty names and values', async () => {
    expect(await create(asAlice, { name: '', value: '' })).toEqual({ status: 400, body: { detail: 'Variable name and value cannot be empty' } });
    expect(await create(asAlice, { name: '', value: 'x' })).toEqual({ status: 400, body: { detail: 'Variable name cannot be empty' } });
    expect(await create(asAlice, { name: unique('EMPTY'), value: '' })).toEqual({ status: 400, body: { detail: 'Variable value cannot be empty' } });
  });

  it('answers 422 in FastAPI\'s shape for a missing field, without echoing the value', async () => {
    const res = await create(asAlice, { value: 'do-not-echo-me' });
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    expect(JSON.stringify(res.body)).not.toContain('do-not-echo-me');
  });

  it('PATCH changes name, value and fields, and keeps the id', async () => {
    const { body: created } = await create(asAlice, { name: unique('OLD'), value: 'v1', type: 'Generic' });
    const name = unique('NEW');
    const res = await call('PATCH', created.id, asAlice, { id: created.id, name, value: 'v2', default_fields: ['a', 'b'] });
    expect(res).toEqual({ status: 200, body: { id: created.id, name, type: 'Generic', value: 'v2', default_fields: ['a', 'b'] } });
    expect((await list(asAlice)).find((v) => v.id === created.id)).toEqual(res.body);
  });

  it('PATCH of a Credential answers value null and stores the new value encrypted', async () => {
    const { body: created } = await create(asAlice, { name: unique('KEY'), value: 'first' });
    const res = await call('PATCH', created.id, asAlice, { value: 'second' });
    expect(res.status).toBe(200);
    expect(res.body.value).toBeNull();
    const row = await server.deps.storage.db.selectFrom('variable').select('value').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(server.deps.keys.fernet.decryptString(row.value)).toBe('second');
  });

  it('never turns a Credential into a Generic without a new value (that would show the secret)', async () => {
    const { body: created } = await create(asAlice, { name: unique('WO'), value: 'write-only' });
    const res = await call('PATCH', created.id, asAlice, { type: 'Generic' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await list(asAlice))).not.toContain('write-only');
    const replaced = await call('PATCH', created.id, asAlice, { type: 'Generic', value: 'now public' });
    expect(replaced.body).toMatchObject({ type: 'Generic', value: 'now public' });
  });

  it('PATCH renaming onto an existing name is refused', async () => {
    const taken = unique('TAKEN');
    await create(asAlice, { name: taken, value: 'x' });
    const { body: other } = await create(asAlice, { name: unique('OTHER'), value: 'y' });
    expect(await call('PATCH', other.id, asAlice, { name: taken })).toEqual({ status: 400, body: { detail: 'Variable name already exists' } });
  });

  it('a body id that differs from the path id is never written', async () => {
    const { body: target } = await create(asAlice, { name: unique('TARGET'), value: 't', type: 'Generic' });
    const { body: bystander } = await create(asAlice, { name: unique('BYSTANDER'), value: 'b', type: 'Generic' });
    const res = await call('PATCH', target.id, asAlice, { id: bystander.id, value: 'changed' });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(target.id);
    const rows = await server.deps.storage.db.selectFrom('variable').select(['id']).where('id', 'in', [target.id, bystander.id]).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([target.id, bystander.id].sort());
    const listed = await list(asAlice);
    expect(listed.find((v) => v.id === target.id)?.value).toBe('changed');
    expect(listed.find((v) => v.id === bystander.id)?.value).toBe('b');
    // A fresh id in the body does not move the variable either.
    const fresh = randomUUID();
    await call('PATCH', target.id, asAlice, { id: fresh, name: unique('MOVED') });
    expect((await list(asAlice)).some((v) => v.id === fresh)).toBe(false);
  });

  it('unknown ids are 404 for PATCH and DELETE; a non-UUID is a 422 on variable_id', async () => {
    const id = randomUUID();
    expect(await call('PATCH', id, asAlice, { value: 'x' })).toEqual({ status: 404, body: { detail: 'Variable not found' } });
    expect(await call('DELETE', id, asAlice)).toEqual({ status: 404, body: { detail: 'Variable not found' } });
    const bad = await call('DELETE', 'not-a-uuid', asAlice);
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'variable_id'] });
  });

  it('another user\'s variable is 404 on every verb and absent from their list', async () => {
    const { body: mine } = await create(asAlice, { name: unique('MINE'), value: 'alice-only', type: 'Generic' });
    expect((await list(asBob)).some((v) => v.id === mine.id)).toBe(false);
    expect((await call('PATCH', mine.id, asBob, { value: 'bob was here' })).status).toBe(404);
    expect((await call('DELETE', mine.id, asBob)).status).toBe(404);
    expect((await list(asAlice)).find((v) => v.id === mine.id)?.value).toBe('alice-only');
  });

  it('DELETE answers 204 and the variable is gone', async () => {
    const { body } = await create(asAlice, { name: unique('GONE'), value: 'x' });
    const res = await fetch(`${server.url}/api/v1/variables/${body.id}`, { method: 'DELETE', headers: asAlice });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await list(asAlice)).some((v) => v.id === body.id)).toBe(false);
  });

  it('hides names wrapped in __ from the list', async () => {
    const hidden = `__${unique('internal')}__`;
    const { body } = await create(asAlice, { name: hidden, value: 'x', type: 'Generic' });
    expect((await list(asAlice)).some((v) => v.name === hidden || v.id === body.id)).toBe(false);
    const half = `__${unique('half')}`;
    await create(asAlice, { name: half, value: 'x', type: 'Generic' });
    expect((await list(asAlice)).some((v) => v.name === half)).toBe(true);
  });

  it('needs credentials', async () => {
    expect((await call('GET', '', {})).status).toBe(403);
    expect((await create({}, { name: 'x', value: 'y' })).status).toBe(403);
  });
});
