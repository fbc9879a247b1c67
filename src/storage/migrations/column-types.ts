// Column types that differ between the two databases, chosen once here so that a single
// migration set serves SQLite and PostgreSQL.
import { sql, type Kysely } from 'kysely';

export interface ColumnTypes {
  timestamp: 'text' | 'timestamptz';
  bool: 'boolean';
}

export async function columnTypes(db: Kysely<any>): Promise<ColumnTypes> {
  const postgres = await isPostgres(db);
  return { timestamp: postgres ? 'timestamptz' : 'text', bool: 'boolean' };
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false; // SQLite has no version() function.
  }
}
