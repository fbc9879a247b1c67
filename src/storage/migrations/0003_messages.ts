// Langflow's `message` table: the chat messages of runs (Chat Input / Chat Output with
// should_store_message, Memory in Store mode), read back by Memory and the monitor routes.
// Beyond Langflow, each row names its owner (`user_id`): every read and write is the owner's.
// A user's or a flow's deletion takes their messages with them.
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, bool } = await columnTypes(db);
  await db.schema
    .createTable('message')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('timestamp', timestamp, (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('error', bool, (c) => c.notNull())
    .addColumn('edit', bool, (c) => c.notNull())
    .addColumn('properties', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('content_blocks', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'varchar(36)', (c) => c.references('flow.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('ix_message_user_session').on('message').columns(['user_id', 'session_id']).execute();
  await db.schema.createIndex('ix_message_user_flow').on('message').columns(['user_id', 'flow_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('message').execute();
}
