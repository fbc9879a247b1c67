// Writes an import plan in ONE transaction: users, projects, flows (read from Langflow page by
// page, so 100,000 flows never sit in memory at once), API keys, variables, messages, one audit event.
// Any failure rolls everything back.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { LangflowSource } from '../../storage/langflow/source.js';
import { readFlowPage, type LfFlow } from '../../storage/langflow/records.js';
import { insertAuditEvent } from '../../storage/repositories/audit-events.js';
import { insertRows } from '../../storage/repositories/import-target.js';
import { usernameKey } from '../../storage/username-key.js';
import type { Database, FlowTable } from '../../storage/schema.js';
import type { Storage } from '../../storage/db.js';
import { checkSecretKey } from '../secret-key/key-check.js';
import { KINDS, type ImportSummary } from './summary.js';
import { writeMessages, type MessagePlan } from './messages.js';
import type { FlowDecision, ImportPlan } from './plan.js';

const FLOW_PAGE = 500;

export interface WriteOptions {
  flowgateSecretKey: string;
  previousKey?: string;
  now: string;
  onProgress?: (done: number, total: number) => void;
  /** Called after every write, just before COMMIT; throwing rolls everything back (tests). */
  beforeCommit?: () => void | Promise<void>;
}

export async function writePlan(
  storage: Pick<Storage, 'db'>,
  source: LangflowSource,
  plan: ImportPlan,
  messages: MessagePlan,
  options: WriteOptions,
): Promise<void> {
  const total = plan.users.length + plan.folders.length + plan.flows.size + plan.apiKeys.length + plan.variables.length + messages.ids.size;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  await storage.db.transaction().execute(async (trx) => {
    // The key check value goes in with the data: a server can only ever open this database with
    // the key the values were sealed under.
    await checkSecretKey(trx, options.flowgateSecretKey, options.previousKey);
    // The uniqueness key (migration 0002) goes in with the row: a clash fails the import here.
    await insertRows(trx, 'user', plan.users.map((u) => ({ ...u, username_key: usernameKey(u.username) })));
    progress(plan.users.length);
    await insertRows(trx, 'folder', plan.folders);
    progress(plan.folders.length);
    await writeFlows(trx, source, plan.flows, options.now, progress);
    await insertRows(trx, 'apikey', plan.apiKeys);
    progress(plan.apiKeys.length);
    await insertRows(trx, 'variable', plan.variables);
    progress(plan.variables.length);
    await writeMessages(trx, source, messages, plan.flowTargets, options.now, progress);
    await insertAuditEvent(trx, {
      id: randomUUID(),
      created_at: options.now,
      event: 'langflow_import',
      actor_id: null,
      target_id: null,
      ip: null,
      detail: JSON.stringify(auditDetail(plan.summary)),
    });
    await options.beforeCommit?.();
  });
}

async function writeFlows(
  db: Kysely<Database>,
  source: LangflowSource,
  decisions: Map<string, FlowDecision>,
  now: string,
  progress: (n: number) => void,
): Promise<void> {
  if (decisions.size === 0) return;
  let remaining = decisions.size;
  for (let after: unknown = undefined; remaining > 0; ) {
    const page = await readFlowPage(source, after, FLOW_PAGE);
    if (page.flows.length === 0) break;
    after = page.last;
    const rows: Insertable<FlowTable>[] = [];
    for (const flow of page.flows) {
      const decision = decisions.get(flow.id);
      if (decision) rows.push(flowRow(flow, decision, now));
    }
    await insertRows(db, 'flow', rows, 100);
    remaining -= rows.length;
    progress(rows.length);
  }
}

function flowRow(flow: LfFlow, decision: FlowDecision, now: string): Insertable<FlowTable> {
  return {
    id: decision.id,
    name: decision.name,
    description: flow.description,
    icon: flow.icon,
    icon_bg_color: flow.iconBgColor,
    gradient: flow.gradient,
    data: flow.data,
    is_component: flow.isComponent,
    updated_at: flow.updatedAt ?? now,
    webhook: flow.webhook,
    endpoint_name: decision.endpointName,
    tags: flow.tags,
    locked: flow.locked,
    mcp_enabled: flow.mcpEnabled,
    action_name: flow.actionName,
    action_description: flow.actionDescription,
    access_type: flow.accessType === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE',
    user_id: decision.userId,
    folder_id: decision.folderId,
    // Langflow's fields that Flowgate does not use are kept as received.
    extra: flow.fsPath ? JSON.stringify({ fs_path: flow.fsPath }) : null,
    version: 1,
  };
}

/** Counts only: the audit log never holds names or values. */
function auditDetail(summary: ImportSummary): Record<string, unknown> {
  return Object.fromEntries(
    KINDS.map((kind) => {
      const t = summary.tallies[kind];
      return [kind, { imported: t.imported, already: t.already, skipped: t.skippedCount }];
    }),
  );
}
