// Global variables (Langflow's /api/v1/variables). Values are stored encrypted; a Credential's
// value is write-only: it never leaves the server except into a run (variable-resolver.ts).
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../storage/repositories/users.js';
import {
  deleteVariableRow,
  findVariableRow,
  findVariableRowByName,
  insertVariableRow,
  listVariableRows,
  updateVariableRow,
  type VariableChanges,
  type VariableRow,
} from '../../storage/repositories/variables.js';
import { type AppDeps, nowIso } from '../deps.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { CREDENTIAL_TYPE, GENERIC_TYPE, openStoredValue, sealValue, VariableDecryptError, type VariableType } from './variable-values.js';

export const VariableMessages = {
  nameAndValueEmpty: 'Variable name and value cannot be empty',
  nameEmpty: 'Variable name cannot be empty',
  valueEmpty: 'Variable value cannot be empty',
  nameExists: 'Variable name already exists',
  notFound: 'Variable not found',
  credentialToGeneric: 'A Credential variable can become Generic only together with a new value',
} as const;

/** Langflow's VariableRead. `value` is null for every Credential. */
export interface VariableRead {
  id: string;
  name: string;
  type: string | null;
  value: string | null;
  default_fields: string[];
}

export interface VariableCreateInput {
  name?: string | null;
  value?: string | null;
  type?: VariableType | null;
  default_fields?: string[] | null;
}

export interface VariableUpdateInput {
  name?: string | null;
  value?: string | null;
  type?: VariableType | null;
  default_fields?: string[] | null;
}

export async function createVariable(deps: AppDeps, userId: string, input: VariableCreateInput): Promise<VariableRead> {
  const name = input.name ?? '';
  const value = input.value ?? '';
  if (!name && !value) throw new BadRequestError(VariableMessages.nameAndValueEmpty);
  if (!name) throw new BadRequestError(VariableMessages.nameEmpty);
  if (!value) throw new BadRequestError(VariableMessages.valueEmpty);
  const db = deps.storage.db;
  if (await findVariableRowByName(db, userId, name)) throw new BadRequestError(VariableMessages.nameExists);
  const now = nowIso(deps);
  const row: VariableRow = {
    id: randomUUID(),
    name,
    value: sealValue(deps.keys, value),
    type: input.type ?? CREDENTIAL_TYPE,
    default_fields: JSON.stringify(input.default_fields ?? []),
    user_id: userId,
    created_at: now,
    updated_at: now,
    from_env: false,
  };
  try {
    await insertVariableRow(db, row);
  } catch (error) {
    // Two creates of one name at once: the unique index decides, with Langflow's message.
    if (isUniqueViolation(error)) throw new BadRequestError(VariableMessages.nameExists);
    throw error;
  }
  return present(deps, row);
}

export async function listVariables(deps: AppDeps, userId: string): Promise<VariableRead[]> {
  const rows = await listVariableRows(deps.storage.db, userId);
  // Names wrapped in `__` are Langflow's internal variables: hidden from the list, as there.
  return rows.filter((row) => !(row.name.startsWith('__') && row.name.endsWith('__'))).map((row) => present(deps, row));
}

/**
 * PATCH: the path's id names the variable; an `id` in the body is never written (the route does
 * not even pass it). Any change by the user ends the environment copy (from_env = false).
 */
export async function updateVariable(deps: AppDeps, userId: string, id: string, input: VariableUpdateInput): Promise<VariableRead> {
  const db = deps.storage.db;
  const existing = await findVariableRow(db, userId, id);
  if (!existing) throw new NotFoundError(VariableMessages.notFound);
  const changes: VariableChanges = { updated_at: nowIso(deps), from_env: false };
  if (input.name !== undefined && input.name !== null) {
    if (!input.name) throw new BadRequestError(VariableMessages.nameEmpty);
    if (input.name !== existing.name) {
      if (await findVariableRowByName(db, userId, input.name)) throw new BadRequestError(VariableMessages.nameExists);
      changes.name = input.name;
    }
  }
  if (input.value !== undefined && input.value !== null) {
    if (!input.value) throw new BadRequestError(VariableMessages.valueEmpty);
    changes.value = sealValue(deps.keys, input.value);
  }
  if (input.type) {
    // Write-only means write-only: turning a Credential into a Generic would show its value.
    if (existing.type === CREDENTIAL_TYPE && input.type !== CREDENTIAL_TYPE && changes.value === undefined) {
      throw new BadRequestError(VariableMessages.credentialToGeneric);
    }
    changes.type = input.type;
  }
  if (input.default_fields !== undefined && input.default_fields !== null) changes.default_fields = JSON.stringify(input.default_fields);
  try {
    if (!(await updateVariableRow(db, userId, id, changes))) throw new NotFoundError(VariableMessages.notFound);
  } catch (error) {
    if (isUniqueViolation(error)) throw new BadRequestError(VariableMessages.nameExists);
    throw error;
  }
  return present(deps, { ...existing, ...changes } as VariableRow);
}

export async function deleteVariable(deps: AppDeps, userId: string, id: string): Promise<void> {
  if (!(await deleteVariableRow(deps.storage.db, userId, id))) throw new NotFoundError(VariableMessages.notFound);
}

/** The response for a row: Generic values decrypted, Credential values never (null). */
function present(deps: AppDeps, row: VariableRow): VariableRead {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    value: row.type === CREDENTIAL_TYPE ? null : genericValue(deps, row),
    default_fields: parseFields(row.default_fields),
  };
}

function genericValue(deps: AppDeps, row: VariableRow): string | null {
  try {
    return openStoredValue(deps.keys, { ...row, type: row.type ?? GENERIC_TYPE });
  } catch (error) {
    if (!(error instanceof VariableDecryptError)) throw error;
    deps.log.warn(error.message);
    return null;
  }
}

function parseFields(text: string | null): string[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}
