// The databases every HTTP test runs on: a fresh SQLite file always, and a fresh PostgreSQL
// database (created from TEST_DATABASE_URL, dropped afterwards) when that variable is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

export interface DatabaseKind {
  kind: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const postgresAdminUrl = process.env.TEST_DATABASE_URL;

/** Every database this run creates starts with this; other runs (another TEST_DATABASE_URL) have their own. */
const runPrefix = postgresAdminUrl ? `fg_t_${createHash('sha256').update(postgresAdminUrl).digest('hex').slice(0, 8)}_` : '';

export const sqliteKind: DatabaseKind = {
  kind: 'sqlite',
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-test-'));
    return {
      kind: 'sqlite',
      url: `sqlite:///${path.join(dir, 'flowgate.db')}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresKind: DatabaseKind = {
  kind: 'postgres',
  async create() {
    if (!postgresAdminUrl) throw new Error('TEST_DATABASE_URL is not set');
    const name = `${runPrefix}${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    return {
      kind: 'postgres',
      url: url.toString(),
      // A drop takes PostgreSQL up to a second and no test needs to wait for it: it runs in the
      // background, and the run's teardown drops whatever is left (dropLeftoverDatabases).
      drop: async () => {
        adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      },
    };
  },
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** At the end of a run: drops the databases this run created that are still there. */
export async function dropLeftoverDatabases(): Promise<void> {
  if (!postgresAdminUrl) return;
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [runPrefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  } finally {
    await client.end();
  }
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. Use with describe.each. */
export function databaseKinds(): DatabaseKind[] {
  return postgresAdminUrl ? [sqliteKind, postgresKind] : [sqliteKind];
}
