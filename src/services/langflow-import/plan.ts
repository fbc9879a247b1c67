// Decides, before anything is written, what happens to every Langflow record: imported (maybe
// renamed), already there (an earlier import: same id), or skipped and why. Also opens every
// encrypted value with Langflow's key, so a wrong key is found here, not halfway through writing.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { hashApiKey, API_KEY_DISPLAY_CHARS } from '../../auth/api-key.js';
import { NO_PASSWORD, verifyPassword } from '../../auth/password.js';
import type { LfApiKey, LfFlowHead, LfFolder, LfUser, LfVariable } from '../../storage/langflow/records.js';
import type { ApiKeyTable, FolderTable, UserTable, VariableTable } from '../../storage/schema.js';
import { nextNumberedEndpoint, nextNumberedName } from '../flows/unique-names.js';
import { AUTO_LOGIN_USERNAME } from '../auth/auto-login-user.js';
import { usernameKey } from '../../storage/username-key.js';
import { CREDENTIAL_TYPE, GENERIC_TYPE, looksLikeFernetToken } from '../variables/variable-values.js';
import { convertAuthSettings } from './auth-settings.js';
import { ImportError } from './import-errors.js';
import type { LangflowKey } from './langflow-key.js';
import { emptySummary, type ImportSummary, type Tally } from './summary.js';

export type ConflictPolicy = 'skip' | 'rename' | 'fail';

export interface LangflowData {
  users: LfUser[];
  folders: LfFolder[];
  flows: LfFlowHead[];
  apiKeys: LfApiKey[];
  variables: LfVariable[];
}

export interface TargetState {
  users: { id: string; username: string }[];
  folders: { id: string; user_id: string | null; name: string }[];
  flows: { id: string; user_id: string; name: string; endpoint_name: string | null }[];
  apiKeys: { id: string; user_id: string; api_key: string }[];
  variables: { id: string; user_id: string; name: string }[];
}

export interface PlanOptions {
  onConflict: ConflictPolicy;
  /** Username (in Flowgate after the import) that receives flows and projects without an owner. */
  orphansTo?: string;
  /** The `langflow` account keeps its Langflow password (unless it is the default one). D1 otherwise. */
  keepAutoLoginPassword?: boolean;
  /** Langflow's key; undefined when none was given (then nothing encrypted can be imported). */
  langflowKey: LangflowKey | undefined;
  /** Encrypts under Flowgate's key; undefined on a dry run (nothing is written). */
  seal: ((plaintext: string) => string) | undefined;
  now: string;
}

/** Where an imported flow goes: its row is written from the source page by page. */
export interface FlowDecision {
  id: string;
  userId: string;
  folderId: string | null;
  name: string;
  endpointName: string | null;
}

export interface ImportPlan {
  users: Insertable<UserTable>[];
  /** Every Langflow flow that is in Flowgate after the import (imported now or before): its id and owner there. */
  flowTargets: Map<string, { id: string; userId: string }>;
  /** Parents before children. */
  folders: Insertable<FolderTable>[];
  flows: Map<string, FlowDecision>;
  apiKeys: Insertable<ApiKeyTable>[];
  variables: Insertable<VariableTable>[];
  summary: ImportSummary;
}

/** Accounts whose password is checked against the known default, their own name (langflow/langflow, admin/admin). */
const DEFAULT_ACCOUNTS = new Set([AUTO_LOGIN_USERNAME, 'admin']);
const MAX_LISTED = 20;

/** Owner id in Flowgate of each Langflow user: imported or already there; absent = skipped. */
type OwnerMap = Map<string, string>;

interface Owners {
  map: OwnerMap;
  /** Every user id Langflow has: a record pointing elsewhere has no owner. */
  langflowIds: Set<string>;
}

class Undecryptable {
  readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}

export async function buildPlan(data: LangflowData, target: TargetState, options: PlanOptions): Promise<ImportPlan> {
  const summary = emptySummary(options.seal === undefined);
  const undecryptable = new Undecryptable();
  const conflicts: string[] = [];
  const ctx = { options, summary, undecryptable, conflicts };

  const planned = await planUsers(ctx, data.users, target);
  const users = planned.users;
  const owners: Owners = { map: planned.owners, langflowIds: new Set(data.users.map((u) => u.id)) };
  const orphanOwner = resolveOrphansTo(options.orphansTo, users, target);
  const { folderIds, folders, folderOwner } = planFolders(ctx, data.folders, target, owners, orphanOwner);
  const flowTargets = new Map<string, { id: string; userId: string }>();
  const flows = planFlows(ctx, data.flows, target, owners, orphanOwner, folderIds, folderOwner, flowTargets);
  const usernames = new Map(data.users.map((u) => [u.id, u.username]));
  const apiKeys = planApiKeys(ctx, data.apiKeys, target, owners.map, usernames);
  const variables = planVariables(ctx, data.variables, target, owners.map);

  if (undecryptable.total > 0) {
    const what = [...undecryptable.counts].map(([k, n]) => `${n} ${k}`).join(', ');
    throw new ImportError(
      options.langflowKey
        ? `Langflow's secret key does not decrypt ${undecryptable.total} encrypted value(s) (${what}). Nothing was written. ` +
            "Give the key that Langflow used (--langflow-secret-key, or --langflow-config-dir with Langflow's config directory)."
        : `The Langflow database holds ${undecryptable.total} encrypted value(s) (${what}). Nothing was written. ` +
            "Give Langflow's secret key with --langflow-secret-key KEY or --langflow-config-dir DIR.",
    );
  }
  if (conflicts.length > 0) {
    const listed = conflicts.slice(0, MAX_LISTED).map((c) => `  - ${c}`);
    if (conflicts.length > MAX_LISTED) listed.push(`  … and ${conflicts.length - MAX_LISTED} more`);
    throw new ImportError(
      `${conflicts.length} record(s) clash with what Flowgate already holds. Nothing was written.\n${listed.join('\n')}\n` +
        'Run again with --on-conflict skip (leave them out) or --on-conflict rename (import them under a new name).',
    );
  }
  return { users, flowTargets, folders, flows, apiKeys, variables, summary };
}

interface Ctx {
  options: PlanOptions;
  summary: ImportSummary;
  undecryptable: Undecryptable;
  conflicts: string[];
}

/** Applies --on-conflict: the new name (rename), or undefined (skip; fail is collected). */
function onClash(ctx: Ctx, tally: Tally, description: string, rename: () => string): string | undefined {
  if (ctx.options.onConflict === 'fail') {
    ctx.conflicts.push(description);
    return undefined;
  }
  if (ctx.options.onConflict === 'skip') {
    tally.skip('clashes with an existing record (--on-conflict skip)');
    return undefined;
  }
  return rename();
}

function openLangflowValue(ctx: Ctx, token: string, what: string): string | undefined {
  const plaintext = ctx.options.langflowKey?.open(token);
  if (plaintext === undefined) ctx.undecryptable.add(what);
  return plaintext;
}

function normalizedUsername(raw: string): string | undefined {
  const name = raw.normalize('NFC').trim();
  const length = [...name].length;
  if (length === 0 || length > 100 || /\p{C}/u.test(name)) return undefined;
  return name;
}

async function planUsers(ctx: Ctx, users: LfUser[], target: TargetState) {
  const tally = ctx.summary.tallies.users;
  const storeKeys = ctx.summary.tallies.storeKeys;
  const byId = new Map(target.users.map((u) => [u.id, u]));
  const takenNames = new Set(target.users.map((u) => usernameKey(u.username)));
  const owners: OwnerMap = new Map();
  const rows: Insertable<UserTable>[] = [];
  for (const user of users) {
    tally.found++;
    if (user.storeApiKey) storeKeys.found++;
    if (byId.has(user.id)) {
      tally.already++;
      if (user.storeApiKey) storeKeys.already++;
      owners.set(user.id, user.id);
      continue;
    }
    let username = normalizedUsername(user.username);
    if (username === undefined) {
      tally.skip('username Flowgate does not accept (empty, too long or invisible characters)');
      if (user.storeApiKey) storeKeys.skip('owner not imported');
      continue;
    }
    if (takenNames.has(usernameKey(username))) {
      const base = username;
      const renamed = onClash(ctx, tally, `user "${base}": the username is taken (usernames are case-insensitive in Flowgate)`, () => {
        let candidate = `${base}-langflow`;
        for (let n = 2; takenNames.has(usernameKey(candidate)); n++) candidate = `${base}-langflow-${n}`;
        return candidate;
      });
      if (renamed === undefined) {
        if (user.storeApiKey) storeKeys.skip('owner not imported');
        continue;
      }
      tally.renamed++;
      ctx.summary.notes.push(`user "${base}" was imported as "${renamed}" (the name was taken)`);
      username = renamed;
    }
    takenNames.add(usernameKey(username));

    let storeApiKey: string | null = null;
    if (user.storeApiKey) {
      const plaintext = openLangflowValue(ctx, user.storeApiKey, 'Store key(s)');
      if (plaintext !== undefined) storeApiKey = ctx.options.seal?.(plaintext) ?? '';
      storeKeys.imported++;
    }
    const password = await importedPassword(ctx, user, username);
    const now = ctx.options.now;
    rows.push({
      id: user.id,
      username,
      password,
      profile_image: user.profileImage,
      is_active: user.isActive,
      is_superuser: user.isSuperuser,
      create_at: user.createAt ?? now,
      updated_at: user.updatedAt ?? user.createAt ?? now,
      last_login_at: user.lastLoginAt,
      store_api_key: storeApiKey,
      optins: user.optins,
    });
    owners.set(user.id, user.id);
    tally.imported++;
  }
  return { owners, users: rows };
}

/** bcrypt hashes are kept (upgraded to argon2id at the next login); D1 and default passwords are enforced. */
async function importedPassword(ctx: Ctx, user: LfUser, username: string): Promise<string> {
  if (DEFAULT_ACCOUNTS.has(usernameKey(user.username)) && user.password && (await verifyPassword(user.username, user.password)).ok) {
    ctx.summary.flagged.push(username);
    return NO_PASSWORD;
  }
  if (user.username.toLowerCase() === AUTO_LOGIN_USERNAME && !ctx.options.keepAutoLoginPassword) {
    ctx.summary.notes.push(
      `the auto-login account "${username}" was imported without a usable password (SPEC D1); ` +
        'an admin can set one, or import again with --keep-langflow-password',
    );
    return NO_PASSWORD;
  }
  if (!/^\$2[aby]\$\d\d\$/.test(user.password) && !user.password.startsWith('$argon2id$')) {
    ctx.summary.notes.push(`user "${username}" has a password hash Flowgate cannot check; an admin must set a new password`);
    return NO_PASSWORD;
  }
  return user.password;
}

function resolveOrphansTo(name: string | undefined, planned: Insertable<UserTable>[], target: TargetState): string | undefined {
  if (name === undefined) return undefined;
  const lower = name.trim().normalize('NFC').toLowerCase();
  const found = planned.find((u) => u.username.toLowerCase() === lower) ?? target.users.find((u) => u.username.toLowerCase() === lower);
  if (!found) throw new ImportError(`--orphans-to ${name}: no such user in Flowgate or among the imported users. Nothing was written.`);
  return found.id;
}

/** The record's owner in Flowgate, or the reason it has none. */
function ownerOf(userId: string | null, owners: Owners, orphanOwner: string | undefined): { id: string } | { reason: string } {
  if (userId !== null) {
    const id = owners.map.get(userId);
    if (id !== undefined) return { id };
    // A dangling owner (no such Langflow user) counts as no owner.
    if (!owners.langflowIds.has(userId)) return orphanOwner ? { id: orphanOwner } : { reason: 'no owner in Langflow (use --orphans-to USER)' };
    return { reason: 'owner not imported' };
  }
  return orphanOwner ? { id: orphanOwner } : { reason: 'no owner in Langflow (use --orphans-to USER)' };
}

function planFolders(ctx: Ctx, folders: LfFolder[], target: TargetState, owners: Owners, orphanOwner: string | undefined) {
  const tally = ctx.summary.tallies.projects;
  const mcp = ctx.summary.tallies.mcpSettings;
  const byId = new Map(target.folders.map((f) => [f.id, f]));
  const names = groupNames(target.folders.map((f) => [f.user_id ?? '', f.name]));
  const folderIds = new Map<string, string>();
  const folderOwner = new Map<string, string>();
  const rows: Insertable<FolderTable>[] = [];
  for (const folder of parentsFirst(folders)) {
    tally.found++;
    const hasMcp = folder.authSettings !== null && folder.authSettings.trim() !== 'null';
    if (hasMcp) mcp.found++;
    const owner = ownerOf(folder.userId, owners, orphanOwner);
    if ('reason' in owner) {
      tally.skip(owner.reason);
      if (hasMcp) mcp.skip('project not imported');
      continue;
    }
    const existing = byId.get(folder.id);
    let id = folder.id;
    if (existing) {
      if (existing.user_id === owner.id) {
        tally.already++;
        if (hasMcp) mcp.already++;
        folderIds.set(folder.id, folder.id);
        folderOwner.set(folder.id, owner.id);
        continue;
      }
      const fresh = onClash(ctx, tally, `project "${folder.name}": its id ${folder.id} belongs to another account in Flowgate`, () => randomUUID());
      if (fresh === undefined) {
        if (hasMcp) mcp.skip('project not imported');
        continue;
      }
      id = fresh;
    }
    const taken = names.get(owner.id) ?? new Set<string>();
    names.set(owner.id, taken);
    let name = folder.name;
    if (taken.has(name)) {
      const renamed = onClash(ctx, tally, `project "${name}": the owner already has a project of that name`, () => nextNumberedName(name, [...taken]));
      if (renamed === undefined) {
        if (hasMcp) mcp.skip('project not imported');
        continue;
      }
      ctx.summary.notes.push(`project "${name}" was imported as "${renamed}"`);
      name = renamed;
    }
    if (id !== folder.id || name !== folder.name) tally.renamed++;
    taken.add(name);
    const auth = convertAuthSettings(folder.authSettings);
    if (auth.note) ctx.summary.notes.push(`project "${name}": ${auth.note}`);
    if (hasMcp) mcp.imported++;
    const parent = folder.parentId ? folderIds.get(folder.parentId) : undefined;
    rows.push({
      id,
      name,
      description: folder.description,
      parent_id: parent !== undefined && folderOwner.get(folder.parentId!) === owner.id ? parent : null,
      user_id: owner.id,
      auth_settings: auth.value,
    });
    folderIds.set(folder.id, id);
    folderOwner.set(folder.id, owner.id);
    tally.imported++;
  }
  return { folderIds, folders: rows, folderOwner };
}

function planFlows(
  ctx: Ctx,
  flows: LfFlowHead[],
  target: TargetState,
  owners: Owners,
  orphanOwner: string | undefined,
  folderIds: Map<string, string>,
  folderOwner: Map<string, string>,
  flowTargets: Map<string, { id: string; userId: string }>,
): Map<string, FlowDecision> {
  const tally = ctx.summary.tallies.flows;
  const byId = new Map(target.flows.map((f) => [f.id, f]));
  const names = groupNames(target.flows.map((f) => [f.user_id, f.name]));
  const endpoints = groupNames(target.flows.filter((f) => f.endpoint_name).map((f) => [f.user_id, f.endpoint_name!]));
  const decisions = new Map<string, FlowDecision>();
  for (const flow of flows) {
    tally.found++;
    const owner = ownerOf(flow.userId, owners, orphanOwner);
    if ('reason' in owner) {
      tally.skip(owner.reason);
      continue;
    }
    const existing = byId.get(flow.id);
    let id = flow.id;
    if (existing) {
      if (existing.user_id === owner.id) {
        tally.already++;
        flowTargets.set(flow.id, { id: flow.id, userId: owner.id });
        continue;
      }
      const fresh = onClash(ctx, tally, `flow "${flow.name}": its id ${flow.id} belongs to another account in Flowgate`, () => randomUUID());
      if (fresh === undefined) continue;
      ctx.summary.notes.push(`flow "${flow.name}" got the new id ${fresh} (its id was taken)`);
      id = fresh;
    }
    const takenNames = setFor(names, owner.id);
    const takenEndpoints = setFor(endpoints, owner.id);
    let name = flow.name;
    if (takenNames.has(name)) {
      const renamed = onClash(ctx, tally, `flow "${name}": the owner already has a flow of that name`, () => nextNumberedName(name, [...takenNames]));
      if (renamed === undefined) continue;
      ctx.summary.notes.push(`flow "${name}" was imported as "${renamed}"`);
      name = renamed;
    }
    let endpointName = flow.endpointName;
    if (endpointName !== null && takenEndpoints.has(endpointName)) {
      const renamed = onClash(ctx, tally, `flow "${flow.name}": the owner already uses the endpoint name "${endpointName}"`, () =>
        nextNumberedEndpoint(endpointName!, [...takenEndpoints]),
      );
      if (renamed === undefined) continue;
      ctx.summary.notes.push(`flow "${flow.name}": endpoint name "${endpointName}" became "${renamed}"`);
      endpointName = renamed;
    }
    if (id !== flow.id || name !== flow.name || endpointName !== flow.endpointName) tally.renamed++;
    takenNames.add(name);
    if (endpointName !== null) takenEndpoints.add(endpointName);
    const folderId = flow.folderId !== null && folderOwner.get(flow.folderId) === owner.id ? (folderIds.get(flow.folderId) ?? null) : null;
    decisions.set(flow.id, { id, userId: owner.id, folderId, name, endpointName });
    flowTargets.set(flow.id, { id, userId: owner.id });
    tally.imported++;
  }
  return decisions;
}

function planApiKeys(ctx: Ctx, keys: LfApiKey[], target: TargetState, owners: OwnerMap, usernames: Map<string, string>): Insertable<ApiKeyTable>[] {
  const tally = ctx.summary.tallies.apiKeys;
  const byId = new Map(target.apiKeys.map((k) => [k.id, k]));
  const byHash = new Map(target.apiKeys.map((k) => [k.api_key, k]));
  const rows: Insertable<ApiKeyTable>[] = [];
  const notImportable: string[] = [];
  for (const key of keys) {
    tally.found++;
    const owner = owners.get(key.userId);
    if (owner === undefined) {
      tally.skip('owner not imported');
      continue;
    }
    if (byId.has(key.id)) {
      tally.already++;
      continue;
    }
    // Langflow 1.8 stores keys in plaintext; some versions encrypt them with the secret key.
    let plaintext: string | undefined = key.apiKey;
    if (looksLikeFernetToken(key.apiKey)) plaintext = openLangflowValue(ctx, key.apiKey, 'API key(s)');
    else if (!key.apiKey.startsWith('sk-')) plaintext = undefined;
    if (plaintext === undefined) {
      if (!looksLikeFernetToken(key.apiKey)) {
        tally.skip('stored only as a hash, which cannot be turned back into the key');
        notImportable.push(`"${key.name ?? '(no name)'}" of ${usernames.get(key.userId) ?? key.userId}`);
      }
      continue;
    }
    const hash = hashApiKey(plaintext);
    const existing = byHash.get(hash);
    if (existing) {
      if (existing.user_id === owner) tally.already++;
      else tally.skip('the same key belongs to another account in Flowgate');
      continue;
    }
    byHash.set(hash, { id: key.id, user_id: owner, api_key: hash });
    rows.push({
      id: key.id,
      name: key.name,
      api_key: hash,
      key_prefix: plaintext.slice(0, API_KEY_DISPLAY_CHARS),
      created_at: key.createdAt ?? ctx.options.now,
      last_used_at: key.lastUsedAt,
      total_uses: key.totalUses,
      is_active: key.isActive,
      user_id: owner,
    });
    tally.imported++;
  }
  if (notImportable.length) {
    ctx.summary.notes.push(
      `${notImportable.length} API key(s) are not importable (Langflow kept only a hash of them); their owners must create new ones: ` +
        notImportable.slice(0, MAX_LISTED).join(', '),
    );
  }
  return rows;
}

function planVariables(ctx: Ctx, variables: LfVariable[], target: TargetState, owners: OwnerMap): Insertable<VariableTable>[] {
  const tally = ctx.summary.tallies.variables;
  const byId = new Map(target.variables.map((v) => [v.id, v]));
  const names = groupNames(target.variables.map((v) => [v.user_id, v.name]));
  const rows: Insertable<VariableTable>[] = [];
  for (const variable of variables) {
    tally.found++;
    const owner = owners.get(variable.userId);
    if (owner === undefined) {
      tally.skip('owner not imported');
      continue;
    }
    const existing = byId.get(variable.id);
    let id = variable.id;
    if (existing) {
      if (existing.user_id === owner) {
        tally.already++;
        continue;
      }
      const fresh = onClash(ctx, tally, `variable "${variable.name}": its id belongs to another account in Flowgate`, () => randomUUID());
      if (fresh === undefined) continue;
      id = fresh;
    }
    // Credentials are always encrypted; Langflow 1.8 keeps Generic values in plaintext.
    const type = variable.type === CREDENTIAL_TYPE ? CREDENTIAL_TYPE : (variable.type ?? GENERIC_TYPE);
    let plaintext: string | undefined;
    if (looksLikeFernetToken(variable.value) || type === CREDENTIAL_TYPE) plaintext = openLangflowValue(ctx, variable.value, 'variable value(s)');
    else plaintext = variable.value;
    const taken = setFor(names, owner);
    let name = variable.name;
    if (taken.has(name)) {
      const renamed = onClash(ctx, tally, `variable "${name}": the owner already has a variable of that name`, () => nextNumberedName(name, [...taken]));
      if (renamed === undefined) continue;
      ctx.summary.notes.push(`variable "${name}" was imported as "${renamed}" (flows that use it still name "${name}")`);
      name = renamed;
    }
    if (id !== variable.id || name !== variable.name) tally.renamed++;
    taken.add(name);
    rows.push({
      id,
      name,
      value: plaintext === undefined ? '' : (ctx.options.seal?.(plaintext) ?? ''),
      type,
      default_fields: variable.defaultFields ?? '[]',
      user_id: owner,
      created_at: variable.createdAt ?? ctx.options.now,
      updated_at: variable.updatedAt,
      from_env: false,
    });
    tally.imported++;
  }
  return rows;
}

function groupNames(pairs: [string, string][]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [owner, name] of pairs) setFor(map, owner).add(name);
  return map;
}

function setFor(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/** Folders ordered so a parent always comes before its children (cycles are broken arbitrarily). */
function parentsFirst(folders: LfFolder[]): LfFolder[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const done = new Set<string>();
  const out: LfFolder[] = [];
  const visit = (folder: LfFolder, path: Set<string>) => {
    if (done.has(folder.id) || path.has(folder.id)) return;
    path.add(folder.id);
    const parent = folder.parentId ? byId.get(folder.parentId) : undefined;
    if (parent) visit(parent, path);
    done.add(folder.id);
    out.push(folder);
  };
  for (const folder of folders) visit(folder, new Set());
  return out;
}
