// Performance (issue 12): the admin user list's order gets its index; on SQLite, a trigram
// full-text index of usernames (fg_user_search, kept by triggers) lets the list's substring
// search find its rows without reading the whole table; on PostgreSQL every
// change to a row authentication reads notifies the `flowgate_auth` channel, so each instance's
// in-process cache of those rows is dropped within milliseconds (storage/pg-change-feed.ts).
// Triggers fire inside the writing transaction and PostgreSQL delivers on commit, whoever writes
// (another instance, the CLI, psql). Updates of columns no cache holds do not notify.
import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const isPostgres = async (db: Kysely<any>) => (await columnTypes(db)).timestamp === 'timestamptz';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ix_user_create_at_id').on('user').columns(['create_at', 'id']).execute();
  if (!(await isPostgres(db))) {
    // Keyed by the user's id, not SQLite's rowid: VACUUM may renumber rowids of this table.
    await sql`create virtual table fg_user_search using fts5(username, user_id unindexed, tokenize = 'trigram')`.execute(db);
    await sql`insert into fg_user_search (username, user_id) select username, id from "user"`.execute(db);
    await sql`create trigger fg_user_search_insert after insert on "user" begin
      insert into fg_user_search (username, user_id) values (new.username, new.id); end`.execute(db);
    await sql`create trigger fg_user_search_delete after delete on "user" begin
      delete from fg_user_search where user_id = old.id; end`.execute(db);
    await sql`create trigger fg_user_search_rename after update of username, id on "user" begin
      delete from fg_user_search where user_id = old.id;
      insert into fg_user_search (username, user_id) values (new.username, new.id); end`.execute(db);
    return;
  }
  await sql`create or replace function fg_notify_auth_change() returns trigger language plpgsql as $$
    begin perform pg_notify('flowgate_auth', ''); return null; end $$`.execute(db);
  await sql`create trigger fg_user_auth_change after update or delete on "user"
    for each row execute function fg_notify_auth_change()`.execute(db);
  await sql`create trigger fg_apikey_auth_change after update of api_key, is_active, user_id or delete on apikey
    for each row execute function fg_notify_auth_change()`.execute(db);
  await sql`create trigger fg_session_auth_change after update of user_id, revoked_at, absolute_expires_at or delete on fg_session
    for each row execute function fg_notify_auth_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    await sql`drop trigger if exists fg_session_auth_change on fg_session`.execute(db);
    await sql`drop trigger if exists fg_apikey_auth_change on apikey`.execute(db);
    await sql`drop trigger if exists fg_user_auth_change on "user"`.execute(db);
    await sql`drop function if exists fg_notify_auth_change()`.execute(db);
  } else {
    for (const trigger of ['fg_user_search_insert', 'fg_user_search_delete', 'fg_user_search_rename']) await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
    await sql`drop table if exists fg_user_search`.execute(db);
  }
  await db.schema.dropIndex('ix_user_create_at_id').execute();
}
