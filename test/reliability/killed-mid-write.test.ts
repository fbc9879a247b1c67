// kill -9 in the middle of a write leaves a consistent database, on SQLite and PostgreSQL:
// - `secret-key rotate` of 100,000 values killed when it reports half of them re-encrypted and
//   written (not committed; on SQLite, spilled into the WAL): every
//   value is still under the old key with the key check matching it, a server with only the new
//   key refuses naming the one command that resumes, and that command finishes the rotation;
// - a server killed while it writes a large flow upload (its transaction seen open in the
//   database): the upload is all there or not at all, and the same upload succeeds after restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey } from '../../src/auth/secret-key.js';
import { writeKeyCheck } from '../../src/services/secret-key/key-check.js';
import { openStorage, sqlitePathFromUrl } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { spawnCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { adminToken, startInstance } from '../helpers/instance.js';

const VALUES = 100_000;
/** The rotation reports its progress as it goes; it is killed at the first report of 50,000 or more (halfway). */
const HALFWAY_REPORT = /Re-encrypting: (?:[5-9]\d{4}|[1-9]\d{5,}) variable value\(s\) so far/;
const OLD_KEY = 'killed-mid-write-old-secret-key-0123456789abcdef';
const NEW_KEY = 'killed-mid-write-new-secret-key-0123456789abcdef';
const SLOW = 180_000;

/** VALUES ciphertexts under OLD_KEY, made once for both databases (encryption is most of the seeding). */
let oldKeyValues: string[] | undefined;
function encryptedValues(): string[] {
  const fernet = new Fernet(deriveFernetKey(OLD_KEY).fernetKey);
  oldKeyValues ??= Array.from({ length: VALUES }, (_, i) => fernet.encrypt(`value-${i}`));
  return oldKeyValues;
}

async function seedVariables(url: string): Promise<void> {
  const storage = openStorage(url);
  try {
    await migrateToLatest(storage.db);
    await writeKeyCheck(storage.db, OLD_KEY);
    const userId = randomUUID();
    const now = new Date().toISOString();
    await storage.db
      .insertInto('user')
      .values({ id: userId, username: 'owner', password: '!', profile_image: null, is_active: true, is_superuser: false, create_at: now, updated_at: now, last_login_at: null, store_api_key: null, optins: null })
      .execute();
    const values = encryptedValues();
    // One transaction, 1,000 rows per statement: seconds, not minutes.
    await storage.db.transaction().execute(async (db) => {
      for (let done = 0; done < VALUES; done += 1000) {
        const rows = Array.from({ length: 1000 }, (_, j) => ({
          id: randomUUID(), name: `VAR_${done + j}`, value: values[done + j], type: 'Credential',
          default_fields: '[]', user_id: userId, created_at: now, updated_at: now, from_env: false,
        }));
        await db.insertInto('variable').values(rows).execute();
      }
    });
  } finally {
    await storage.close();
  }
}

/** Every 997th variable, read back and opened with `key`: each holds its own value. */
async function sampledPlaintexts(url: string, key: string): Promise<{ name: string; plaintext: string | undefined }[]> {
  const fernet = new Fernet(deriveFernetKey(key).fernetKey);
  const names = Array.from({ length: Math.ceil(VALUES / 997) }, (_, i) => `VAR_${i * 997}`);
  const storage = openStorage(url);
  try {
    const rows = await storage.db.selectFrom('variable').select(['name', 'value']).where('name', 'in', names).orderBy('name').execute();
    return rows.map((row) => ({ name: row.name, plaintext: fernet.tryDecryptString(row.value) }));
  } finally {
    await storage.close();
  }
}

function walBytes(url: string): number {
  const wal = `${sqlitePathFromUrl(url)!}-wal`;
  return fs.existsSync(wal) ? fs.statSync(wal).size : 0;
}

function sqliteIntegrity(url: string): string {
  const file = sqlitePathFromUrl(url)!;
  const database = new SqliteDatabase(file, { readonly: true });
  try {
    return String(database.pragma('integrity_check', { simple: true }));
  } finally {
    database.close();
  }
}

describe.each(databaseKinds())('killed mid-write on $kind', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  async function freshDatabase(): Promise<TestDatabase> {
    const database = await kind.create();
    cleanups.push(() => database.drop());
    return database;
  }
  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-killed-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  it('kill -9 during secret-key rotate: all values under the old key, the key check matching; one named command resumes', async () => {
    const database = await freshDatabase();
    await seedVariables(database.url);
    // The documented change of key: the new key configured, the old one as PREVIOUS.
    const env = { LANGFLOW_CONFIG_DIR: tempDir(), LANGFLOW_DATABASE_URL: database.url, LANGFLOW_SECRET_KEY: NEW_KEY, LANGFLOW_SECRET_KEY_PREVIOUS: OLD_KEY };
    const walBefore = kind.kind === 'sqlite' ? walBytes(database.url) : 0;
    const rotation = spawnCli(['secret-key', 'rotate'], env);
    // Killed when it reports half the values re-encrypted and written (uncommitted), not after a sleep.
    await rotation.waitFor(HALFWAY_REPORT, 120_000);
    rotation.child.kill('SIGKILL');
    const killed = await rotation.exited;
    expect(killed.code).toBe(null); // killed, not finished
    expect(killed.output).not.toMatch(/Re-encrypted \d+ variable value/);
    if (kind.kind === 'sqlite') {
      // The uncommitted half had spilled into the WAL: the kill left it there, not only in memory.
      expect(walBytes(database.url)).toBeGreaterThan(walBefore + 4 * 1024 * 1024);
      expect(sqliteIntegrity(database.url)).toBe('ok');
    }

    const check = await runCliInProcess(['secret-key', 'check'], env).exited;
    expect(check.output).toMatch(/YES, through LANGFLOW_SECRET_KEY_PREVIOUS/);
    expect(check.output).toContain(`Values: 0 under the current key, ${VALUES} under the previous key, 0 plaintext Generic, 0 unreadable.`);
    expect(check.output).toContain('npx flowgate secret-key rotate');

    // Only the new key: the server refuses and names the command that finishes the change.
    const run = await runCliInProcess(['run', '--port', '0', '--backend-only'], { ...env, LANGFLOW_SECRET_KEY_PREVIOUS: '', LANGFLOW_AUTO_LOGIN: 'False' }).exited;
    expect(run.code).toBe(2);
    expect(run.output).toContain('secret-key rotate');

    const started = performance.now();
    const resumed = await runCliInProcess(['secret-key', 'rotate'], env).exited;
    console.log(`${kind.kind}: secret-key rotate of ${VALUES} values took ${Math.round(performance.now() - started)} ms`);
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toContain(`Re-encrypted ${VALUES} variable value(s)`);
    const after = await runCliInProcess(['secret-key', 'check'], { ...env, LANGFLOW_SECRET_KEY_PREVIOUS: '' }).exited;
    expect(after.code, after.output).toBe(0);
    expect(after.output).toContain(`Values: ${VALUES} under the current key, 0 under the previous key, 0 plaintext Generic, 0 unreadable.`);
    const sample = await sampledPlaintexts(database.url, NEW_KEY);
    expect(sample.length).toBe(Math.ceil(VALUES / 997));
    expect(sample.filter((row) => row.plaintext !== `value-${row.name.slice('VAR_'.length)}`)).toEqual([]);
  }, SLOW);

  it('kill -9 while the server writes a large flow upload: all or nothing, and the upload succeeds after restart', async () => {
    const database = await freshDatabase();
    const configDir = tempDir();
    const instance = await startInstance(database.url, {}, configDir);
    cleanups.push(async () => {
      instance.cli.child.kill('SIGKILL');
      await instance.cli.exited;
    });
    const token = await adminToken(instance.url);
    // 500 flows (the most one upload takes) of ~40 kB each: one transaction of ~20 MB.
    const filler = 'x'.repeat(40_000);
    const flows = Array.from({ length: 500 }, (_, i) => ({ name: `Upload ${i}`, data: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 }, note: filler } }));
    const body = JSON.stringify({ flows });
    const send = () => {
      const form = new FormData();
      form.append('file', new Blob([body]), 'flows.json');
      return fetch(`${instance.url}/api/v1/flows/upload/`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    };
    const uploadCount = kind.kind === 'sqlite' ? sqliteUploadCount(database.url) : postgresUploadCount(database.url);
    const inFlight = send().then(
      (response) => ({ status: response.status }),
      (error: Error) => ({ error: error.message }),
    );
    // Killed once the upload's transaction is seen open in the database (not after a sleep).
    await (kind.kind === 'sqlite' ? sqliteWriteInProgress(database.url) : postgresInsertInProgress(database.url));
    instance.cli.child.kill('SIGKILL');
    await instance.cli.exited;
    const outcome = await inFlight;
    expect(outcome).toHaveProperty('error'); // the client saw the connection die, not an answer

    if (kind.kind === 'sqlite') expect(sqliteIntegrity(database.url)).toBe('ok');
    expect([0, 500]).toContain(await uploadCount());

    const restarted = await startInstance(database.url, {}, configDir);
    cleanups.push(async () => {
      restarted.cli.child.kill('SIGKILL');
      await restarted.cli.exited;
    });
    const before = await uploadCount();
    const token2 = await adminToken(restarted.url);
    const form = new FormData();
    form.append('file', new Blob([body]), 'flows.json');
    const again = await fetch(`${restarted.url}/api/v1/flows/upload/`, { method: 'POST', headers: { authorization: `Bearer ${token2}` }, body: form });
    expect(again.status).toBe(201);
    expect(await uploadCount()).toBe(before + 500);
  }, SLOW);
});

/** Counts committed uploaded flows. */
function sqliteUploadCount(url: string): () => Promise<number> {
  return async () => {
    const database = new SqliteDatabase(sqlitePathFromUrl(url)!, { readonly: true });
    try {
      return database.prepare("select count(*) from flow where name like 'Upload %'").pluck().get() as number;
    } finally {
      database.close();
    }
  };
}

function postgresUploadCount(url: string): () => Promise<number> {
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query("select count(*)::int as n from flow where name like 'Upload %'")).rows[0].n;
    } finally {
      await client.end();
    }
  };
}

/** SQLite: the upload's uncommitted pages have spilled into the WAL (megabytes) while no uploaded flow is visible yet. */
async function sqliteWriteInProgress(url: string): Promise<void> {
  const file = sqlitePathFromUrl(url)!;
  const count = sqliteUploadCount(url);
  const baseline = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
  for (;;) {
    const wal = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
    if (wal > baseline + 4 * 1024 * 1024 && (await count()) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** PostgreSQL: a backend of this database is inside a transaction that inserts flows. */
async function postgresInsertInProgress(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null and query ilike 'insert into "flow"%'`,
      );
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await client.end();
  }
}
