// The `user` table. Rows are converted to UserRecord here so booleans and JSON are uniform.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, UserTable } from '../schema.js';
import { usernameKey } from '../username-key.js';

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

/**
 * Usernames are unique by their key (usernameKey: trimmed, NFKC, case-folded), the same rule on
 * both databases, so the lookup goes by the key too.
 */
export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('user').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst();
  return row && toUserRecord(row);
}

export async function insertUser(db: Kysely<Database>, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('user').values({ ...row, username_key: usernameKey(row.username) }).execute();
}

/** The auto-login account: found by its marker, never by name (a name can be squatted). */
export async function findAutoLoginUserRow(db: Kysely<Database>): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('user').selectAll().where('fg_auto_login', '=', true).executeTakeFirst();
  return row && toUserRecord(row);
}

export async function markAutoLoginUser(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('user').set({ fg_auto_login: true }).where('id', '=', id).execute();
}

/**
 * Fills username_key where it is missing (rows from before migration 0002, or written by
 * Langflow itself). Two rows with one key (possible on SQLite before: `émile` and `ÉMILE`): the
 * oldest keeps it, the others get `<key>#<id>` and can only be found by id until renamed.
 * Returns the usernames of those others.
 */
export async function fillUsernameKeys(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('user').select(['id', 'username']).where('username_key', 'is', null).orderBy('create_at').orderBy('id').execute();
  const clashes: string[] = [];
  for (const row of rows) {
    const key = usernameKey(row.username);
    const holder = await db.selectFrom('user').select('id').where('username_key', '=', key).executeTakeFirst();
    const value = holder ? `${key}#${row.id}` : key;
    if (holder) clashes.push(row.username);
    await db.updateTable('user').set({ username_key: value }).where('id', '=', row.id).execute();
  }
  return clashes;
}

export interface UserListQuery {
  skip: number;
  limit: number;
  dialect: 'sqlite' | 'postgres';
  /** Matched case-insensitively anywhere in the username; LIKE wildcards in it are literal. */
  search?: string;
}

/** `%`, `_` and the escape character itself match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// lower() on both sides: the same folding as the unique index, on either database.
const likeMatches = (search: string) => sql<boolean>`lower(username) like lower(${`%${escapeLike(search)}%`}) escape '\\'`;

/**
 * On SQLite, a search of 3 characters or more first narrows to the ids the trigram index
 * (fg_user_search, migration 0005) finds, then applies the same LIKE: the same answer, without
 * reading every row. The index folds case more widely than lower(), so it never misses a row.
 */
function usernameMatches(search: string, dialect: 'sqlite' | 'postgres') {
  if (dialect !== 'sqlite' || [...search].length < 3) return likeMatches(search);
  const phrase = `"${search.replace(/"/g, '""')}"`;
  return sql<boolean>`id in (select user_id from fg_user_search where fg_user_search match ${phrase}) and ${likeMatches(search)}`;
}

export async function listUsers(db: Kysely<Database>, query: UserListQuery): Promise<UserRecord[]> {
  let q = db.selectFrom('user').selectAll();
  if (query.search) q = q.where(usernameMatches(query.search, query.dialect));
  const rows = await q.orderBy('create_at').orderBy('id').offset(query.skip).limit(query.limit).execute();
  return rows.map(toUserRecord);
}

export async function countUsers(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', search?: string): Promise<number> {
  let q = db.selectFrom('user').select((eb) => eb.fn.countAll<number>().as('n'));
  if (search) q = q.where(usernameMatches(search, dialect));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export type UserChanges = Partial<Pick<UserTable, 'username' | 'password' | 'profile_image' | 'is_active' | 'is_superuser' | 'optins' | 'updated_at'>>;

export async function updateUser(db: Kysely<Database>, id: string, changes: UserChanges): Promise<void> {
  const key = changes.username === undefined ? {} : { username_key: usernameKey(changes.username) };
  await db.updateTable('user').set({ ...changes, ...key }).where('id', '=', id).execute();
}

/** Deletes the user; flows, folders, variables, API keys, sessions and file rows go by cascade. */
export async function deleteUserRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('user').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Ids of the active superusers. On PostgreSQL the rows are locked until the transaction ends,
 * so two admins demoting each other at once cannot both succeed (D14).
 */
export async function lockActiveSuperuserIds(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const q = db.selectFrom('user').select('id').where('is_superuser', '=', true).where('is_active', '=', true);
  const rows = await (dialect === 'postgres' ? q.forUpdate() : q).execute();
  return rows.map((r) => r.id);
}

export async function hasSuperuser(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('user').select('id').where('is_superuser', '=', true).limit(1).executeTakeFirst();
  return Boolean(row);
}

/** id → username for the ids that still exist. */
export async function findUsernames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('user').select(['id', 'username']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}

/** A unique index refused the write (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A successful login: last_login_at only (a login is not an edit of the account). */
export async function setLastLoginAt(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('user').set({ last_login_at: at }).where('id', '=', id).execute();
}

/** Replaces an outdated hash (D12) only if it is still the stored one: a concurrent password change wins. */
export async function replacePasswordHash(db: Kysely<Database>, id: string, expected: string, replacement: string): Promise<void> {
  await db.updateTable('user').set({ password: replacement }).where('id', '=', id).where('password', '=', expected).execute();
}
