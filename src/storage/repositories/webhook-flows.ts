// The one lookup of a flow that is NOT scoped by a caller: Langflow's webhook with
// LANGFLOW_WEBHOOK_AUTH_ENABLE=false runs a flow, as its owner, for anyone who knows its id.
// Only by id (a UUID): endpoint names are per user (D18), so a name names no flow here.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { isUuid, toFlowRecord, type FlowRecord } from './flows.js';

export async function findFlowForAnonymousWebhook(db: Kysely<Database>, id: string): Promise<FlowRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom('flow').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
  return row && toFlowRecord(row);
}
