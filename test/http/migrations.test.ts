// One migration set for both databases: up, down, up again; and several instances starting
// at once on one PostgreSQL database all come up (the migrator holds a database lock).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/db.js';
import { migrateDownAll, migrateToLatest } from '../../src/storage/migrate.js';
import { databaseKinds, postgresKind } from '../helpers/databases.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

const LANGFLOW_TABLES = ['user', 'apikey', 'variable', 'folder', 'flow', 'message'];
const FLOWGATE_TABLES = ['fg_session', 'fg_audit_event', 'fg_login_throttle', 'fg_meta', 'fg_file'];

// SQLite's search index of usernames (0005) is a virtual table with shadow tables of its own.
const SQLITE_ONLY_TABLES = ['fg_user_search'];

async function tableNames(storage: ReturnType<typeof openStorage>): Promise<string[]> {
  const tables = await storage.db.introspection.getTables();
  const names = tables.map((t) => t.name).filter((n) => !n.startsWith('fg_migration'));
  const search = names.filter((n) => n.startsWith('fg_user_search'));
  // Present on SQLite exactly when the rest of the schema is.
  if (storage.dialect === 'sqlite') expect(search.length > 0).toBe(names.length > search.length);
  return names.filter((n) => !SQLITE_ONLY_TABLES.some((t) => n.startsWith(t))).sort();
}

describe.each(databaseKinds())('migrations on $kind', (kind) => {
  it('go up, down and up again', async () => {
    const database = await kind.create();
    const storage = openStorage(database.url);
    try {
      await migrateToLatest(storage.db);
      expect(await tableNames(storage)).toEqual([...LANGFLOW_TABLES, ...FLOWGATE_TABLES].sort());
      const userColumns = (await storage.db.introspection.getTables()).find((t) => t.name === 'user')!.columns.map((c) => c.name);
      expect(userColumns).toEqual(expect.arrayContaining(['id', 'username', 'password', 'is_active', 'is_superuser', 'create_at', 'updated_at', 'last_login_at', 'store_api_key', 'profile_image', 'optins']));
      await migrateDownAll(storage.db);
      expect(await tableNames(storage)).toEqual([]);
      await migrateToLatest(storage.db);
      expect(await tableNames(storage)).toEqual([...LANGFLOW_TABLES, ...FLOWGATE_TABLES].sort());
      const applied = await sql<{ n: number }>`select count(*) as n from fg_migration`.execute(storage.db);
      await migrateToLatest(storage.db); // idempotent
      const count = await sql<{ n: number }>`select count(*) as n from fg_migration`.execute(storage.db);
      expect(Number(count.rows[0].n)).toBe(Number(applied.rows[0].n));
      const columns = async (table: string) => (await storage.db.introspection.getTables()).find((t) => t.name === table)!.columns.map((c) => c.name);
      expect(await columns('flow')).toEqual(expect.arrayContaining(['mcp_enabled', 'action_name', 'action_description']));
      expect(await columns('folder')).toContain('auth_settings');
    } finally {
      await storage.close();
      await database.drop();
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('several instances on one PostgreSQL database', () => {
  it('all come up when started at once', async () => {
    const database = await postgresKind.create();
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-multi-'));
    const env = {
      LANGFLOW_DATABASE_URL: database.url,
      LANGFLOW_CONFIG_DIR: configDir,
      LANGFLOW_SECRET_KEY: 'shared-secret-key-for-two-instances-0001',
      LANGFLOW_AUTO_LOGIN: 'False',
      LANGFLOW_SUPERUSER: 'administrator',
      LANGFLOW_SUPERUSER_PASSWORD: 'securepassword',
    };
    const instances = [0, 1, 2].map(() => runCliInProcess(['run', '--port', '0', '--backend-only'], env));
    try {
      const urls = await Promise.all(instances.map((p) => p.waitFor(/running at (http:\/\/\S+)/, 60_000)));
      for (const [, url] of urls) {
        const response = await fetch(`${url}/health_check`);
        expect(await response.json()).toMatchObject({ db: 'ok' });
      }
      const storage = openStorage(database.url);
      const admins = await storage.db.selectFrom('user').select('id').where('username', '=', 'administrator').execute();
      await storage.close();
      expect(admins).toHaveLength(1);
    } finally {
      await Promise.all(instances.map((p) => p.stop()));
      await database.drop();
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  }, 120_000);
});
