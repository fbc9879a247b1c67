// `flowgate backup` and `restore`: a backup taken while the server runs, restored into an empty
// config directory, logs everyone in and decrypts every variable with the same key; another key
// is refused (restore and server, both fingerprints named); nothing is ever overwritten silently.
// On PostgreSQL, the pg_dump and pg_restore commands `flowgate backup` prints, run as printed
// against a live server, give a database that does the same. The commands run in this process
// (runCli); only what they print is captured.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/auth/secret-key.js';
import { createUser, login, bearer, type TestUser } from '../helpers/auth.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { postgresKind, sqliteKind, type TestDatabase } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.js';

const NO_AUTO_LOGIN = { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'backup-test-admin-password-1' };
const OTHER_KEY = 'another-key-that-did-not-write-the-backup-0123456789';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runCliInProcess(args, { LANGFLOW_LOG_LEVEL: 'error', ...env }).exited;
}

const listing = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

describe('backup and restore (SQLite)', () => {
  let server: TestServer;
  let work: string;
  let backupFile: string;
  const users: TestUser[] = [];
  const sourceEnv = () => ({ LANGFLOW_CONFIG_DIR: server.configDir, LANGFLOW_DATABASE_URL: server.database.url, LANGFLOW_SECRET_KEY: TEST_SECRET_KEY });

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-backup-'));
    backupFile = path.join(work, 'flowgate-backup.db');
    server = await startTestServer(sqliteKind, { env: NO_AUTO_LOGIN });
    for (let i = 0; i < 3; i++) {
      const user = await createUser(server);
      users.push(user);
      const headers = await bearer(server, user);
      for (const [name, type] of [['API_TOKEN', 'Credential'], ['REGION', 'Generic']] as const) {
        const created = await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name, value: `${name}-of-${user.username}`, type } });
        expect(created.status).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('backs up while the server runs, owner-only, and never over an existing file', async () => {
    const result = await cli(['backup', '--to', backupFile], sourceEnv());
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('4 user(s)');
    expect(result.output).toContain('6 variable(s)');
    expect(result.output).toContain(keyFingerprint(TEST_SECRET_KEY));
    expect(result.output).not.toContain(TEST_SECRET_KEY);
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(listing(work)).toEqual(['flowgate-backup.db']); // no -wal, no partial file

    const before = fs.readFileSync(backupFile);
    const again = await cli(['backup', '--to', backupFile], sourceEnv());
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/already exists; a backup never replaces a file/);
    expect(fs.readFileSync(backupFile).equals(before)).toBe(true);
  });

  it('restores into an empty config dir; the server logs everyone in and decrypts every variable with the same key', async () => {
    const target = path.join(work, 'restored');
    const env = { LANGFLOW_CONFIG_DIR: target, LANGFLOW_SECRET_KEY: TEST_SECRET_KEY };
    const result = await cli(['restore', '--from', backupFile], env);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`The configured secret key (fingerprint ${keyFingerprint(TEST_SECRET_KEY)}) opens it`);
    expect(listing(target)).toEqual(['flowgate.db']);

    // Every value opens with the key (secret-key check decrypts each one).
    const check = await cli(['secret-key', 'check'], env);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/Values: 6 under the current key, 0 under the previous key, 0 plaintext Generic, 0 unreadable/);

    const restored = await startTestServer(sqliteKind, {
      database: { kind: 'sqlite', url: `sqlite:///${path.join(target, 'flowgate.db')}`, drop: async () => {} },
      configDir: target,
      env: NO_AUTO_LOGIN,
    });
    try {
      for (const user of users) {
        expect((await login(restored, user.username, user.password)).status).toBe(200);
        const headers = await bearer(restored, user);
        const variables = await api(restored.url, 'GET', '/api/v1/variables/', { headers });
        expect(variables.status).toBe(200);
        expect(variables.body.map((v: { name: string }) => v.name).sort()).toEqual(['API_TOKEN', 'REGION']);
        // Generic values are shown: they decrypt to what was stored.
        expect(variables.body.find((v: { name: string }) => v.name === 'REGION').value).toBe(`REGION-of-${user.username}`);
      }
    } finally {
      await restored.close();
    }

    // A second restore into the now non-empty directory is refused and changes nothing.
    const before = fs.readFileSync(path.join(target, 'flowgate.db'));
    const again = await cli(['restore', '--from', backupFile], env);
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/A restore goes into an empty config directory/);
    expect(fs.readFileSync(path.join(target, 'flowgate.db')).equals(before)).toBe(true);

    // Forced, it replaces the database and keeps the old one beside it.
    const forced = await cli(['restore', '--from', backupFile, '--force'], env);
    expect(forced.code, forced.output).toBe(0);
    const [aside] = listing(target).filter((name) => name.startsWith('flowgate.db.before-restore-'));
    expect(aside).toBeDefined();
    expect(forced.output).toContain(aside);
  });

  it('another key: restore refuses and writes nothing; a server on the restored file refuses with exit 2 naming both fingerprints', async () => {
    const refused = path.join(work, 'refused');
    const result = await cli(['restore', '--from', backupFile], { LANGFLOW_CONFIG_DIR: refused, LANGFLOW_SECRET_KEY: OTHER_KEY });
    expect(result.code).toBe(2);
    expect(result.output).toContain(keyFingerprint(TEST_SECRET_KEY));
    expect(result.output).toContain(keyFingerprint(OTHER_KEY));
    expect(result.output).not.toContain(OTHER_KEY);
    expect(listing(refused)).toEqual([]);

    // Restored without a key configured, then started with the wrong one.
    const keyless = path.join(work, 'keyless');
    const restored = await cli(['restore', '--from', backupFile], { LANGFLOW_CONFIG_DIR: keyless });
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain(`encrypted with the key whose fingerprint is ${keyFingerprint(TEST_SECRET_KEY)}`);
    const run = await cli(['run', '--port', '0', '--backend-only'], { LANGFLOW_CONFIG_DIR: keyless, LANGFLOW_SECRET_KEY: OTHER_KEY, ...NO_AUTO_LOGIN });
    expect(run.code).toBe(2);
    expect(run.output).toContain(keyFingerprint(TEST_SECRET_KEY));
    expect(run.output).toContain(keyFingerprint(OTHER_KEY));
  });

  it('refuses what is not a Flowgate database, and changes nothing', async () => {
    const text = path.join(work, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all, just some words to fill a page of SQLite header bytes'.repeat(20));
    const otherSqlite = path.join(work, 'other.db');
    const other = new SqliteDatabase(otherSqlite);
    other.exec('create table user (id text); create table things (x)');
    other.close();
    const target = path.join(work, 'never');
    for (const [file, reason] of [
      [text, /is not a Flowgate database: it is not an SQLite database/],
      [otherSqlite, /is not a Flowgate database: it has no Flowgate tables fg_migration, fg_meta, flow, folder, variable/],
      [path.join(work, 'missing.db'), /There is no backup file/],
    ] as const) {
      const result = await cli(['restore', '--from', file], { LANGFLOW_CONFIG_DIR: target, LANGFLOW_SECRET_KEY: TEST_SECRET_KEY });
      expect(result.code).toBe(2);
      expect(result.output).toMatch(reason);
      expect(listing(target)).toEqual([]);
    }
  });

  it('PostgreSQL: backup and restore are refused with the pg_dump / pg_restore commands and the key caveat', async () => {
    const env = { LANGFLOW_CONFIG_DIR: path.join(work, 'pg'), LANGFLOW_DATABASE_URL: 'postgresql://flowgate:hunter2-secret@db.example:5432/flowgate', LANGFLOW_SECRET_KEY: TEST_SECRET_KEY };
    const backup = await cli(['backup', '--to', path.join(work, 'pg.dump')], env);
    expect(backup.code).toBe(2);
    expect(backup.output).toContain('pg_dump --format=custom');
    expect(backup.output).toContain(keyFingerprint(TEST_SECRET_KEY));
    expect(backup.output).not.toContain('hunter2-secret');
    const restore = await cli(['restore', '--from', path.join(work, 'pg.dump')], env);
    expect(restore.code).toBe(2);
    expect(restore.output).toContain('pg_restore');
    expect(fs.existsSync(path.join(work, 'pg.dump'))).toBe(false);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('backup and restore (PostgreSQL, the printed pg_dump and pg_restore commands)', () => {
  let server: TestServer;
  let restoredDatabase: TestDatabase;
  let work: string;
  const users: TestUser[] = [];
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-pg-backup-'));
    server = await startTestServer(postgresKind, { env: NO_AUTO_LOGIN });
    for (let i = 0; i < 2; i++) {
      const user = await createUser(server);
      users.push(user);
      const headers = await bearer(server, user);
      for (const [name, type] of [['API_TOKEN', 'Credential'], ['REGION', 'Generic']] as const) {
        expect((await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name, value: `${name}-of-${user.username}`, type } })).status).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await server?.close();
    await restoredDatabase?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** One printed command line (single-quoted arguments, as printed), run by the shell. */
  const shell = (line: string) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile('sh', ['-c', line], { timeout: 60_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }));
    });

  it('the printed commands, run while the server runs, restore a database that logs everyone in and opens every value with the same key only', async () => {
    const dump = path.join(work, 'flowgate.dump');
    const env = { LANGFLOW_CONFIG_DIR: server.configDir, LANGFLOW_DATABASE_URL: server.database.url, LANGFLOW_SECRET_KEY: TEST_SECRET_KEY };
    const advice = await cli(['backup', '--to', dump], env);
    expect(advice.code).toBe(2);
    const pgDump = advice.output.split('\n').map((line) => line.trim()).find((line) => line.startsWith('pg_dump '))!;
    const pgRestore = advice.output.split('\n').map((line) => line.trim()).find((line) => line.startsWith('pg_restore '))!;
    expect(pgDump).toBeDefined();
    expect(pgRestore).toContain("'<the new database URL>'");

    const dumped = await shell(pgDump);
    expect(dumped.code, dumped.output).toBe(0);
    restoredDatabase = await postgresKind.create();
    const restoredRun = await shell(pgRestore.replace('<the new database URL>', restoredDatabase.url));
    expect(restoredRun.code, restoredRun.output).toBe(0);

    const restoredEnv = { LANGFLOW_CONFIG_DIR: path.join(work, 'restored'), LANGFLOW_DATABASE_URL: restoredDatabase.url, LANGFLOW_SECRET_KEY: TEST_SECRET_KEY };
    const check = await cli(['secret-key', 'check'], restoredEnv);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/Values: 4 under the current key, 0 under the previous key, 0 plaintext Generic, 0 unreadable/);

    const restored = await startTestServer(postgresKind, { database: restoredDatabase, env: NO_AUTO_LOGIN });
    try {
      for (const user of users) {
        const headers = await bearer(restored, user);
        const variables = await api(restored.url, 'GET', '/api/v1/variables/', { headers });
        expect(variables.status).toBe(200);
        expect(variables.body.map((v: { name: string }) => v.name).sort()).toEqual(['API_TOKEN', 'REGION']);
        expect(variables.body.find((v: { name: string }) => v.name === 'REGION').value).toBe(`REGION-of-${user.username}`);
      }
    } finally {
      await restored.close();
    }

    // Another key: the server refuses, both fingerprints named.
    const run = await cli(['run', '--port', '0', '--backend-only'], { ...restoredEnv, LANGFLOW_SECRET_KEY: OTHER_KEY, ...NO_AUTO_LOGIN });
    expect(run.code).toBe(2);
    expect(run.output).toContain(keyFingerprint(TEST_SECRET_KEY));
    expect(run.output).toContain(keyFingerprint(OTHER_KEY));
  }, 120_000);
});
