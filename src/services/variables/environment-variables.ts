// LANGFLOW_STORE_ENVIRONMENT_VARIABLES: at login and auto-login, the environment variables named
// by LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT become the user's Credential variables. A copy
// follows the environment while it is untouched (`from_env`); once the user changes it, it is theirs.
import { randomUUID } from 'node:crypto';
import { insertVariableRowIfAbsent, updateEnvironmentCopy } from '../../storage/repositories/variables.js';
import { type AppDeps, nowIso } from '../deps.js';
import { CREDENTIAL_TYPE, sealValue } from './variable-values.js';

/**
 * Copies the configured environment variables into the user's variables. Never throws: a
 * failure here must not fail a login, so it is logged (variable names only) and skipped.
 */
export async function syncEnvironmentVariables(deps: AppDeps, userId: string): Promise<void> {
  const { config } = deps;
  if (!config.storeEnvironmentVariables) return;
  for (const name of config.variablesToGetFromEnvironment) {
    // As Langflow: only variables that are set to something other than blanks.
    const value = config.environment[name]?.trim();
    if (!value) continue;
    try {
      await copyOne(deps, userId, name, value);
    } catch (error) {
      deps.log.warn(`Could not copy the environment variable ${name} into a user's variables (${errorName(error)}).`);
    }
  }
}

async function copyOne(deps: AppDeps, userId: string, name: string, value: string): Promise<void> {
  const db = deps.storage.db;
  const now = nowIso(deps);
  // The value is re-encrypted on every login instead of decrypted and compared: credential
  // plaintext is produced only for runs. The write also moves it to the current key.
  const sealed = sealValue(deps.keys, value);
  if (await updateEnvironmentCopy(db, userId, name, { value: sealed, updated_at: now })) return;
  // No untouched copy: create one, unless the user has a variable of that name (then it is theirs).
  await insertVariableRowIfAbsent(db, {
    id: randomUUID(),
    name,
    value: sealed,
    type: CREDENTIAL_TYPE,
    default_fields: '[]',
    user_id: userId,
    created_at: now,
    updated_at: now,
    from_env: true,
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'error';
}
