// `flowgate import-langflow` as a real process: a wrong Langflow key is refused with the count of
// values it could not decrypt (exit 2, nothing written); --dry-run prints the table and writes
// nothing; Langflow's config dir gives the key (the short-key fixture: Langflow's seeded
// derivation); clashes follow --on-conflict; --orphans-to adopts ownerless flows; no secret is
// ever printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { hashPassword } from '../../src/auth/password.js';
import { deriveFernetKey } from '../../src/auth/secret-key.js';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sqliteKind, type TestDatabase } from '../helpers/databases.js';
import { TEST_SECRET_KEY } from '../helpers/server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/langflow');
const MAIN_DB = path.join(FIXTURES, 'langflow-1.8.db');
const SHORT_DB = path.join(FIXTURES, 'langflow-1.8-short-key.db');
const main = JSON.parse(fs.readFileSync(`${MAIN_DB}.manifest.json`, 'utf8'));
const short = JSON.parse(fs.readFileSync(`${SHORT_DB}.manifest.json`, 'utf8'));

describe('flowgate import-langflow (the command)', () => {
  let dir: string;
  const databases: TestDatabase[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-import-cli-'));
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh target and its env file. */
  async function target(): Promise<{ url: string; envFile: string }> {
    const database = await sqliteKind.create();
    databases.push(database);
    const envFile = path.join(dir, `flowgate-${databases.length}.env`);
    fs.writeFileSync(envFile, [`LANGFLOW_DATABASE_URL=${database.url}`, `LANGFLOW_CONFIG_DIR=${dir}`, `LANGFLOW_SECRET_KEY=${TEST_SECRET_KEY}`, ''].join('\n'));
    return { url: database.url, envFile };
  }

  async function cli(envFile: string, ...args: string[]) {
    return runCliInProcess(['import-langflow', '--env-file', envFile, ...args], { HOME: dir }).exited;
  }

  async function withStorage<T>(url: string, fn: (storage: Storage) => Promise<T>): Promise<T> {
    const storage = openStorage(url);
    try {
      return await fn(storage);
    } finally {
      await storage.close();
    }
  }

  /** Tables in a SQLite target: none at all means nothing was written, not even the schema. */
  async function tableCount(url: string): Promise<number> {
    return withStorage(url, async ({ db }) => {
      const rows = await db.selectFrom('sqlite_master' as never).select('name' as never).where('type' as never, '=', 'table' as never).execute();
      return rows.length;
    });
  }

  function expectNoSecrets(output: string, manifest: any): void {
    expect(output).not.toContain(manifest.secret_key);
    for (const v of manifest.variables) if (v.type === 'Credential') expect(output).not.toContain(v.value);
    for (const k of manifest.api_keys) expect(output).not.toContain(k.api_key);
    for (const u of manifest.users) if (u.store_api_key) expect(output).not.toContain(u.store_api_key);
  }

  it('a wrong Langflow key: exit 2, says how many values it could not decrypt, writes nothing', async () => {
    const { url, envFile } = await target();
    const result = await cli(envFile, '--from', MAIN_DB, '--langflow-secret-key', 'not-the-key-that-langflow-used-0123456789');
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/does not decrypt 6 encrypted value\(s\) \(1 Store key\(s\), 5 variable value\(s\)\)/);
    expect(result.output).toMatch(/Nothing was written/);
    expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
    expect(await tableCount(url)).toBe(0);
    expectNoSecrets(result.output, main);
  }, 180_000);

  it('no Langflow key at all: exit 2, asks for one, writes nothing', async () => {
    const { url, envFile } = await target();
    const result = await cli(envFile, '--from', MAIN_DB);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/6 encrypted value\(s\).*--langflow-secret-key KEY or --langflow-config-dir DIR/s);
    expect(await tableCount(url)).toBe(0);
  }, 180_000);

  it('--dry-run prints the table and writes nothing', async () => {
    const { url, envFile } = await target();
    const result = await cli(envFile, '--from', MAIN_DB, '--langflow-secret-key', main.secret_key, '--dry-run');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/^flows\s+9\s+8\s+0\s+0\s+1$/m);
    expect(result.output).toMatch(/^users\s+4\s+4\s+0\s+0\s+0$/m);
    expect(result.output).toMatch(/would import/);
    expect(result.output).toMatch(/Dry run: nothing was written/);
    expect(result.output).toMatch(/known default password.*langflow/);
    expect(await tableCount(url)).toBe(0);
    expectNoSecrets(result.output, main);
  }, 180_000);

  it('--dry-run on a database already in use writes nothing either', async () => {
    const { url, envFile } = await target();
    await withStorage(url, (storage) => migrateToLatest(storage.db));
    const snapshot = () => withStorage(url, async ({ db }) => JSON.stringify([await db.selectFrom('user').selectAll().execute(), await db.selectFrom('fg_meta').selectAll().execute()]));
    const before = await snapshot();
    const result = await cli(envFile, '--from', MAIN_DB, '--langflow-secret-key', main.secret_key, '--dry-run');
    expect(result.code, result.output).toBe(0);
    expect(await snapshot()).toBe(before);
  }, 180_000);

  it('reads the key from Langflow\'s config dir (a short key: Langflow\'s seeded derivation) and imports', async () => {
    const { url, envFile } = await target();
    const langflowDir = path.join(dir, 'langflow-config');
    fs.mkdirSync(langflowDir, { recursive: true });
    fs.writeFileSync(path.join(langflowDir, 'secret_key'), short.secret_key);
    const result = await cli(envFile, '--from', SHORT_DB, '--langflow-config-dir', langflowDir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/^variables\s+9\s+9\s+0\s+0\s+0$/m);
    expect(result.output).toMatch(/Imported into/);
    expectNoSecrets(result.output, short);
    const fernet = new Fernet(deriveFernetKey(TEST_SECRET_KEY).fernetKey);
    await withStorage(url, async ({ db }) => {
      for (const variable of short.variables) {
        const row = await db.selectFrom('variable').select('value').where('id', '=', variable.id).executeTakeFirstOrThrow();
        expect(fernet.decryptString(row.value)).toBe(variable.value);
      }
    });
    const again = await cli(envFile, '--from', SHORT_DB, '--langflow-config-dir', langflowDir);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/Nothing new to import; nothing was written/);
  }, 180_000);

  it('clashing usernames: fail (default) refuses, skip leaves them out, rename imports them under a new name', async () => {
    const { url, envFile } = await target();
    // Flowgate already has an `Alice` (usernames are case-insensitive in Flowgate).
    await withStorage(url, async ({ db }) => {
      await migrateToLatest(db);
      const now = new Date().toISOString();
      await db
        .insertInto('user')
        .values({ id: '00000000-0000-4000-8000-000000000001', username: 'Alice', password: await hashPassword('flowgate-alice-1'), profile_image: null, is_active: true, is_superuser: false, create_at: now, updated_at: now, last_login_at: null, store_api_key: null, optins: null })
        .execute();
    });
    const args = ['--from', MAIN_DB, '--langflow-secret-key', main.secret_key];
    const failed = await cli(envFile, ...args);
    expect(failed.code, failed.output).toBe(2);
    expect(failed.output).toMatch(/user "alice": the username is taken/);
    expect(failed.output).toMatch(/--on-conflict skip/);
    const count = () => withStorage(url, async ({ db }) => (await db.selectFrom('user').select('id').execute()).length);
    expect(await count()).toBe(1);

    const skipped = await cli(envFile, ...args, '--on-conflict', 'skip', '--dry-run');
    expect(skipped.code, skipped.output).toBe(0);
    expect(skipped.output).toMatch(/^users\s+4\s+3\s+0\s+0\s+1$/m);
    // alice's two flows, two keys and two variables stay behind with her.
    expect(skipped.output).toMatch(/^API keys\s+6\s+4\s+0\s+0\s+2$/m);

    const renamed = await cli(envFile, ...args, '--on-conflict', 'rename');
    expect(renamed.code, renamed.output).toBe(0);
    expect(renamed.output).toMatch(/user "alice" was imported as "alice-langflow"/);
    await withStorage(url, async ({ db }) => {
      const alice = main.users.find((u: any) => u.username === 'alice');
      const row = await db.selectFrom('user').select('username').where('id', '=', alice.id).executeTakeFirstOrThrow();
      expect(row.username).toBe('alice-langflow');
      const flows = await db.selectFrom('flow').select('id').where('user_id', '=', alice.id).execute();
      expect(flows).toHaveLength(2);
    });
  }, 180_000);

  it('--orphans-to gives ownerless flows and projects to a user', async () => {
    const { url, envFile } = await target();
    const result = await cli(envFile, '--from', MAIN_DB, '--langflow-secret-key', main.secret_key, '--orphans-to', 'administrator');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/^flows\s+9\s+9\s+0\s+0\s+0$/m);
    const orphan = main.flows.find((f: any) => f.owner === null);
    const admin = main.users.find((u: any) => u.username === 'administrator');
    await withStorage(url, async ({ db }) => {
      const row = await db.selectFrom('flow').select(['user_id', 'folder_id']).where('id', '=', orphan.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ user_id: admin.id, folder_id: orphan.folder_id });
      const folder = await db.selectFrom('folder').select(['user_id', 'name']).where('id', '=', orphan.folder_id).executeTakeFirstOrThrow();
      expect(folder).toEqual({ user_id: admin.id, name: 'Starter Projects' });
    });
    const unknown = await cli(envFile, '--from', MAIN_DB, '--langflow-secret-key', main.secret_key, '--orphans-to', 'nobody-here');
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/--orphans-to nobody-here: no such user/);
  }, 180_000);

  it('bad invocations: exit 2 with one clear line', async () => {
    const { envFile } = await target();
    const noFrom = await cli(envFile);
    expect(noFrom.code).toBe(2);
    expect(noFrom.output).toMatch(/--from is required/);
    const badPolicy = await cli(envFile, '--from', MAIN_DB, '--on-conflict', 'merge');
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.output).toMatch(/--on-conflict must be one of skip, rename, fail/);
    const missing = await cli(envFile, '--from', path.join(dir, 'no-such.db'));
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/No Langflow database at/);
    const notLangflow = path.join(dir, 'not-langflow.db');
    fs.writeFileSync(notLangflow, 'just text');
    const garbage = await cli(envFile, '--from', notLangflow);
    expect(garbage.code).toBe(2);
    expect(garbage.output).toMatch(/Cannot open .* as a SQLite database: file is not a database/);
    // An unreachable PostgreSQL: one line, its password masked.
    const unreachable = await cli(envFile, '--from', 'postgresql://langflow:hunter2-secret@127.0.0.1:1/langflow');
    expect(unreachable.code).toBe(2);
    expect(unreachable.output).toMatch(/Cannot connect to postgresql:\/\/langflow:\*+@127\.0\.0\.1:1\/langflow/);
    expect(unreachable.output).not.toContain('hunter2-secret');
  }, 180_000);
});
