// API keys (SPEC §4, D8): list (masked), create (the full key shown once), delete, and the
// Langflow Store key. Keys are stored as SHA-256; only their first characters are kept for display.
import { randomUUID } from 'node:crypto';
import { API_KEY_DISPLAY_CHARS, generateApiKey } from '../../auth/api-key.js';
import {
  type ApiKeyRow,
  deleteApiKey as deleteApiKeyRow,
  insertApiKey,
  listApiKeys as listApiKeyRows,
  saveStoreApiKey as saveStoreApiKeyRow,
} from '../../storage/repositories/api-keys.js';
import type { PendingUse } from './api-key-usage.js';
import { recordAudit } from '../audit/audit.js';
import { type AppDeps, nowIso } from '../deps.js';
import { BadRequestError } from '../errors.js';

export const ApiKeyMessages = {
  notFound: 'API Key not found',
  deleted: 'API Key deleted',
  storeSaved: 'API Key saved',
} as const;

/** Length of the keys Flowgate issues (`sk-` + 43); the mask pads the prefix to it, as Langflow does. */
const ISSUED_KEY_LENGTH = 46;

export interface ApiKeyView {
  id: string;
  name: string | null;
  api_key: string;
  created_at: string;
  last_used_at: string | null;
  total_uses: number;
  is_active: boolean;
  user_id: string;
}

/** Langflow masks as `key[:8] + '*' * (len(key) - 8)`; only the prefix is stored, so the padding assumes an issued key's length. */
export function maskedKey(prefix: string): string {
  return prefix.slice(0, API_KEY_DISPLAY_CHARS) + '*'.repeat(ISSUED_KEY_LENGTH - API_KEY_DISPLAY_CHARS);
}

function toView(row: ApiKeyRow, apiKey: string, pending?: PendingUse): ApiKeyView {
  // Uses counted on this instance and not yet written are part of the answer.
  const lastUsedAt = pending && (!row.last_used_at || pending.lastUsedAt > row.last_used_at) ? pending.lastUsedAt : row.last_used_at;
  return {
    id: row.id,
    name: row.name,
    api_key: apiKey,
    created_at: row.created_at,
    last_used_at: lastUsedAt,
    total_uses: Number(row.total_uses) + (pending?.count ?? 0),
    is_active: Boolean(row.is_active),
    user_id: row.user_id,
  };
}

export async function listApiKeys(deps: AppDeps, userId: string): Promise<{ total_count: number; user_id: string; api_keys: ApiKeyView[] }> {
  const usage = deps.apiKeyUsage;
  const api_keys = await usage.whileSettled(async () => {
    const rows = await listApiKeyRows(deps.storage.db, userId);
    return rows.map((row) => toView(row, maskedKey(row.key_prefix), usage.pending(row.id)));
  });
  return { total_count: api_keys.length, user_id: userId, api_keys };
}

/** Where a key change came from, for the audit trail. */
export interface ApiKeyContext {
  ip: string | null;
  via: 'api' | 'cli';
}

/** The only moment the full key exists outside its owner's hands: it is returned, never stored. */
export async function createApiKey(deps: AppDeps, userId: string, name: string | null, context: ApiKeyContext): Promise<ApiKeyView> {
  const { key, hash, prefix } = generateApiKey();
  const row: ApiKeyRow = {
    id: randomUUID(),
    name,
    api_key: hash,
    key_prefix: prefix,
    created_at: nowIso(deps),
    last_used_at: null,
    total_uses: 0,
    is_active: true,
    user_id: userId,
  };
  await insertApiKey(deps.storage.db, row);
  await recordAudit(deps, { event: 'api_key_created', actorId: userId, targetId: userId, ip: context.ip, detail: { api_key_id: row.id, via: context.via } });
  return toView(row, key);
}

/** Another user's key and an unknown key get the same answer (no existence leak). */
export async function deleteApiKey(deps: AppDeps, userId: string, apiKeyId: string, context: ApiKeyContext): Promise<void> {
  const id = apiKeyId.toLowerCase();
  const deleted = await deleteApiKeyRow(deps.storage.db, userId, id);
  if (!deleted) throw new BadRequestError(ApiKeyMessages.notFound);
  await recordAudit(deps, { event: 'api_key_deleted', actorId: userId, targetId: userId, ip: context.ip, detail: { api_key_id: id, via: context.via } });
}

/** The Langflow Store key is a credential: encrypted at rest with the secret key, never shown again. */
export async function saveStoreApiKey(deps: AppDeps, userId: string, apiKey: string): Promise<void> {
  await saveStoreApiKeyRow(deps.storage.db, userId, deps.keys.fernet.encrypt(apiKey));
}
