// Reads a Langflow flow object sent by a client (create, PATCH, batch, upload): the fields
// Flowgate stores in columns, and everything else kept as received in `extra`. Fields that
// name the row itself (id, owner, version) are never taken from the client.
import { ValidationError, AppError } from '../errors.js';

export interface FlowInput {
  name?: string;
  description?: string | null;
  icon?: string | null;
  icon_bg_color?: string | null;
  gradient?: string | null;
  data?: Record<string, unknown> | null;
  is_component?: boolean;
  webhook?: boolean;
  /** null or '' clears it. */
  endpoint_name?: string | null;
  tags?: string[];
  locked?: boolean;
  mcp_enabled?: boolean;
  /** MCP tool name and description (columns since 0004_mcp). */
  action_name?: string | null;
  action_description?: string | null;
  access_type?: 'PRIVATE' | 'PUBLIC';
  folder_id?: string | null;
  /** Langflow fields Flowgate does not use, kept and given back. */
  extra: Record<string, unknown>;
}

export const KNOWN_FIELDS = new Set([
  'name',
  'description',
  'icon',
  'icon_bg_color',
  'gradient',
  'data',
  'is_component',
  'webhook',
  'endpoint_name',
  'tags',
  'locked',
  'mcp_enabled',
  'action_name',
  'action_description',
  'access_type',
  'folder_id',
]);

// Decided by the server, whatever the client sends.
const SERVER_FIELDS = new Set(['id', 'user_id', 'updated_at', 'version', 'extra', 'created_at', '__proto__', 'constructor', 'prototype']);
const MAX_EXTRA_FIELDS = 100;

export const ENDPOINT_NAME_RE = /^[a-zA-Z0-9_-]+$/;
export const ENDPOINT_NAME_MESSAGE = 'Endpoint name must contain only letters, numbers, hyphens, and underscores';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Loc = (string | number)[];

function fail(loc: Loc, type: string, msg: string, input: unknown): never {
  throw new ValidationError([{ type, loc, msg, input }]);
}

function optionalString(body: Record<string, unknown>, key: string, loc: Loc): string | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== 'string') fail([...loc, key], 'string_type', 'Input should be a valid string', value);
  return value;
}

function optionalBool(body: Record<string, unknown>, key: string, loc: Loc): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail([...loc, key], 'bool_parsing', 'Input should be a valid boolean', value);
  return value;
}

function readData(value: unknown, loc: Loc): Record<string, unknown> | null | undefined {
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail(loc, 'dict_type', 'Input should be a valid dictionary', value);
  const data = value as Record<string, unknown>;
  // Langflow's validator: a non-empty graph needs nodes and edges.
  if (Object.keys(data).length > 0) {
    if (!('nodes' in data)) fail(loc, 'value_error', 'Value error, Flow must have nodes', null);
    if (!('edges' in data)) fail(loc, 'value_error', 'Value error, Flow must have edges', null);
    if (!Array.isArray(data.nodes)) fail([...loc, 'nodes'], 'list_type', 'Input should be a valid list', null);
    if (!Array.isArray(data.edges)) fail([...loc, 'edges'], 'list_type', 'Input should be a valid list', null);
  }
  return data;
}

/** `loc` is where the object sits in the request (['body'], ['body', 'flows', 2], ...). */
export function readFlowInput(value: unknown, loc: Loc = ['body']): FlowInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(loc, 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', value);
  }
  const body = value as Record<string, unknown>;
  const input: FlowInput = { extra: {} };
  const name = optionalString(body, 'name', loc);
  if (name !== undefined && name !== null) input.name = name;
  for (const key of ['description', 'icon', 'icon_bg_color', 'gradient', 'action_name', 'action_description'] as const) {
    const v = optionalString(body, key, loc);
    if (v !== undefined) input[key] = v;
  }
  if ((input.action_name?.length ?? 0) > 200) fail([...loc, 'action_name'], 'string_too_long', 'String should have at most 200 characters', input.action_name);
  if ((input.action_description?.length ?? 0) > 10_000) {
    fail([...loc, 'action_description'], 'string_too_long', 'String should have at most 10000 characters', null);
  }
  const data = readData(body.data, [...loc, 'data']);
  if (data !== undefined) input.data = data;
  for (const key of ['is_component', 'webhook', 'locked', 'mcp_enabled'] as const) {
    const v = optionalBool(body, key, loc);
    if (v !== undefined) input[key] = v;
  }
  const endpoint = optionalString(body, 'endpoint_name', loc);
  if (endpoint !== undefined) {
    // Langflow raises this one as a plain 422 detail string.
    if (endpoint && !ENDPOINT_NAME_RE.test(endpoint)) throw new AppError(422, ENDPOINT_NAME_MESSAGE);
    input.endpoint_name = endpoint || null;
  }
  if (body.tags !== undefined && body.tags !== null) {
    if (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string')) {
      fail([...loc, 'tags'], 'list_type', 'Input should be a valid list of strings', body.tags);
    }
    input.tags = body.tags as string[];
  }
  if (body.access_type !== undefined && body.access_type !== null) {
    if (body.access_type !== 'PRIVATE' && body.access_type !== 'PUBLIC') {
      fail([...loc, 'access_type'], 'enum', "Input should be 'PRIVATE' or 'PUBLIC'", body.access_type);
    }
    input.access_type = body.access_type;
  }
  const folderId = optionalString(body, 'folder_id', loc);
  if (folderId !== undefined) {
    if (folderId !== null && !UUID_RE.test(folderId)) fail([...loc, 'folder_id'], 'uuid_parsing', 'Input should be a valid UUID', folderId);
    input.folder_id = folderId === null ? null : folderId.toLowerCase();
  }
  for (const [key, v] of Object.entries(body)) {
    if (KNOWN_FIELDS.has(key) || SERVER_FIELDS.has(key)) continue;
    if (Object.keys(input.extra).length >= MAX_EXTRA_FIELDS) fail(loc, 'value_error', 'Too many fields', null);
    input.extra[key] = v;
  }
  return input;
}


/** Langflow marks a flow as a webhook flow when it holds a Webhook component. */
export function hasWebhookComponent(data: Record<string, unknown> | null | undefined): boolean {
  const nodes = data?.nodes;
  if (!Array.isArray(nodes)) return false;
  return nodes.some((node) => typeof node?.id === 'string' && node.id.includes('Webhook'));
}
