// The `user` table. Rows are converted to UserRecord here so booleans and JSON are uniform.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, UserTable } from '../schema.js';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  profileImage: string | null;
  isActive: boolean;
  isSuperuser: boolean;
  createAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  storeApiKeyCiphertext: string | null;
  optins: Record<string, unknown> | null;
}

export function toUserRecord(row: Selectable<UserTable>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password,
    profileImage: row.profile_image,
    isActive: Boolean(row.is_active),
    isSuperuser: Boolean(row.is_superuser),
    createAt: row.create_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    storeApiKeyCiphertext: row.store_api_key,
    optins: row.optins ? JSON.parse(row.optins) : null,
  };
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUserRecord(row);
}

/** Usernames are unique case-insensitively, so the lookup is too. */
export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('user')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row && toUserRecord(row);
}

export async function insertUser(db: Kysely<Database>, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('user').values(row).execute();
}
