// A Langflow database on PostgreSQL made from a Langflow SQLite file, with the column types
// Langflow's migrations give on PostgreSQL (uuid, boolean, timestamp without time zone, json),
// so the importer is tested on the PostgreSQL shapes too (ids with dashes, real booleans, JSON
// already parsed by the driver).
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { postgresKind, type TestDatabase } from './databases.js';

const TABLES = ['user', 'folder', 'flow', 'apikey', 'variable', 'message'];

function pgType(declared: string): string {
  const t = declared.toUpperCase();
  if (t.startsWith('CHAR(32)')) return 'uuid';
  if (t.startsWith('BOOLEAN')) return 'boolean';
  if (t.startsWith('DATETIME')) return 'timestamp without time zone';
  if (t.startsWith('JSON')) return 'json';
  if (t.startsWith('INTEGER')) return 'integer';
  return 'text';
}

function convert(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === '1' || value === true;
  return value;
}

export async function langflowOnPostgres(sqliteFile: string): Promise<TestDatabase> {
  const database = await postgresKind.create();
  const sqlite = new SqliteDatabase(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (const table of TABLES) {
      const columns = sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string; type: string; pk: number }[];
      const types = columns.map((c) => pgType(c.type));
      const ddl = columns.map((c, i) => `"${c.name}" ${types[i]}${c.pk ? ' primary key' : ''}`).join(', ');
      await client.query(`create table "${table}" (${ddl})`);
      const rows = sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
      for (const row of rows) {
        const values = columns.map((c, i) => convert(types[i]!, row[c.name]));
        const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
        await client.query(`insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values (${placeholders})`, values);
      }
    }
  } finally {
    await client.end();
    sqlite.close();
  }
  return database;
}
