// The databases every HTTP test runs on: a fresh SQLite file always, and a fresh PostgreSQL
// database (created from TEST_DATABASE_URL, dropped afterwards) when that variable is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
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
    const name = `fg_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    return {
      kind: 'postgres',
      url: url.toString(),
      drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
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

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. Use with describe.each. */
export function databaseKinds(): DatabaseKind[] {
  return postgresAdminUrl ? [sqliteKind, postgresKind] : [sqliteKind];
}
