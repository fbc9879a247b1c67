// The message history (Langflow's `message` table): each message follows its flow. Messages of
// flows that are not imported, or of no flow, are skipped and counted. Written in the import's
// transaction, 500 at a time, in the columns Flowgate's own `message` table has (ids and the
// flow id as Flowgate's UUIDs; the owner, when the table keeps one, is the flow's).
import type { Kysely } from 'kysely';
import { readMessageHeads, readMessagePage, type LfMessage } from '../../storage/langflow/records.js';
import type { LangflowSource } from '../../storage/langflow/source.js';
import { insertMessages, messageTableColumns, takenMessageIds } from '../../storage/repositories/import-target.js';
import type { Database } from '../../storage/schema.js';
import type { Tally } from './summary.js';

const PAGE = 5000;
const WRITE_PAGE = 500;

export interface MessagePlan {
  /** Langflow ids of the messages to import. */
  ids: Set<string>;
  columns: Set<string>;
}

type FlowTargets = Map<string, { id: string; userId: string }>;

export async function planMessages(
  source: LangflowSource,
  db: Kysely<Database>,
  flowTargets: FlowTargets,
  tally: Tally,
): Promise<MessagePlan | undefined> {
  if (!(await source.tables()).has('message')) return undefined;
  const columns = await messageTableColumns(db).catch(() => undefined);
  const existing = columns ? await takenMessageIds(db) : new Set<string>();
  const ids = new Set<string>();
  for (let after: unknown = undefined; ; ) {
    const page = await readMessageHeads(source, after, PAGE);
    if (page.heads.length === 0) break;
    after = page.last;
    for (const head of page.heads) {
      tally.found++;
      if (!columns) tally.skip('this Flowgate has no message history yet (upgrade, then import again)');
      else if (head.flowId === null) tally.skip('belongs to no flow');
      else if (!flowTargets.has(head.flowId)) tally.skip('its flow is not imported');
      else if (existing.has(head.id)) tally.already++;
      else {
        ids.add(head.id);
        tally.imported++;
      }
    }
  }
  return columns ? { ids, columns } : undefined;
}

export async function writeMessages(
  db: Kysely<Database>,
  source: LangflowSource,
  plan: MessagePlan,
  flowTargets: FlowTargets,
  progress: (n: number) => void,
): Promise<void> {
  let remaining = plan.ids.size;
  for (let after: unknown = undefined; remaining > 0; ) {
    const page = await readMessagePage(source, after, WRITE_PAGE);
    if (page.messages.length === 0) break;
    after = page.last;
    const rows = page.messages.filter((m) => plan.ids.has(m.id)).map((m) => messageRow(m, flowTargets.get(m.flowId!)!, plan.columns));
    await insertMessages(db, rows);
    remaining -= rows.length;
    progress(rows.length);
  }
}

function messageRow(message: LfMessage, flow: { id: string; userId: string }, columns: Set<string>): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: message.id,
    flow_id: flow.id,
    user_id: flow.userId,
    timestamp: message.timestamp,
    sender: message.sender,
    sender_name: message.senderName,
    session_id: message.sessionId,
    text: message.text,
    files: message.files ?? '[]',
    error: message.error,
    edit: message.edit,
    properties: message.properties,
    category: message.category,
    content_blocks: message.contentBlocks,
    context_id: message.contextId,
  };
  return Object.fromEntries(Object.entries(all).filter(([key]) => columns.has(key)));
}
