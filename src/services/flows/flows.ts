// Flows (SPEC §4, D18, D22): create with Langflow's renaming on a clash, read, list, update with
// an optimistic-concurrency check, delete. Every lookup is scoped to the caller: another user's
// flow is answered exactly like a flow that does not exist.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, FlowTable } from '../../storage/schema.js';
import {
  deleteFlow as deleteFlowRow,
  deleteFlows as deleteFlowRows,
  endpointNamesLike,
  findFlow,
  findPublicFlow,
  flowNamesLike,
  type FlowRecord,
  type FlowRow,
  insertFlow,
  toFlowRecord,
  updateFlow as updateFlowRow,
} from '../../storage/repositories/flows.js';
import { findFolder } from '../../storage/repositories/folders.js';
import { isUniqueViolation } from '../../storage/repositories/users.js';
import { type AppDeps, nowIso } from '../deps.js';
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { destinationFolder, FOLDER_NOT_FOUND } from './flow-folders.js';
import { type FlowInput, hasWebhookComponent } from './flow-input.js';
import { assertStorableFlowSize } from './flow-size.js';
import { assertFlowQuota } from '../files/quotas.js';
import { nextNumberedEndpoint, nextNumberedName } from './unique-names.js';

export const FlowMessages = {
  notFound: 'Flow not found',
  changed: 'Flow was changed since you loaded it',
  nameTaken: 'Name must be unique',
  endpointTaken: 'Endpoint name must be unique',
  deleted: 'Flow deleted successfully',
} as const;

const MAX_ATTEMPTS = 5;

export async function getFlow(deps: AppDeps, userId: string, flowId: string): Promise<FlowRecord> {
  const flow = await findFlow(deps.storage.db, userId, flowId);
  if (!flow) throw new NotFoundError(FlowMessages.notFound);
  return flow;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

async function newFlowRow(
  deps: AppDeps,
  db: Kysely<Database>,
  userId: string,
  input: FlowInput,
  folderMode: 'strict' | 'fallback',
  index: number,
): Promise<Insertable<FlowTable>> {
  if (input.name === undefined) {
    throw new ValidationError([{ type: 'missing', loc: index < 0 ? ['body', 'name'] : ['body', 'flows', index, 'name'], msg: 'Field required', input: null }]);
  }
  assertStorableFlowSize(deps.config, input.data, index < 0 ? ['body', 'data'] : ['body', 'flows', index, 'data']);
  const folderId = await destinationFolder(deps, db, userId, input.folder_id, folderMode);
  const name = nextNumberedName(input.name, await flowNamesLike(db, userId, input.name));
  const endpoint = input.endpoint_name
    ? nextNumberedEndpoint(input.endpoint_name, await endpointNamesLike(db, userId, input.endpoint_name))
    : null;
  const data = input.data ?? null;
  return {
    id: randomUUID(),
    name,
    description: input.description ?? null,
    icon: input.icon ?? null,
    icon_bg_color: input.icon_bg_color ?? null,
    gradient: input.gradient ?? null,
    data: jsonOrNull(data),
    is_component: input.is_component ?? false,
    updated_at: nowIso(deps),
    webhook: Boolean(input.webhook) || hasWebhookComponent(data),
    endpoint_name: endpoint,
    tags: JSON.stringify(input.tags ?? []),
    locked: input.locked ?? false,
    mcp_enabled: input.mcp_enabled ?? false,
    action_name: input.action_name || null,
    action_description: input.action_description || null,
    access_type: input.access_type ?? 'PRIVATE',
    user_id: userId,
    folder_id: folderId,
    extra: Object.keys(input.extra).length > 0 ? JSON.stringify(input.extra) : null,
    version: 1,
  };
}

/**
 * Creates the flows in one transaction: all or none. A name or endpoint name already taken gets
 * Langflow's number; a concurrent request taking the same name makes the unique index refuse
 * the insert, and the whole batch is renamed and tried again.
 */
export async function createFlows(
  deps: AppDeps,
  userId: string,
  inputs: FlowInput[],
  folderMode: 'strict' | 'fallback',
  single = false,
): Promise<FlowRecord[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.storage.db.transaction().execute(async (trx) => {
        const addedBytes = inputs.reduce((sum, input) => sum + (jsonOrNull(input.data)?.length ?? 0), 0);
        await assertFlowQuota(deps.config, trx, userId, { added: inputs.length, addedBytes });
        const created: FlowRecord[] = [];
        for (const [index, input] of inputs.entries()) {
          // One at a time: the next row's numbered name sees the rows inserted before it.
          const row = await newFlowRow(deps, trx, userId, input, folderMode, single ? -1 : index);
          await insertFlow(trx, row);
          created.push(toFlowRecord(row as FlowRow));
        }
        return created;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw uniqueViolationError(error);
    }
  }
}

export async function createFlow(deps: AppDeps, userId: string, input: FlowInput): Promise<FlowRecord> {
  const [flow] = await createFlows(deps, userId, [input], 'strict', true);
  return flow;
}

function uniqueViolationError(error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  const text = `${(error as Error).message} ${(error as { constraint?: string }).constraint ?? ''}`;
  return new BadRequestError(text.includes('endpoint_name') ? FlowMessages.endpointTaken : FlowMessages.nameTaken);
}

/** The changes a PATCH makes. As Langflow: null means "leave it", except for endpoint_name. */
async function changesFor(deps: AppDeps, userId: string, current: FlowRecord, input: FlowInput): Promise<Updateable<FlowTable>> {
  const changes: Updateable<FlowTable> = { updated_at: nowIso(deps) };
  if (input.name !== undefined) changes.name = input.name;
  for (const key of ['description', 'icon', 'icon_bg_color', 'gradient'] as const) {
    if (input[key] !== undefined && input[key] !== null) changes[key] = input[key];
  }
  if (input.data !== undefined && input.data !== null) {
    assertStorableFlowSize(deps.config, input.data, ['body', 'data']);
    changes.data = JSON.stringify(input.data);
    changes.webhook = hasWebhookComponent(input.data);
  }
  for (const key of ['is_component', 'locked', 'mcp_enabled'] as const) {
    if (input[key] !== undefined) changes[key] = input[key];
  }
  if (input.endpoint_name !== undefined) changes.endpoint_name = input.endpoint_name;
  for (const key of ['action_name', 'action_description'] as const) {
    if (input[key] !== undefined && input[key] !== null) changes[key] = input[key] || null;
  }
  if (input.tags !== undefined) changes.tags = JSON.stringify(input.tags);
  if (input.access_type !== undefined) changes.access_type = input.access_type;
  if (input.folder_id && input.folder_id !== current.folderId) {
    // Moving a flow into another user's project is refused like an unknown project.
    if (!(await findFolder(deps.storage.db, userId, input.folder_id))) throw new BadRequestError(FOLDER_NOT_FOUND);
    changes.folder_id = input.folder_id;
  }
  if (Object.keys(input.extra).length > 0) changes.extra = JSON.stringify({ ...current.extra, ...input.extra });
  return changes;
}

/**
 * D22: with `expectedVersion` (from If-Match) the compare and the write are one UPDATE, so of
 * two saves from the same version exactly one wins and the other gets 409 and changes nothing.
 * Without it the last write wins.
 */
export async function updateFlow(
  deps: AppDeps,
  userId: string,
  flowId: string,
  input: FlowInput,
  expectedVersion?: number,
): Promise<FlowRecord> {
  const current = await getFlow(deps, userId, flowId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw new ConflictError(FlowMessages.changed);
  const changes = await changesFor(deps, userId, current, input);
  if (typeof changes.data === 'string') {
    const removedBytes = current.data ? JSON.stringify(current.data).length : 0;
    await assertFlowQuota(deps.config, deps.storage.db, userId, { added: 0, addedBytes: changes.data.length, removedBytes });
  }
  let updated: FlowRecord | undefined;
  try {
    updated = await updateFlowRow(deps.storage.db, userId, current.id, changes, expectedVersion);
  } catch (error) {
    throw uniqueViolationError(error);
  }
  if (!updated) {
    await getFlow(deps, userId, current.id); // deleted meanwhile → 404
    throw new ConflictError(FlowMessages.changed);
  }
  return updated;
}

export async function deleteFlow(deps: AppDeps, userId: string, flowId: string): Promise<void> {
  if (!(await deleteFlowRow(deps.storage.db, userId, flowId))) throw new NotFoundError(FlowMessages.notFound);
}

/** Only the caller's flows among `ids` go; the others are ignored, as if they did not exist. */
export async function deleteFlows(deps: AppDeps, userId: string, ids: string[]): Promise<number> {
  return deleteFlowRows(deps.storage.db, userId, ids);
}

/** The public-flow read: only a flow its owner made PUBLIC; anything else is `Flow not found`. */
export async function getPublicFlow(deps: AppDeps, flowId: string): Promise<FlowRecord> {
  const flow = await findPublicFlow(deps.storage.db, flowId);
  if (!flow) throw new NotFoundError(FlowMessages.notFound);
  return flow;
}
