// The message history (Langflow's `message` table): each message follows its flow and belongs to
// the flow's owner in Flowgate (whose table keeps a user_id). Messages of flows that are not
// imported, or of no flow, are skipped and counted. Written in the import's transaction, 500 at a
// time; Langflow's empty fields get the values Flowgate's table requires.
import type { Insertable, Kysely } from 'kysely';
import { readMessageHeads, readMessagePage, type LfMessage } from '../../storage/langflow/records.js';
import type { LangflowSource } from '../../storage/langflow/source.js';
import { insertRows, takenMessageIds } from '../../storage/repositories/import-target.js';
import type { Database, MessageTable } from '../../storage/schema.js';
import type { Tally } from './summary.js';

const PAGE = 5000;
const WRITE_PAGE = 500;

export interface MessagePlan {
  /** Langflow ids of the messages to import. */
  ids: Set<string>;
}

type FlowTargets = Map<string, { id: string; userId: string }>;

export async function planMessages(source: LangflowSource, db: Kysely<Database>, flowTargets: FlowTargets, tally: Tally): Promise<MessagePlan> {
  const ids = new Set<string>();
  if (!(await source.tables()).has('message')) return { ids };
  const existing = await takenMessageIds(db);
  for (let after: unknown = undefined; ; ) {
    const page = await readMessageHeads(source, after, PAGE);
    if (page.heads.length === 0) break;
    after = page.last;
    for (const head of page.heads) {
      tally.found++;
      if (head.flowId === null) tally.skip('belongs to no flow');
      else if (!flowTargets.has(head.flowId)) tally.skip('its flow is not imported');
      else if (existing.has(head.id)) tally.already++;
      else {
        ids.add(head.id);
        tally.imported++;
      }
    }
  }
  return { ids };
}

export async function writeMessages(
  db: Kysely<Database>,
  source: LangflowSource,
  plan: MessagePlan,
  flowTargets: FlowTargets,
  now: string,
  progress: (n: number) => void,
): Promise<void> {
  let remaining = plan.ids.size;
  for (let after: unknown = undefined; remaining > 0; ) {
    const page = await readMessagePage(source, after, WRITE_PAGE);
    if (page.messages.length === 0) break;
    after = page.last;
    const rows = page.messages.filter((m) => plan.ids.has(m.id)).map((m) => messageRow(m, flowTargets.get(m.flowId!)!, now));
    await insertRows(db, 'message', rows);
    remaining -= rows.length;
    progress(rows.length);
  }
}

function messageRow(message: LfMessage, flow: { id: string; userId: string }, now: string): Insertable<MessageTable> {
  return {
    id: message.id,
    timestamp: message.timestamp ?? now,
    sender: message.sender,
    sender_name: message.senderName,
    session_id: message.sessionId,
    context_id: message.contextId,
    text: message.text ?? '',
    files: message.files ?? '[]',
    error: message.error,
    edit: message.edit,
    properties: message.properties ?? '{}',
    category: message.category ?? 'message',
    content_blocks: message.contentBlocks ?? '[]',
    flow_id: flow.id,
    user_id: flow.userId,
  };
}
