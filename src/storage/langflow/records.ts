// Langflow's rows, normalised: ids as canonical dashed UUIDs (Langflow stores uuid.hex, 32
// characters, on SQLite), booleans as booleans, timestamps as ISO-8601 UTC, JSON as text.
import { quoteIdent, type LangflowSource, type SourceRow } from './source.js';

export interface LfUser {
  id: string;
  username: string;
  password: string;
  profileImage: string | null;
  isActive: boolean;
  isSuperuser: boolean;
  createAt: string | null;
  updatedAt: string | null;
  lastLoginAt: string | null;
  storeApiKey: string | null;
  optins: string | null;
}

export interface LfFolder {
  id: string;
  name: string;
  description: string | null;
  parentId: string | null;
  userId: string | null;
  authSettings: string | null;
}

/** A flow without its data: enough to decide what happens to it. */
export interface LfFlowHead {
  id: string;
  name: string;
  userId: string | null;
  folderId: string | null;
  endpointName: string | null;
}

export interface LfFlow extends LfFlowHead {
  description: string | null;
  icon: string | null;
  iconBgColor: string | null;
  gradient: string | null;
  data: string | null;
  isComponent: boolean;
  updatedAt: string | null;
  webhook: boolean;
  tags: string | null;
  locked: boolean;
  mcpEnabled: boolean;
  actionName: string | null;
  actionDescription: string | null;
  accessType: string;
  fsPath: string | null;
}

export interface LfApiKey {
  id: string;
  name: string | null;
  apiKey: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  totalUses: number;
  isActive: boolean;
  userId: string;
}

export interface LfVariable {
  id: string;
  name: string;
  value: string;
  type: string | null;
  defaultFields: string | null;
  userId: string;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface LfMessage {
  id: string;
  flowId: string | null;
  timestamp: string | null;
  sender: string;
  senderName: string;
  sessionId: string;
  text: string | null;
  files: string | null;
  error: boolean;
  edit: boolean;
  properties: string | null;
  category: string | null;
  contentBlocks: string | null;
  contextId: string | null;
}

export function canonicalId(value: unknown): string {
  const text = String(value).toLowerCase();
  if (/^[0-9a-f]{32}$/.test(text)) {
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
  return text;
}

function optionalId(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : canonicalId(value);
}

function bool(value: unknown, fallback = false): boolean {
  if (value === null || value === undefined) return fallback;
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

/** Langflow writes naive UTC timestamps ("2026-10-18 02:15:03.039312"). */
export function isoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  const text = String(value).trim().replace(' ', 'T');
  const time = text.slice(text.indexOf('T') + 1);
  // PostgreSQL writes offsets as `+00`; JavaScript wants `+00:00`.
  const withZone = /Z$/.test(time) ? text : /[+-]\d\d$/.test(time) ? `${text}:00` : /[+-]\d\d:?\d\d$/.test(time) ? text : `${text}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Reads only the columns this Langflow version has; the missing ones come back undefined. */
async function selectExisting(source: LangflowSource, table: string, wanted: string[], tail = '', params: unknown[] = []): Promise<SourceRow[]> {
  const have = await source.columns(table);
  const columns = wanted.filter((c) => have.has(c)).map(quoteIdent);
  return source.query(`select ${columns.join(', ')} from ${quoteIdent(table)} ${tail}`, params);
}

export async function readUsers(source: LangflowSource): Promise<LfUser[]> {
  const rows = await selectExisting(
    source,
    'user',
    ['id', 'username', 'password', 'profile_image', 'is_active', 'is_superuser', 'create_at', 'updated_at', 'last_login_at', 'store_api_key', 'optins'],
    'order by create_at, id',
  );
  return rows.map((r) => ({
    id: canonicalId(r.id),
    username: String(r.username),
    password: String(r.password ?? ''),
    profileImage: text(r.profile_image),
    isActive: bool(r.is_active),
    isSuperuser: bool(r.is_superuser),
    createAt: isoTimestamp(r.create_at),
    updatedAt: isoTimestamp(r.updated_at),
    lastLoginAt: isoTimestamp(r.last_login_at),
    storeApiKey: text(r.store_api_key) || null,
    optins: jsonText(r.optins),
  }));
}

export async function readFolders(source: LangflowSource): Promise<LfFolder[]> {
  const rows = await selectExisting(source, 'folder', ['id', 'name', 'description', 'parent_id', 'user_id', 'auth_settings'], 'order by id');
  return rows.map((r) => ({
    id: canonicalId(r.id),
    name: String(r.name),
    description: text(r.description),
    parentId: optionalId(r.parent_id),
    userId: optionalId(r.user_id),
    authSettings: jsonText(r.auth_settings),
  }));
}

export async function readFlowHeads(source: LangflowSource): Promise<LfFlowHead[]> {
  const rows = await selectExisting(source, 'flow', ['id', 'name', 'user_id', 'folder_id', 'endpoint_name'], 'order by id');
  return rows.map((r) => ({
    id: canonicalId(r.id),
    name: String(r.name),
    userId: optionalId(r.user_id),
    folderId: optionalId(r.folder_id),
    endpointName: text(r.endpoint_name) || null,
  }));
}

const FLOW_COLUMNS = [
  'id', 'name', 'user_id', 'folder_id', 'endpoint_name', 'description', 'icon', 'icon_bg_color', 'gradient', 'data',
  'is_component', 'updated_at', 'webhook', 'tags', 'locked', 'mcp_enabled', 'action_name', 'action_description',
  'access_type', 'fs_path',
];

/** Flows with their data, `limit` at a time in the source's id order (keyset paging). */
export async function readFlowPage(source: LangflowSource, after: unknown, limit: number): Promise<{ flows: LfFlow[]; last: unknown }> {
  const rows = await selectExisting(
    source,
    'flow',
    FLOW_COLUMNS,
    after === undefined ? 'order by id limit ?' : 'where id > ? order by id limit ?',
    after === undefined ? [limit] : [after, limit],
  );
  const flows = rows.map((r) => ({
    id: canonicalId(r.id),
    name: String(r.name),
    userId: optionalId(r.user_id),
    folderId: optionalId(r.folder_id),
    endpointName: text(r.endpoint_name) || null,
    description: text(r.description),
    icon: text(r.icon),
    iconBgColor: text(r.icon_bg_color),
    gradient: text(r.gradient),
    data: jsonText(r.data),
    isComponent: bool(r.is_component),
    updatedAt: isoTimestamp(r.updated_at),
    webhook: bool(r.webhook),
    tags: jsonText(r.tags),
    locked: bool(r.locked),
    mcpEnabled: bool(r.mcp_enabled),
    actionName: text(r.action_name),
    actionDescription: text(r.action_description),
    accessType: text(r.access_type) ?? 'PRIVATE',
    fsPath: text(r.fs_path),
  }));
  return { flows, last: rows.length ? rows[rows.length - 1]!.id : after };
}

export async function readApiKeys(source: LangflowSource): Promise<LfApiKey[]> {
  const rows = await selectExisting(
    source,
    'apikey',
    ['id', 'name', 'api_key', 'created_at', 'last_used_at', 'total_uses', 'is_active', 'user_id'],
    'order by created_at, id',
  );
  return rows.map((r) => ({
    id: canonicalId(r.id),
    name: text(r.name),
    apiKey: String(r.api_key ?? ''),
    createdAt: isoTimestamp(r.created_at),
    lastUsedAt: isoTimestamp(r.last_used_at),
    totalUses: Number(r.total_uses ?? 0),
    isActive: bool(r.is_active, true),
    userId: canonicalId(r.user_id),
  }));
}

export async function readVariables(source: LangflowSource): Promise<LfVariable[]> {
  const rows = await selectExisting(
    source,
    'variable',
    ['id', 'name', 'value', 'type', 'default_fields', 'user_id', 'created_at', 'updated_at'],
    'order by created_at, id',
  );
  return rows.map((r) => ({
    id: canonicalId(r.id),
    name: String(r.name),
    value: String(r.value ?? ''),
    type: text(r.type),
    defaultFields: jsonText(r.default_fields),
    userId: canonicalId(r.user_id),
    createdAt: isoTimestamp(r.created_at),
    updatedAt: isoTimestamp(r.updated_at),
  }));
}

export async function countRows(source: LangflowSource, table: string): Promise<number> {
  const tables = await source.tables();
  if (!tables.has(table)) return 0;
  const rows = await source.query(`select count(*) as n from ${quoteIdent(table)}`);
  return Number(rows[0]?.n ?? 0);
}

/** Message ids and flows, `limit` at a time (keyset paging), for the plan. */
export async function readMessageHeads(source: LangflowSource, after: unknown, limit: number): Promise<{ heads: { id: string; flowId: string | null }[]; last: unknown }> {
  const rows = await source.query(
    `select id, flow_id from ${quoteIdent('message')} ${after === undefined ? 'order by id limit ?' : 'where id > ? order by id limit ?'}`,
    after === undefined ? [limit] : [after, limit],
  );
  return { heads: rows.map((r) => ({ id: canonicalId(r.id), flowId: optionalId(r.flow_id) })), last: rows.length ? rows[rows.length - 1]!.id : after };
}

export async function readMessagePage(source: LangflowSource, after: unknown, limit: number): Promise<{ messages: LfMessage[]; last: unknown }> {
  const rows = await selectExisting(
    source,
    'message',
    ['id', 'flow_id', 'timestamp', 'sender', 'sender_name', 'session_id', 'text', 'files', 'error', 'edit', 'properties', 'category', 'content_blocks', 'context_id'],
    after === undefined ? 'order by id limit ?' : 'where id > ? order by id limit ?',
    after === undefined ? [limit] : [after, limit],
  );
  const messages = rows.map((r) => ({
    id: canonicalId(r.id),
    flowId: optionalId(r.flow_id),
    timestamp: isoTimestamp(r.timestamp),
    sender: String(r.sender ?? ''),
    senderName: String(r.sender_name ?? ''),
    sessionId: String(r.session_id ?? ''),
    text: text(r.text),
    files: jsonText(r.files),
    error: bool(r.error),
    edit: bool(r.edit),
    properties: jsonText(r.properties),
    category: text(r.category),
    contentBlocks: jsonText(r.content_blocks),
    contextId: text(r.context_id),
  }));
  return { messages, last: rows.length ? rows[rows.length - 1]!.id : after };
}

/** The tables an import needs; a file without them is not a Langflow database. */
export const REQUIRED_TABLES = ['user', 'folder', 'flow', 'apikey', 'variable'];
