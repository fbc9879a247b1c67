// The `flow` table. Rows become FlowRecord here (booleans and JSON uniform). Every lookup of a
// user's flow is scoped by the owner: there is no "find by id" that ignores the owner (D18).
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, FlowTable } from '../schema.js';
import { executeCompiledOnce } from '../compiled-once.js';

export type FlowRow = Selectable<FlowTable>;

export interface FlowRecord {
  id: string;
  name: string;
  description: string | null;
  icon: string | null;
  iconBgColor: string | null;
  gradient: string | null;
  data: Record<string, unknown> | null;
  isComponent: boolean;
  updatedAt: string;
  webhook: boolean;
  endpointName: string | null;
  tags: string[];
  locked: boolean;
  mcpEnabled: boolean;
  /** MCP tool name and description (Langflow's action_name, action_description). */
  actionName: string | null;
  actionDescription: string | null;
  accessType: string;
  userId: string;
  folderId: string | null;
  /** Langflow fields Flowgate does not use, kept as received. */
  extra: Record<string, unknown>;
  version: number;
  /** Read without its graph (findFlowForRun): `data` is null here, whatever is stored. */
  dataOmitted?: true;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

function parseJson(text: string | null): unknown {
  if (text === null || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function toFlowRecord(row: FlowRow): FlowRecord {
  const tags = parseJson(row.tags);
  // The graph is parsed when first read: a run of an unchanged flow never reads it (its plan is
  // cached by version, services/flows/flow-plans.ts), and parsing it is most of a lookup's cost.
  let data: Record<string, unknown> | null | undefined;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    icon: row.icon,
    iconBgColor: row.icon_bg_color,
    gradient: row.gradient,
    get data() {
      if (data === undefined) data = asObject(parseJson(row.data));
      return data;
    },
    set data(value) {
      data = value;
    },
    isComponent: Boolean(row.is_component),
    updatedAt: row.updated_at,
    webhook: Boolean(row.webhook),
    endpointName: row.endpoint_name,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    locked: Boolean(row.locked),
    mcpEnabled: Boolean(row.mcp_enabled),
    actionName: row.action_name ?? null,
    actionDescription: row.action_description ?? null,
    accessType: row.access_type,
    userId: row.user_id,
    folderId: row.folder_id,
    extra: asObject(parseJson(row.extra)) ?? {},
    version: Number(row.version),
  };
}

export async function findFlow(db: Kysely<Database>, userId: string, id: string): Promise<FlowRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('flow')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
  return row && toFlowRecord(row);
}

// Every column but the graph: a run whose plan is cached by version never reads it (10 KB and more).
const COLUMNS_BUT_DATA = [
  'id', 'name', 'description', 'icon', 'icon_bg_color', 'gradient', 'is_component', 'updated_at', 'webhook', 'endpoint_name',
  'tags', 'locked', 'mcp_enabled', 'action_name', 'action_description', 'access_type', 'user_id', 'folder_id', 'extra', 'version',
] as const;

/**
 * As findFlowByIdOrEndpointName, without the graph (`dataOmitted`): for a run, which needs the
 * graph only when its plan for this version is not cached (services/flows/flow-plans.ts).
 */
export async function findFlowForRun(db: Kysely<Database>, userId: string, idOrName: string): Promise<FlowRecord | undefined> {
  // Every run does this lookup: its SQL is compiled once (compiled-once.ts).
  const byId = isUuid(idOrName);
  const column = byId ? 'id' : 'endpoint_name';
  const { rows } = await executeCompiledOnce<Omit<FlowRow, 'data'>>(
    db,
    `flow for run by ${column}`,
    () => db.selectFrom('flow').select(COLUMNS_BUT_DATA).where('user_id', '=', '').where(column, '=', '').limit(1),
    [userId, byId ? idOrName.toLowerCase() : idOrName, 1],
  );
  const row = rows[0];
  if (!row) return undefined;
  const record = toFlowRecord({ ...row, data: null });
  record.dataOmitted = true;
  return record;
}

/** A UUID names the flow's id; anything else its endpoint name. Only the caller's flows (D18). */
export async function findFlowByIdOrEndpointName(
  db: Kysely<Database>,
  userId: string,
  idOrName: string,
): Promise<FlowRecord | undefined> {
  if (isUuid(idOrName)) return findFlow(db, userId, idOrName);
  const row = await db
    .selectFrom('flow')
    .selectAll()
    .where('user_id', '=', userId)
    .where('endpoint_name', '=', idOrName)
    .executeTakeFirst();
  return row && toFlowRecord(row);
}

/** For the public-flow route: only flows their owner made PUBLIC. */
export async function findPublicFlow(db: Kysely<Database>, id: string): Promise<FlowRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('flow')
    .selectAll()
    .where('id', '=', id.toLowerCase())
    .where('access_type', '=', 'PUBLIC')
    .executeTakeFirst();
  return row && toFlowRecord(row);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface ListFlowsFilter {
  folderId?: string;
  /** true: components only; false: flows only; undefined: both. */
  isComponent?: boolean;
  /** Case-insensitive substring of the name; LIKE wildcards in it are literal. */
  search?: string;
}

function filtered(db: Kysely<Database>, userId: string, filter: ListFlowsFilter) {
  let query = db.selectFrom('flow').where('user_id', '=', userId);
  if (filter.folderId !== undefined) query = query.where('folder_id', '=', filter.folderId);
  if (filter.isComponent !== undefined) query = query.where('is_component', '=', filter.isComponent);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    query = query.where(sql<boolean>`lower(name) like lower(${pattern}) escape '\\'`);
  }
  return query;
}

/** The user's flows, newest first; `page` limits the rows (offset/limit). */
export async function listFlows(
  db: Kysely<Database>,
  userId: string,
  filter: ListFlowsFilter = {},
  page?: { offset: number; limit: number },
): Promise<FlowRecord[]> {
  let query = filtered(db, userId, filter).selectAll().orderBy('updated_at', 'desc').orderBy('id');
  if (page) query = query.offset(page.offset).limit(page.limit);
  const rows = await query.execute();
  return rows.map(toFlowRecord);
}

export async function countFlows(db: Kysely<Database>, userId: string, filter: ListFlowsFilter = {}): Promise<number> {
  const row = await filtered(db, userId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many flows the user has and the length of their `data` JSON, in characters (quotas). */
export async function flowUsage(db: Kysely<Database>, userId: string): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('flow')
    .where('user_id', '=', userId)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(sql<number>`coalesce(length(data), 0)`).as('bytes')])
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), bytes: Number(row.bytes ?? 0) };
}

/**
 * The flows an MCP server offers as tools: the user's flows (not components), optionally one
 * project's `mcp_enabled` ones. Ordered by creation-stable keys so numbered names stay put.
 */
export async function listMcpFlows(
  db: Kysely<Database>,
  userId: string,
  scope: { folderId?: string; mcpEnabledOnly?: boolean } = {},
): Promise<FlowRecord[]> {
  let query = db.selectFrom('flow').selectAll().where('user_id', '=', userId).where('is_component', '=', false);
  if (scope.folderId !== undefined) query = query.where('folder_id', '=', scope.folderId);
  if (scope.mcpEnabledOnly) query = query.where('mcp_enabled', '=', true);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toFlowRecord);
}

export interface McpFlowSettings {
  mcp_enabled?: boolean;
  action_name?: string | null;
  action_description?: string | null;
}

/** Changes a flow's MCP settings, only when the flow is the user's and in `folderId`. */
export async function updateMcpFlowSettings(
  db: Kysely<Database>,
  userId: string,
  folderId: string,
  id: string,
  changes: McpFlowSettings,
): Promise<boolean> {
  if (!isUuid(id) || Object.keys(changes).length === 0) return false;
  const result = await db
    .updateTable('flow')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id.toLowerCase())
    .where('user_id', '=', userId)
    .where('folder_id', '=', folderId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listFlowsByIds(db: Kysely<Database>, userId: string, ids: string[]): Promise<FlowRecord[]> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  if (wanted.length === 0) return [];
  const rows = await db.selectFrom('flow').selectAll().where('user_id', '=', userId).where('id', 'in', wanted).execute();
  return rows.map(toFlowRecord);
}

/** Names of the user's flows that start with `base` (for numbering clashes). */
export async function flowNamesLike(db: Kysely<Database>, userId: string, base: string): Promise<string[]> {
  const rows = await db
    .selectFrom('flow')
    .select('name')
    .where('user_id', '=', userId)
    .where(sql<boolean>`name like ${`${escapeLike(base)}%`} escape '\\'`)
    .execute();
  return rows.map((r) => r.name);
}

/** Endpoint names of the user's flows that start with `base`. */
export async function endpointNamesLike(db: Kysely<Database>, userId: string, base: string): Promise<string[]> {
  const rows = await db
    .selectFrom('flow')
    .select('endpoint_name')
    .where('user_id', '=', userId)
    .where(sql<boolean>`endpoint_name like ${`${escapeLike(base)}%`} escape '\\'`)
    .execute();
  return rows.map((r) => r.endpoint_name as string);
}

export async function insertFlow(db: Kysely<Database>, row: Insertable<FlowTable>): Promise<void> {
  await db.insertInto('flow').values(row).execute();
}

/**
 * Updates the caller's flow and bumps its version. With `expectedVersion` the compare and the
 * update are one statement, so of two concurrent saves from the same version exactly one wins
 * (D22); without it the last write wins. Returns the row as written, or undefined.
 */
export async function updateFlow(
  db: Kysely<Database>,
  userId: string,
  id: string,
  changes: Updateable<FlowTable>,
  expectedVersion?: number,
): Promise<FlowRecord | undefined> {
  let query = db
    .updateTable('flow')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id)
    .where('user_id', '=', userId);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const row = await query.returningAll().executeTakeFirst();
  return row && toFlowRecord(row);
}

export async function deleteFlow(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db.deleteFrom('flow').where('id', '=', id.toLowerCase()).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Deletes only the caller's rows among `ids`; returns how many went. */
export async function deleteFlows(db: Kysely<Database>, userId: string, ids: string[]): Promise<number> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  if (wanted.length === 0) return 0;
  const result = await db.deleteFrom('flow').where('user_id', '=', userId).where('id', 'in', wanted).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteFlowsInFolder(db: Kysely<Database>, userId: string, folderId: string): Promise<number> {
  const result = await db.deleteFrom('flow').where('user_id', '=', userId).where('folder_id', '=', folderId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function moveFlowsToFolder(db: Kysely<Database>, userId: string, ids: string[], folderId: string): Promise<void> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  if (wanted.length === 0) return;
  await db
    .updateTable('flow')
    .set({ folder_id: folderId, version: sql`version + 1` })
    .where('user_id', '=', userId)
    .where('id', 'in', wanted)
    .execute();
}
