// Langflow's tables (user, apikey, variable, folder, flow) and Flowgate's own.
import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, bool } = await columnTypes(db);

  await db.schema
    .createTable('user')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(100)', (c) => c.notNull())
    .addColumn('password', 'text', (c) => c.notNull())
    .addColumn('profile_image', 'text')
    .addColumn('is_active', bool, (c) => c.notNull())
    .addColumn('is_superuser', bool, (c) => c.notNull())
    .addColumn('create_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addColumn('last_login_at', timestamp)
    .addColumn('store_api_key', 'text')
    .addColumn('optins', 'text')
    .execute();
  // Usernames are unique case-insensitively so `Admin` cannot pose as `admin`.
  await db.schema.createIndex('ix_user_username_lower').on('user').unique().expression(sql`lower(username)`).execute();

  await db.schema
    .createTable('folder')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('parent_id', 'varchar(36)', (c) => c.references('folder.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.references('user.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('ix_folder_user_id').on('folder').column('user_id').execute();

  await db.schema
    .createTable('flow')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('icon', 'text')
    .addColumn('icon_bg_color', 'text')
    .addColumn('gradient', 'text')
    .addColumn('data', 'text')
    .addColumn('is_component', bool, (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addColumn('webhook', bool, (c) => c.notNull().defaultTo(false))
    .addColumn('endpoint_name', 'text')
    .addColumn('tags', 'text')
    .addColumn('locked', bool, (c) => c.notNull().defaultTo(false))
    .addColumn('mcp_enabled', bool, (c) => c.notNull().defaultTo(false))
    .addColumn('access_type', 'varchar(16)', (c) => c.notNull().defaultTo('PRIVATE'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('folder_id', 'varchar(36)', (c) => c.references('folder.id').onDelete('cascade'))
    .addColumn('extra', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('ix_flow_user_id').on('flow').column('user_id').execute();
  await db.schema.createIndex('uq_flow_user_name').on('flow').columns(['user_id', 'name']).unique().execute();
  await db.schema
    .createIndex('uq_flow_user_endpoint_name')
    .on('flow')
    .columns(['user_id', 'endpoint_name'])
    .unique()
    .execute();

  await db.schema
    .createTable('apikey')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('api_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('last_used_at', timestamp)
    .addColumn('total_uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', bool, (c) => c.notNull().defaultTo(true))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('ix_apikey_user_id').on('apikey').column('user_id').execute();

  await db.schema
    .createTable('variable')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('default_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp)
    .addColumn('from_env', bool, (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('uq_variable_user_name').on('variable').columns(['user_id', 'name']).unique().execute();

  await db.schema
    .createTable('fg_session')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('idle_expires_at', timestamp, (c) => c.notNull())
    .addColumn('absolute_expires_at', timestamp, (c) => c.notNull())
    .addColumn('revoked_at', timestamp)
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('ix_fg_session_user_id').on('fg_session').column('user_id').execute();

  // Append-only; actor/target are plain ids (no foreign key) so history outlives deleted users.
  await db.schema
    .createTable('fg_audit_event')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('event', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('target_id', 'varchar(36)')
    .addColumn('ip', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('ix_fg_audit_event_created').on('fg_audit_event').column('created_at').execute();

  await db.schema
    .createTable('fg_login_throttle')
    .addColumn('key', 'varchar(300)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', timestamp, (c) => c.notNull())
    .addColumn('locked_until', timestamp)
    .addColumn('lock_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('fg_meta')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fg_file')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('flow_id', 'varchar(36)')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_fg_file_user_id').on('fg_file').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['fg_file', 'fg_meta', 'fg_login_throttle', 'fg_audit_event', 'fg_session', 'variable', 'apikey', 'flow', 'folder', 'user']) {
    await db.schema.dropTable(table).execute();
  }
}
