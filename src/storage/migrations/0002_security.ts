// Security hardening (docs/security.md):
// - user.username_key: the folded username (src/storage/username-key.ts), uniquely indexed, the
//   same rule on both databases; filled in for existing rows at start-up (it is computed in
//   TypeScript). Replaces the lower(username) index.
// - user.fg_auto_login: marks the auto-login account, which is looked up by this, never by name.
// - fg_session.rotated_at: when the session's refresh token was last rotated, so a concurrent
//   refresh that lost the race is told apart from the reuse of a spent token.
import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, bool } = await columnTypes(db);
  await db.schema.alterTable('user').addColumn('username_key', 'varchar(400)').execute();
  await db.schema.alterTable('user').addColumn('fg_auto_login', bool, (c) => c.notNull().defaultTo(false)).execute();
  await db.schema.createIndex('uq_user_username_key').on('user').column('username_key').unique().execute();
  await db.schema.dropIndex('ix_user_username_lower').execute();
  await db.schema.alterTable('fg_session').addColumn('rotated_at', timestamp).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('fg_session').dropColumn('rotated_at').execute();
  await db.schema.createIndex('ix_user_username_lower').on('user').unique().expression(sql`lower(username)`).execute();
  await db.schema.dropIndex('uq_user_username_key').execute();
  await db.schema.alterTable('user').dropColumn('fg_auto_login').execute();
  await db.schema.alterTable('user').dropColumn('username_key').execute();
}
