// The secret key's lifecycle (SPEC §6, D20, D21): the docs' own example key works end to end;
// `flowgate secret-key rotate` re-encrypts everything, after which the old key is refused; a
// failure midway changes nothing; LANGFLOW_SECRET_KEY_PREVIOUS reads old data during a rolling
// change; a second server with another key refuses to start and writes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../../src/auth/secret-key.js';
import { rotateSecretKey } from '../../src/services/secret-key/secret-key-rotation.js';
import { StartupError } from '../../src/services/startup-errors.js';
import { openStorage } from '../../src/storage/db.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeVariableResolver } from '../../src/services/variables/variable-resolver.js';

/** The key Langflow's docs show; Langflow cannot use it (D20). */
const DOCS_KEY = 'dBuuuB_FHLvU8T9eUNlxQF9ppqRxwWpXXQ42kM2_fb';
const OTHER_KEY = 'another-instance-key-with-enough-characters-42';
const fernetOf = (key: string) => new Fernet(deriveFernetKey(key).fernetKey);

/** What must not change when a start or a rotation is refused. */
async function dump(url: string): Promise<string> {
  const storage = openStorage(url);
  try {
    const meta = await storage.db.selectFrom('fg_meta').selectAll().orderBy('key').execute();
    const variables = await storage.db.selectFrom('variable').selectAll().orderBy('id').execute();
    const users = await storage.db.selectFrom('user').select(['id', 'store_api_key', 'updated_at', 'last_login_at']).orderBy('id').execute();
    return JSON.stringify({ meta, variables, users });
  } finally {
    await storage.close();
  }
}

describe.each(databaseKinds())('secret key lifecycle on $kind', (kind) => {
  let database: TestDatabase;
  let configDir: string;
  let server: TestServer | undefined;
  let user: TestUser;
  let apiKey: string;
  let credentialName: string;
  let genericId: string;

  async function start(env: Record<string, string>) {
    await server?.close();
    server = undefined;
    server = await startTestServer(kind, { database, configDir, env });
    return server;
  }
  async function stop() {
    await server?.close();
    server = undefined;
  }
  /** What a run's secret field loading the Credential receives (Credentials fill only secret fields). */
  async function credentialInRun(s: TestServer): Promise<string | undefined> {
    return makeVariableResolver(s.deps, user.id, {})(credentialName, { field: 'api_key', secret: true });
  }
  async function genericValue(s: TestServer): Promise<string | null> {
    const list = await (await fetch(`${s.url}/api/v1/variables/`, { headers: { 'x-api-key': apiKey } })).json();
    return list.find((v: { id: string }) => v.id === genericId)?.value ?? null;
  }
  async function storeKeyOf(key: string): Promise<string> {
    const storage = openStorage(database.url);
    try {
      const row = await storage.db.selectFrom('user').select('store_api_key').where('id', '=', user.id).executeTakeFirstOrThrow();
      return fernetOf(key).decryptString(row.store_api_key!);
    } finally {
      await storage.close();
    }
  }
  /** The database is readable with `key`: start, read a Generic, open the Credential for a run. */
  async function expectReadableWith(env: Record<string, string>) {
    const s = await start(env);
    expect(await genericValue(s)).toBe('Arr, generic!');
    expect(await credentialInRun(s)).toBe('Captain Credential');
    await stop();
  }

  beforeAll(async () => {
    database = await kind.create();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-lifecycle-'));
  });
  afterAll(async () => {
    await stop();
    await database.drop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it('the docs\' example key works end to end: start, a Credential through the API, a run', async () => {
    const s = await start({ LANGFLOW_SECRET_KEY: DOCS_KEY });
    user = await createUser(s);
    apiKey = (await createApiKeyFor(s, user.id)).key;
    credentialName = `PERSONA_${randomUUID().slice(0, 8).toUpperCase()}`;
    const post = (body: unknown) =>
      fetch(`${s.url}/api/v1/variables/`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
    expect((await post({ name: credentialName, value: 'Captain Credential', type: 'Credential' })).status).toBe(201);
    const generic = await post({ name: 'TONE', value: 'Arr, generic!', type: 'Generic' });
    genericId = (await generic.json()).id;
    await s.deps.storage.db.updateTable('user').set({ store_api_key: s.deps.keys.fernet.encrypt('lf-store-key-1') }).where('id', '=', user.id).execute();
    expect(await credentialInRun(s)).toBe('Captain Credential');
    await stop();
  });

  it('a second server with another key refuses to start and writes nothing', async () => {
    const first = await start({ LANGFLOW_SECRET_KEY: DOCS_KEY });
    const before = await dump(database.url);
    await expect(startTestServer(kind, { database, configDir, env: { LANGFLOW_SECRET_KEY: OTHER_KEY } })).rejects.toThrow(StartupError);
    expect(await dump(database.url)).toBe(before);
    // As a process: exit code 2, the fingerprints named.
    const child = runCliInProcess(['run', '--port', '0', '--backend-only'], { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir, LANGFLOW_SECRET_KEY: OTHER_KEY });
    const { code, output } = await child.exited;
    expect(code).toBe(2);
    expect(output).toMatch(/fingerprint/);
    expect(output).not.toContain(OTHER_KEY);
    expect(await dump(database.url)).toBe(before);
    expect(await credentialInRun(first)).toBe('Captain Credential');
    await stop();
  });

  it('a failure midway leaves every value as it was, readable with the old key', async () => {
    const before = await dump(database.url);
    for (const inject of ['row', 'commit'] as const) {
      const storage = openStorage(database.url);
      try {
        const attempt = rotateSecretKey(storage, {
          currentKey: DOCS_KEY,
          newKey: OTHER_KEY,
          batchSize: 1, // the first rows are already rewritten inside the transaction when it fails
          onRow: ({ index }) => {
            if (inject === 'row' && index === 1) throw new Error('injected failure midway');
          },
          beforeCommit: () => {
            if (inject === 'commit') throw new Error('injected failure before commit');
          },
        });
        await expect(attempt).rejects.toThrow(/injected failure/);
      } finally {
        await storage.close();
      }
      expect(await dump(database.url)).toBe(before);
    }
    expect(await storeKeyOf(DOCS_KEY)).toBe('lf-store-key-1');
    await expectReadableWith({ LANGFLOW_SECRET_KEY: DOCS_KEY });
  });

  it('`secret-key check` says whether the configured key opens the database', async () => {
    const env = { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir };
    const good = await runCliInProcess(['secret-key', 'check'], { ...env, LANGFLOW_SECRET_KEY: DOCS_KEY }).exited;
    expect(good.code).toBe(0);
    expect(good.output).toMatch(/YES/);
    const bad = await runCliInProcess(['secret-key', 'check'], { ...env, LANGFLOW_SECRET_KEY: OTHER_KEY }).exited;
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/NO/);
  });

  it('rotation to the configured key: the .env names the new key, PREVIOUS the old one; no key is generated or printed', async () => {
    const newKey = `configured-key-${randomUUID()}`;
    const envFile = path.join(configDir, 'rotate.env');
    fs.writeFileSync(envFile, `LANGFLOW_SECRET_KEY=${newKey}\n`);
    const env = { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir, LANGFLOW_SECRET_KEY: DOCS_KEY };
    // Without PREVIOUS the configured key does not open the database: refused, nothing changed.
    const before = await dump(database.url);
    const refused = await runCliInProcess(['secret-key', 'rotate', '--env-file', envFile], env).exited;
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/LANGFLOW_SECRET_KEY_PREVIOUS/);
    expect(await dump(database.url)).toBe(before);
    const { code, output } = await runCliInProcess(['secret-key', 'rotate', '--env-file', envFile], { ...env, LANGFLOW_SECRET_KEY_PREVIOUS: DOCS_KEY }).exited;
    expect(code, output).toBe(0);
    expect(output).not.toContain(newKey);
    expect(output).not.toMatch(/shown only this once/);
    expect(output).toMatch(/Re-encrypted 2 variable value\(s\) and 1 Store API key\(s\)/);
    expect(output).toContain(keyFingerprint(newKey));
    expect(fs.existsSync(path.join(configDir, 'secret_key'))).toBe(false); // the key was not in a file
    expect(await storeKeyOf(newKey)).toBe('lf-store-key-1');
    const after = await dump(database.url);
    await expect(startTestServer(kind, { database, configDir, env: { LANGFLOW_SECRET_KEY: DOCS_KEY } })).rejects.toThrow(StartupError);
    expect(await dump(database.url)).toBe(after);
    await expectReadableWith({ LANGFLOW_SECRET_KEY: newKey });
    // Run again with nothing to change: says so, changes no key.
    const again = await runCliInProcess(['secret-key', 'rotate', '--env-file', envFile], env).exited;
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/the key did not change/);
    rotatedKey = newKey;
  });
  let rotatedKey = '';

  it('a rolling change: LANGFLOW_SECRET_KEY_PREVIOUS reads the old data, rotate --new-key finishes it', async () => {
    const next = `rolling-key-${randomUUID()}`;
    // New key in front, the rotated one behind: start accepted, old values read, new ones written under `next`.
    const s = await start({ LANGFLOW_SECRET_KEY: next, LANGFLOW_SECRET_KEY_PREVIOUS: rotatedKey });
    expect(await genericValue(s)).toBe('Arr, generic!');
    expect(await credentialInRun(s)).toBe('Captain Credential');
    const written = await fetch(`${s.url}/api/v1/variables/${genericId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ value: 'Arr, generic!' }),
    });
    expect(written.status).toBe(200);
    const row = await s.deps.storage.db.selectFrom('variable').select('value').where('id', '=', genericId).executeTakeFirstOrThrow();
    expect(fernetOf(next).decryptString(row.value)).toBe('Arr, generic!'); // re-encrypted on write
    await stop();
    // Without PREVIOUS the new key does not open the database yet…
    await expect(startTestServer(kind, { database, configDir, env: { LANGFLOW_SECRET_KEY: next } })).rejects.toThrow(StartupError);
    // …until `rotate --new-key <new key>` moves everything under it.
    const env = { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir, LANGFLOW_SECRET_KEY: next, LANGFLOW_SECRET_KEY_PREVIOUS: rotatedKey };
    const finished = await runCliInProcess(['secret-key', 'rotate', '--new-key', next], env).exited;
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).not.toContain(next);
    await expectReadableWith({ LANGFLOW_SECRET_KEY: next });
    await expect(startTestServer(kind, { database, configDir, env: { LANGFLOW_SECRET_KEY: rotatedKey } })).rejects.toThrow(StartupError);
    rotatedKey = next;
  });

  it('a key that lives in the key file is replaced there (0600) by the rotation', async () => {
    const file = path.join(configDir, 'secret_key');
    fs.writeFileSync(file, rotatedKey, { mode: 0o600 });
    const env = { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir };
    const { code, output } = await runCliInProcess(['secret-key', 'rotate'], env).exited;
    expect(code, output).toBe(0);
    const newKey = fs.readFileSync(file, 'utf8');
    expect(newKey).not.toBe(rotatedKey);
    expect(output).toContain(newKey);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(configDir).filter((f) => f.startsWith('secret_key'))).toEqual(['secret_key']);
    await expectReadableWith({ LANGFLOW_SECRET_KEY: '' }); // '' = unset: the server reads the file
  });

  it('a refused rotation changes neither the database nor the key file', async () => {
    const file = path.join(configDir, 'secret_key');
    const keyBefore = fs.readFileSync(file, 'utf8');
    const env = { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir };
    // A credential no configured key opens (written under another key) stops the rotation midway.
    const storage = openStorage(database.url);
    const strayId = randomUUID();
    const now = new Date().toISOString();
    await storage.db.insertInto('variable').values({
      id: strayId, name: 'STRAY', value: fernetOf(OTHER_KEY).encrypt('stray'), type: 'Credential',
      default_fields: '[]', user_id: user.id, created_at: now, updated_at: now, from_env: false,
    }).execute();
    try {
      const before = await dump(database.url);
      const stray = await runCliInProcess(['secret-key', 'rotate'], env).exited;
      expect(stray.code).toBe(1);
      expect(stray.output).toMatch(/nothing was changed/i);
      expect(stray.output).toContain('STRAY');
      expect(await dump(database.url)).toBe(before);
      expect(fs.readFileSync(file, 'utf8')).toBe(keyBefore);
      expect(fs.readdirSync(configDir).filter((f) => f.startsWith('secret_key'))).toEqual(['secret_key']);
      // The wrong current key: refused before anything is read.
      const wrong = await runCliInProcess(['secret-key', 'rotate'], { ...env, LANGFLOW_SECRET_KEY: OTHER_KEY }).exited;
      expect(wrong.code).toBe(1);
      expect(wrong.output).toMatch(/does not open this database/);
      expect(await dump(database.url)).toBe(before);
    } finally {
      await storage.db.deleteFrom('variable').where('id', '=', strayId).execute();
      await storage.close();
    }
  });
});
