// Chat history (Langflow's `message` table), always the caller's own: what runs store and
// Memory reads, and what Langflow's monitor routes list, edit and delete. Rows keep ISO
// timestamps (ordered, with milliseconds); responses show Langflow's `YYYY-MM-DD HH:MM:SS UTC`.
import { randomUUID } from 'node:crypto';
import type { Message } from '../../engine/message.js';
import type { MessageQuery, RunServices } from '../../engine/run-services.js';
import {
  deleteMessageRows,
  deleteSessionMessages,
  findMessageRow,
  listMessageRows,
  listSessionIds,
  updateMessageRow,
  type MessageFilter,
  type MessageRow,
} from '../../storage/repositories/messages.js';
import type { AppDeps } from '../deps.js';
import { NotFoundError } from '../errors.js';

/** Langflow's MessageResponse. */
export interface MessageResponse {
  id: string;
  flow_id: string | null;
  timestamp: string;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string | null;
  text: string;
  files: unknown[];
  edit: boolean;
  error: boolean;
  duration: null;
  properties: Record<string, unknown>;
  category: string;
  content_blocks: unknown[];
}

/** A run's chat history: what it stores, and a promise that all of it is written. */
export interface RunMessageStore extends NonNullable<RunServices['messages']> {
  /** Resolves once every message stored so far is in the database; rejects as the first failed write. */
  written(): Promise<void>;
}

/**
 * The history a run of `flowId` by `userId` reads and writes. A stored message is queued for the
 * next group commit (message-writes.ts) and the run goes on; the run answers only once
 * `written()` resolves. Waiting inside the component instead kept every run's whole state (its
 * graph copy, contexts, results) alive until the commit, and the young-generation collections
 * copied it all (issue 12: a SQLite /run's CPU 597 → 514 µs once it no longer did). A read of
 * the history first waits for the run's own writes, so a Memory after a Chat Input sees them.
 */
export function runMessageStore(deps: AppDeps, userId: string, flowId: string): RunMessageStore {
  // Messages of one run keep their order even when stored within the same millisecond.
  let last = 0;
  const writes: Promise<void>[] = [];
  const written = () => Promise.all(writes).then(() => undefined);
  return {
    async store(message) {
      const now = Math.max(deps.clock.now().getTime(), last + 1);
      last = now;
      const write = deps.messageWrites.write(toRow(message, userId, flowId, new Date(now).toISOString()));
      // Observed by written(); a run that fails before asking leaves no unhandled rejection.
      write.catch(() => {});
      writes.push(write);
    },
    async history(query: MessageQuery) {
      await written();
      const rows = await listMessageRows(
        deps.storage.db,
        userId,
        { sessionId: query.sessionId, sender: query.sender, senderName: query.senderName },
        { desc: true, limit: query.limit },
      );
      return rows.reverse().map(toEngineMessage);
    },
    written,
  };
}

export async function listMessages(deps: AppDeps, userId: string, filter: MessageFilter): Promise<MessageResponse[]> {
  return (await listMessageRows(deps.storage.db, userId, filter)).map(toResponse);
}

export async function listMessageSessions(deps: AppDeps, userId: string, flowId?: string): Promise<string[]> {
  return listSessionIds(deps.storage.db, userId, flowId);
}

export async function deleteMessages(deps: AppDeps, userId: string, ids: string[]): Promise<void> {
  await deleteMessageRows(deps.storage.db, userId, ids);
}

export async function deleteSession(deps: AppDeps, userId: string, sessionId: string): Promise<void> {
  await deleteSessionMessages(deps.storage.db, userId, sessionId);
}

export interface MessageUpdate {
  text?: string | null;
  sender?: string | null;
  sender_name?: string | null;
  session_id?: string | null;
  files?: string[] | null;
  edit?: boolean | null;
  error?: boolean | null;
  properties?: Record<string, unknown> | null;
}

/** Langflow's update: unset and null fields are left alone; a changed text marks the message edited. */
export async function updateMessage(deps: AppDeps, userId: string, id: string, update: MessageUpdate): Promise<MessageResponse> {
  const row = await findMessageRow(deps.storage.db, userId, id);
  if (!row) throw new NotFoundError('Message not found');
  const changes: Parameters<typeof updateMessageRow>[3] = {};
  if (update.text != null) changes.text = update.text;
  if (update.sender != null) changes.sender = update.sender;
  if (update.sender_name != null) changes.sender_name = update.sender_name;
  if (update.session_id != null) changes.session_id = update.session_id;
  if (update.files != null) changes.files = JSON.stringify(update.files);
  if (update.edit != null) changes.edit = update.edit;
  if (update.error != null) changes.error = update.error;
  if (update.properties != null) changes.properties = JSON.stringify({ ...parseObject(row.properties), ...update.properties });
  if (update.text != null && update.text !== row.text) changes.edit = true;
  if (Object.keys(changes).length > 0) await updateMessageRow(deps.storage.db, userId, row.id, changes);
  return toResponse({ ...row, ...changes });
}

function toRow(message: Message, userId: string, flowId: string, timestamp: string): MessageRow {
  return {
    id: message.id ?? randomUUID(),
    timestamp,
    sender: message.sender ?? '',
    sender_name: message.sender_name ?? '',
    session_id: message.session_id ?? '',
    context_id: null,
    text: message.text,
    files: JSON.stringify(message.files ?? []),
    error: message.error,
    edit: message.edit,
    properties: JSON.stringify(message.properties),
    category: message.category,
    content_blocks: JSON.stringify(message.content_blocks ?? []),
    flow_id: message.flow_id ?? flowId,
    user_id: userId,
  };
}

function toResponse(row: MessageRow): MessageResponse {
  return {
    id: row.id,
    flow_id: row.flow_id,
    timestamp: langflowTimestamp(row.timestamp),
    sender: row.sender,
    sender_name: row.sender_name,
    session_id: row.session_id,
    context_id: row.context_id,
    text: row.text,
    files: parseArray(row.files),
    edit: Boolean(row.edit),
    error: Boolean(row.error),
    duration: null,
    properties: parseObject(row.properties),
    category: row.category,
    content_blocks: parseArray(row.content_blocks),
  };
}

function toEngineMessage(row: MessageRow): Message {
  const response = toResponse(row);
  return {
    id: row.id,
    timestamp: response.timestamp,
    sender: row.sender,
    sender_name: row.sender_name,
    session_id: row.session_id,
    text: row.text,
    files: response.files,
    error: response.error,
    edit: response.edit,
    properties: response.properties as unknown as Message['properties'],
    category: 'message',
    content_blocks: response.content_blocks,
    flow_id: row.flow_id,
    duration: null,
  };
}

function langflowTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function parseArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
