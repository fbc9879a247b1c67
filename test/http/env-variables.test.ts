// LANGFLOW_STORE_ENVIRONMENT_VARIABLES: at login and auto-login the variables named by
// LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT become the user's Credentials; they follow the
// environment (a restart with a new value) only while the user has not changed them.
// Three servers, one after another, on one database: the environment is read at start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, login, type TestUser } from '../helpers/auth.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const NAME = 'FG_ENV_TOKEN';
const BLANK = 'FG_ENV_BLANK';
const UNSET = 'FG_ENV_UNSET';

describe.each(databaseKinds())('environment variables copied at login on $kind', (kind) => {
  let database: TestDatabase;
  let configDir: string;
  let server: TestServer | undefined;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  const envFor = (value: string, store = 'true') => ({
    LANGFLOW_STORE_ENVIRONMENT_VARIABLES: store,
    LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT: `${NAME},${BLANK},${UNSET}`,
    [NAME]: value,
    [BLANK]: '   ',
  });
  async function restart(env: Record<string, string>) {
    await server?.close();
    server = await startTestServer(kind, { database, configDir, env });
  }
  async function rowsOf(userId: string) {
    return server!.deps.storage.db.selectFrom('variable').selectAll().where('user_id', '=', userId).orderBy('name').execute();
  }
  async function stored(userId: string, name = NAME) {
    const row = (await rowsOf(userId)).find((r) => r.name === name);
    return row && { value: server!.deps.keys.fernet.decryptString(row.value), fromEnv: Boolean(row.from_env), type: row.type };
  }
  async function loginAs(user: TestUser) {
    expect((await login(server!, user.username, user.password)).status).toBe(200);
  }

  beforeAll(async () => {
    database = await kind.create();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-envvars-'));
    await restart(envFor('  from-env-v1 '));
    alice = await createUser(server!);
    bob = await createUser(server!);
    carol = await createUser(server!);
  });
  afterAll(async () => {
    await server?.close();
    await database.drop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it('copies set, non-blank variables at login as Credentials (trimmed, default_fields [], from_env)', async () => {
    expect(await rowsOf(alice.id)).toEqual([]);
    await loginAs(alice);
    const rows = await rowsOf(alice.id);
    expect(rows.map((r) => r.name)).toEqual([NAME]);
    expect(rows[0]).toMatchObject({ type: 'Credential', default_fields: '[]' });
    expect(await stored(alice.id)).toEqual({ value: 'from-env-v1', fromEnv: true, type: 'Credential' });
    const listed = await (await fetch(`${server!.url}/api/v1/variables/`, { headers: await bearer(server!, alice) })).json();
    expect(listed).toEqual([{ id: rows[0].id, name: NAME, type: 'Credential', value: null, default_fields: [] }]);
  });

  it('copies at auto-login too', async () => {
    const response = await fetch(`${server!.url}/api/v1/auto_login`);
    expect(response.status).toBe(200);
    const superuser = await server!.deps.storage.db.selectFrom('user').select('id').where('username', '=', 'langflow').executeTakeFirstOrThrow();
    expect(await stored(superuser.id)).toEqual({ value: 'from-env-v1', fromEnv: true, type: 'Credential' });
  });

  it('a user\'s own variable of that name is never replaced', async () => {
    const asCarol = await bearer(server!, carol); // the login copies it…
    const [copy] = await rowsOf(carol.id);
    await fetch(`${server!.url}/api/v1/variables/${copy.id}`, { method: 'DELETE', headers: asCarol });
    const created = await fetch(`${server!.url}/api/v1/variables/`, {
      method: 'POST',
      headers: { ...asCarol, 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME, value: 'carol-own', type: 'Credential' }),
    });
    expect(created.status).toBe(201);
    await loginAs(carol);
    expect(await stored(carol.id)).toEqual({ value: 'carol-own', fromEnv: false, type: 'Credential' });
  });

  it('a PATCH by the user ends the copy (from_env false)', async () => {
    const asBob = await bearer(server!, bob);
    const [copy] = await rowsOf(bob.id);
    expect(Boolean(copy.from_env)).toBe(true);
    const patched = await fetch(`${server!.url}/api/v1/variables/${copy.id}`, {
      method: 'PATCH',
      headers: { ...asBob, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'bob-own' }),
    });
    expect(patched.status).toBe(200);
    expect(await stored(bob.id)).toEqual({ value: 'bob-own', fromEnv: false, type: 'Credential' });
  });

  it('after a restart with a new value: untouched copies follow it, changed ones do not', async () => {
    await restart(envFor('from-env-v2'));
    await loginAs(alice);
    await loginAs(bob);
    await loginAs(carol);
    expect(await stored(alice.id)).toEqual({ value: 'from-env-v2', fromEnv: true, type: 'Credential' });
    expect(await stored(bob.id)).toEqual({ value: 'bob-own', fromEnv: false, type: 'Credential' });
    expect(await stored(carol.id)).toEqual({ value: 'carol-own', fromEnv: false, type: 'Credential' });
  });

  it('with LANGFLOW_STORE_ENVIRONMENT_VARIABLES=false nothing is copied or updated', async () => {
    await restart(envFor('from-env-v3', 'false'));
    await loginAs(alice);
    expect(await stored(alice.id)).toEqual({ value: 'from-env-v2', fromEnv: true, type: 'Credential' });
    const dave = await createUser(server!);
    await loginAs(dave);
    expect(await rowsOf(dave.id)).toEqual([]);
  });
});
