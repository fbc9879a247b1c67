// Runs the migration set. Kysely's Migrator takes a database lock (an advisory lock on
// PostgreSQL), so several instances starting at once apply each migration exactly once.
import { Migrator, type Migration, type MigrationResultSet, type Kysely } from 'kysely';
import * as initial from './migrations/0001_initial.js';
import * as security from './migrations/0002_security.js';
import * as messages from './migrations/0003_messages.js';
import * as mcp from './migrations/0004_mcp.js';
import * as perf from './migrations/0005_perf.js';

const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_security': security,
  '0003_messages': messages,
  '0004_mcp': mcp,
  '0005_perf': perf,
};

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'fg_migration',
    migrationLockTableName: 'fg_migration_lock',
    // Numbers are handed out ahead of time: a database may have a later one applied first.
    allowUnorderedMigrations: true,
  });
}

function check(result: MigrationResultSet): void {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  check(await migrator(db).migrateToLatest());
}

export async function migrateDownAll(db: Kysely<any>): Promise<void> {
  const { NO_MIGRATIONS } = await import('kysely');
  check(await migrator(db).migrateTo(NO_MIGRATIONS));
}
