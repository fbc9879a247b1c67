// Langflow's MCP columns: a flow's tool name and description, a project's MCP auth settings.
// (flow.mcp_enabled came with 0001.)
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flow').addColumn('action_name', 'text').execute();
  await db.schema.alterTable('flow').addColumn('action_description', 'text').execute();
  // JSON text, e.g. {"auth_type":"apikey"}; null = the default (apikey).
  await db.schema.alterTable('folder').addColumn('auth_settings', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('folder').dropColumn('auth_settings').execute();
  await db.schema.alterTable('flow').dropColumn('action_description').execute();
  await db.schema.alterTable('flow').dropColumn('action_name').execute();
}
