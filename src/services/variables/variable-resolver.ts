// Where a run's global variables (`load_from_db` fields) come from, in Langflow's order:
// 1. the request header `X-LANGFLOW-GLOBAL-VAR-<NAME>` (name matched case-insensitively);
// 2. the caller's own variable of that name, decrypted (current key, then the previous one);
// 3. with LANGFLOW_FALLBACK_TO_ENV_VAR, the environment variable of that name, if it is one of
//    LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT;
// else undefined, which the engine reports as a missing variable (400 naming it).
// This is the only place a Credential's plaintext is produced for use (key rotation aside).
import { createHash, timingSafeEqual } from 'node:crypto';
import { FlowBuildError } from '../../engine/errors.js';
import { parseFlow } from '../../engine/flow-graph.js';
import { isPreparedFlow } from '../../engine/prepared-flow.js';
import type { VariableResolver, VariableUse } from '../../engine/variables.js';
import { findVariableRowByName, findVariableRowsByNames, listVariableRows, type VariableRow } from '../../storage/repositories/variables.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError } from '../errors.js';
import { CREDENTIAL_TYPE, openStoredValue, tryOpen } from './variable-values.js';


export const GLOBAL_VAR_HEADER_PREFIX = 'x-langflow-global-var-';
/** Langflow's field name for a message's session. */
const SESSION_ID_FIELD = 'session_id';

export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Langflow's message when a Credential variable is put in a Session ID field. */
export function credentialAsSessionIdMessage(name: string): string {
  return `variable ${name} of type 'Credential' cannot be used in a Session ID field because its purpose is to prevent the exposure of values.`;
}

/** Flowgate's rule: a Credential (or a listed environment variable) fills only secret fields. */
export function credentialInPlainFieldMessage(name: string, field: string | undefined): string {
  return `variable ${name} of type 'Credential' can only fill a secret field (an API key or token field), not ${field ? `"${field}"` : 'this one'}: its value must never reach an output.`;
}

export const CREDENTIAL_VALUE_AS_SESSION_ID =
  "A value of a variable of type 'Credential' cannot be used as a Session ID because its purpose is to prevent the exposure of values.";

/** `X-LANGFLOW-GLOBAL-VAR-<NAME>` headers as NAME (upper case) → value, as Langflow extracts them. */
export function headerVariables(headers: RequestHeaders): Map<string, string> {
  const variables = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith(GLOBAL_VAR_HEADER_PREFIX) || value === undefined) continue;
    const suffix = lower.slice(GLOBAL_VAR_HEADER_PREFIX.length);
    if (suffix) variables.set(suffix.toUpperCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return variables;
}

/**
 * The resolver for one run. A Credential, and an operator's environment variable, fill only a
 * secret field (`use.secret`: the component declares it `password: true`), so their value can
 * never reach an output, a message or an event; asked for a `session_id` field, a Credential is
 * refused with Langflow's message.
 */
export function makeVariableResolver(deps: AppDeps, userId: string, requestHeaders: RequestHeaders): VariableResolver {
  const fromHeaders = headerVariables(requestHeaders);
  const rows = new Map<string, Promise<VariableRow | undefined>>();
  const rowNamed = (name: string) => {
    if (!rows.has(name)) rows.set(name, findVariableRowByName(deps.storage.db, userId, name));
    return rows.get(name)!;
  };
  return async (name: string, use?: VariableUse) => {
    const field = use?.field;
    const secret = use?.secret === true;
    // Request-scoped values are the caller's own, not stored credentials.
    const header = fromHeaders.get(name.toUpperCase());
    if (header !== undefined) return header;
    const row = await rowNamed(name);
    if (row) {
      if (field === SESSION_ID_FIELD && row.type === CREDENTIAL_TYPE) throw new BadRequestError(credentialAsSessionIdMessage(name));
      if (row.type === CREDENTIAL_TYPE && !secret) throw new BadRequestError(credentialInPlainFieldMessage(name, field));
      // A stored value no key opens is a server fault (VariableDecryptError names the variable only).
      return openStoredValue(deps.keys, row);
    }
    // Only the variables the operator listed for it (LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT):
    // never any variable of the server process (PGPASSWORD, PATH, a DATABASE_URL).
    if (!deps.config.fallbackToEnvVar || !deps.config.variablesToGetFromEnvironment.includes(name)) return undefined;
    const value = deps.config.environment[name];
    // The operator's values are credentials too (they are copied into users' variables as such).
    if (value !== undefined && !secret) throw new BadRequestError(credentialInPlainFieldMessage(name, field));
    return value;
  };
}

/**
 * Refuses a session id that is the value of one of the user's Credential variables, so no run
 * can carry a credential into the session id it echoes and stores. Compared in constant time.
 */
export async function assertNotCredentialValue(deps: AppDeps, userId: string, sessionId: string | null | undefined): Promise<void> {
  if (!sessionId) return;
  const candidate = digest(sessionId);
  let matched = false;
  for (const row of await listVariableRows(deps.storage.db, userId)) {
    if (row.type !== CREDENTIAL_TYPE) continue;
    const value = tryOpen(deps.keys, row.value);
    // Constant-time, and every credential is checked, so timing does not say which one matched.
    if (value !== undefined && timingSafeEqual(candidate, digest(value))) matched = true;
  }
  if (matched) throw new BadRequestError(CREDENTIAL_VALUE_AS_SESSION_ID);
}

/**
 * The run service's one check before a run: no Credential may become a session id, neither as
 * the request's `session_id` (its value) nor through a `session_id` field loading a Credential
 * variable (Langflow's rule, with Langflow's message). A flow that does not parse is left to
 * the run, which reports it.
 */
export async function assertNoCredentialSessionId(
  deps: AppDeps,
  userId: string,
  /** The flow's data, or the same prepared (engine/prepared-flow.ts). */
  flowData: unknown,
  sessionId: string | null | undefined,
): Promise<void> {
  const names = sessionFieldVariables(flowData);
  for (const row of await findVariableRowsByNames(deps.storage.db, userId, names)) {
    if (row.type === CREDENTIAL_TYPE) throw new BadRequestError(credentialAsSessionIdMessage(row.name));
  }
  await assertNotCredentialValue(deps, userId, sessionId);
}

/** Names of the variables that `session_id` fields load (`load_from_db`). */
function sessionFieldVariables(flowData: unknown): string[] {
  let nodes;
  try {
    nodes = isPreparedFlow(flowData) ? flowData.graph.nodes : parseFlow(flowData).nodes;
  } catch (error) {
    if (error instanceof FlowBuildError) return [];
    throw error;
  }
  const names = new Set<string>();
  for (const node of nodes) {
    const field = node.template[SESSION_ID_FIELD];
    if (field?.load_from_db === true && typeof field.value === 'string' && field.value !== '') names.add(field.value);
  }
  return [...names];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
