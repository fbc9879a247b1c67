// The `message` table: chat messages, always read and written as their owner's.
import type { Kysely, Selectable } from 'kysely';
import type { Database, MessageTable } from '../schema.js';
import { executeCompiledOnce } from '../compiled-once.js';
import { isUuid } from './flows.js';

export type MessageRow = Selectable<MessageTable>;

export interface MessageFilter {
  flowId?: string;
  sessionId?: string;
  sender?: string;
  senderName?: string;
}

const MESSAGE_COLUMNS = [
  'id', 'timestamp', 'sender', 'sender_name', 'session_id', 'context_id', 'text', 'files', 'error', 'edit',
  'properties', 'category', 'content_blocks', 'flow_id', 'user_id',
] as const satisfies readonly (keyof MessageRow)[];

/** Every run stores its chat messages: the statement for each batch size is compiled once (compiled-once.ts). */
export async function insertMessageRows(db: Kysely<Database>, rows: MessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of MESSAGE_COLUMNS) parameters.push(row[column] ?? null);
  await executeCompiledOnce(db, `insert ${rows.length} messages`, () => db.insertInto('message').values(rows.map(() => TEMPLATE_ROW)), parameters);
}

// Every column a parameter, in MESSAGE_COLUMNS order (a null is a parameter; undefined would not be).
const TEMPLATE_ROW = Object.fromEntries(MESSAGE_COLUMNS.map((column) => [column, null])) as unknown as MessageRow;

/** The owner's messages matching the filter, oldest first (or newest first with `desc`). */
export async function listMessageRows(
  db: Kysely<Database>,
  userId: string,
  filter: MessageFilter,
  options: { desc?: boolean; limit?: number } = {},
): Promise<MessageRow[]> {
  if (filter.flowId !== undefined && !isUuid(filter.flowId)) return [];
  let query = db.selectFrom('message').selectAll().where('user_id', '=', userId);
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId.toLowerCase());
  if (filter.sessionId !== undefined) query = query.where('session_id', '=', filter.sessionId);
  if (filter.sender !== undefined) query = query.where('sender', '=', filter.sender);
  if (filter.senderName !== undefined) query = query.where('sender_name', '=', filter.senderName);
  const direction = options.desc ? 'desc' : 'asc';
  query = query.orderBy('timestamp', direction).orderBy('id', direction);
  if (options.limit !== undefined) query = query.limit(options.limit);
  return query.execute();
}

/** Distinct session ids of the owner's messages (of one flow when given). */
export async function listSessionIds(db: Kysely<Database>, userId: string, flowId?: string): Promise<string[]> {
  if (flowId !== undefined && !isUuid(flowId)) return [];
  let query = db.selectFrom('message').select('session_id').distinct().where('user_id', '=', userId);
  if (flowId !== undefined) query = query.where('flow_id', '=', flowId.toLowerCase());
  const rows = await query.orderBy('session_id').execute();
  return rows.map((row) => row.session_id);
}

export async function findMessageRow(db: Kysely<Database>, userId: string, id: string): Promise<MessageRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('message').selectAll().where('user_id', '=', userId).where('id', '=', id.toLowerCase()).executeTakeFirst();
}

export async function updateMessageRow(
  db: Kysely<Database>,
  userId: string,
  id: string,
  changes: Partial<Pick<MessageRow, 'text' | 'sender' | 'sender_name' | 'session_id' | 'edit' | 'error' | 'properties' | 'files'>>,
): Promise<void> {
  await db.updateTable('message').set(changes).where('user_id', '=', userId).where('id', '=', id).execute();
}

/** Deletes the owner's messages among `ids`; returns how many went. */
export async function deleteMessageRows(db: Kysely<Database>, userId: string, ids: string[]): Promise<number> {
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return 0;
  const result = await db.deleteFrom('message').where('user_id', '=', userId).where('id', 'in', wanted).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionMessages(db: Kysely<Database>, userId: string, sessionId: string): Promise<number> {
  const result = await db.deleteFrom('message').where('user_id', '=', userId).where('session_id', '=', sessionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
