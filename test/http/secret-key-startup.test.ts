// The secret key at start-up (SPEC §6, D21): the file is created 0600 once and reused; it is
// not written when the variable is set; a different key against a database holding encrypted
// data is refused (exit code 2, a message with both fingerprints) and changes nothing
// (test/http/key-adoption.test.ts: the same with nothing encrypted yet adopts the key).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../../src/auth/secret-key.js';
import { openStorage } from '../../src/storage/db.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';

async function snapshot(url: string): Promise<string> {
  const storage = openStorage(url);
  try {
    const meta = await storage.db.selectFrom('fg_meta').selectAll().orderBy('key').execute();
    const users = await storage.db.selectFrom('user').select(['id', 'username', 'password', 'updated_at']).orderBy('id').execute();
    return JSON.stringify({ meta, users });
  } finally {
    await storage.close();
  }
}

async function addEncryptedVariable(url: string, key: string): Promise<void> {
  const storage = openStorage(url);
  try {
    const user = await storage.db.selectFrom('user').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const value = new Fernet(deriveFernetKey(key).fernetKey).encrypt('a credential');
    await storage.db
      .insertInto('variable')
      .values({ id: randomUUID(), name: 'A_CREDENTIAL', value, type: 'Credential', default_fields: '[]', user_id: user.id, created_at: now, updated_at: now, from_env: false })
      .execute();
  } finally {
    await storage.close();
  }
}

describe.each(databaseKinds())('secret key at start-up on $kind', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  async function fresh(): Promise<{ database: TestDatabase; configDir: string; env: Record<string, string> }> {
    const database = await kind.create();
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-key-'));
    cleanup.push(async () => {
      await database.drop();
      fs.rmSync(configDir, { recursive: true, force: true });
    });
    return { database, configDir, env: { LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: configDir } };
  }

  async function startAndStop(env: Record<string, string>): Promise<string> {
    const server = runCliInProcess(['run', '--port', '0', '--backend-only'], env);
    try {
      await server.waitFor(/running at/, 60_000);
      return server.output();
    } finally {
      await server.stop();
    }
  }

  it('creates the key file once with mode 0600 and reuses it', async () => {
    const { env: base, configDir: parent, database } = await fresh();
    // A config dir that does not exist yet: Flowgate creates it, private to its owner.
    const configDir = path.join(parent, 'new-config-dir');
    const env = { ...base, LANGFLOW_CONFIG_DIR: configDir };
    const first = await startAndStop(env);
    expect(fs.statSync(configDir).mode & 0o777).toBe(0o700);
    const file = path.join(configDir, 'secret_key');
    expect(first).toMatch(/LANGFLOW_SECRET_KEY/); // the multi-instance warning
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8');
    const before = await snapshot(database.url);
    await startAndStop(env);
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
    expect(await snapshot(database.url)).toBe(before);
  });

  it.runIf(kind.kind === 'sqlite')('keeps the default database in a config dir only its owner may enter', async () => {
    const { configDir: parent } = await fresh();
    const configDir = path.join(parent, 'fresh');
    await startAndStop({ LANGFLOW_CONFIG_DIR: configDir, LANGFLOW_SECRET_KEY: 'a-secret-key-from-the-environment-123456' });
    expect(fs.existsSync(path.join(configDir, 'flowgate.db'))).toBe(true);
    expect(fs.statSync(configDir).mode & 0o777).toBe(0o700);
  });

  it('never writes the file when LANGFLOW_SECRET_KEY is set', async () => {
    const { env, configDir } = await fresh();
    await startAndStop({ ...env, LANGFLOW_SECRET_KEY: 'a-secret-key-from-the-environment-123456' });
    expect(fs.existsSync(path.join(configDir, 'secret_key'))).toBe(false);
  });

  it('refuses a different key against a database holding encrypted data and changes nothing', async () => {
    const { env, configDir, database } = await fresh();
    const rightKey = 'the-key-that-wrote-this-database-000001';
    const wrongKey = 'another-key-entirely-different-0000002';
    await startAndStop({ ...env, LANGFLOW_SECRET_KEY: rightKey });
    await addEncryptedVariable(database.url, rightKey);
    const before = await snapshot(database.url);
    const refused = runCliInProcess(['run', '--port', '0', '--backend-only'], { ...env, LANGFLOW_SECRET_KEY: wrongKey });
    const { code, output } = await refused.exited;
    expect(code).toBe(2);
    expect(output).toContain(keyFingerprint(rightKey));
    expect(output).toContain(keyFingerprint(wrongKey));
    expect(output).not.toContain(wrongKey);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
    expect(await snapshot(database.url)).toBe(before);
    // Without the variable the server would generate a key: it must refuse, say no key is
    // configured (with the fingerprint the database expects) and leave no file.
    const generated = await runCliInProcess(['run', '--port', '0', '--backend-only'], env).exited;
    expect(generated.code).toBe(2);
    expect(generated.output).toMatch(/No secret key is configured/);
    expect(generated.output).toContain(keyFingerprint(rightKey));
    expect(fs.existsSync(path.join(configDir, 'secret_key'))).toBe(false);
    expect(await snapshot(database.url)).toBe(before);
  });
});
