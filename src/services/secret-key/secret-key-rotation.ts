// `flowgate secret-key rotate` and `check` (SPEC §6, D21). Rotation re-encrypts every ciphertext
// (variable values, Store API keys) under a new key and replaces the key check value, all in ONE
// transaction: on any failure nothing changes and the old key keeps opening everything.
import { sql, type Kysely } from 'kysely';
import { Fernet } from '../../auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../../auth/secret-key.js';
import type { Storage } from '../../storage/db.js';
import {
  pageStoreApiKeys,
  pageVariableValues,
  replaceStoreApiKeys,
  replaceVariableValues,
} from '../../storage/repositories/encrypted-values.js';
import type { Database } from '../../storage/schema.js';
import { readKeyCheckState, writeKeyCheck, type KeyCheckState } from './key-check.js';
import { CREDENTIAL_TYPE, looksLikeFernetToken, tryOpen } from '../variables/variable-values.js';

// Values per statement: fewer round trips (each one a wait for the database under load), bounded memory.
const DEFAULT_BATCH = 2500;

export interface RotationKeys {
  /** The configured key (LANGFLOW_SECRET_KEY or the key file). */
  currentKey: string;
  /** LANGFLOW_SECRET_KEY_PREVIOUS: values still under it are re-encrypted too. */
  previousKey?: string;
}

export interface RotateOptions extends RotationKeys {
  newKey: string;
  batchSize?: number;
  /** Called for every re-encrypted value, inside the transaction; throwing aborts the rotation. */
  onRow?: (row: { table: 'variable' | 'user'; id: string; index: number }) => void | Promise<void>;
  /** Called after each batch is written (inside the transaction: nothing is committed yet), with the count so far. */
  onProgress?: (valuesSoFar: number) => void;
  /** Called after every write, just before COMMIT; throwing aborts the rotation. */
  beforeCommit?: () => void | Promise<void>;
}

export interface RotationReport {
  variables: number;
  /** Generic values Langflow 1.8 had stored unencrypted; now encrypted like the rest. */
  plaintextVariables: number;
  storeApiKeys: number;
  newFingerprint: string;
}

/** A value or the key check that neither the current nor the previous key opens. No values in the message. */
export class RotationError extends Error {
  override name = 'RotationError';
}

export async function rotateSecretKey(storage: Pick<Storage, 'db' | 'dialect'>, options: RotateOptions): Promise<RotationReport> {
  const open = openers(options);
  const sealer = fernetFor(options.newKey);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  return storage.db.connection().execute(async (db) => {
    // SQLite: take the write lock now, not at the first UPDATE, so no writer slips in between.
    await sql.raw(storage.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(db);
    try {
      if (storage.dialect === 'postgres') {
        // Readers go on; writers wait, so no value is written under the old key mid-rotation.
        await sql`lock table variable, "user", fg_meta in share row exclusive mode`.execute(db);
      }
      assertKeyCheckOpens(await readKeyCheckState(db, options.currentKey, options.previousKey));
      const report: RotationReport = { variables: 0, plaintextVariables: 0, storeApiKeys: 0, newFingerprint: keyFingerprint(options.newKey) };
      await rotateVariables(db, open, sealer, batchSize, options, report);
      await rotateStoreApiKeys(db, open, sealer, batchSize, options, report);
      await writeKeyCheck(db, options.newKey);
      await options.beforeCommit?.();
      await sql.raw('commit').execute(db);
      return report;
    } catch (error) {
      await sql.raw('rollback').execute(db);
      throw error;
    }
  });
}

async function rotateVariables(
  db: Kysely<Database>,
  open: Openers,
  sealer: Fernet,
  batchSize: number,
  options: RotateOptions,
  report: RotationReport,
): Promise<void> {
  for (let after = ''; ; ) {
    const page = await pageVariableValues(db, after, batchSize);
    if (page.length === 0) return;
    const updates: { id: string; value: string }[] = [];
    for (const row of page) {
      let plaintext = tryOpen(open, row.value);
      if (plaintext === undefined) {
        // Langflow 1.8 stores Generic values in plaintext: those are taken as they are.
        if (row.type === CREDENTIAL_TYPE || looksLikeFernetToken(row.value)) {
          throw new RotationError(`The variable "${row.name}" (id ${row.id}) cannot be decrypted with the current or the previous key.`);
        }
        plaintext = row.value;
        report.plaintextVariables++;
      }
      updates.push({ id: row.id, value: sealer.encrypt(plaintext) });
      const index = report.variables++;
      await options.onRow?.({ table: 'variable', id: row.id, index });
    }
    await replaceVariableValues(db, updates);
    options.onProgress?.(report.variables);
    after = page[page.length - 1].id;
  }
}

async function rotateStoreApiKeys(
  db: Kysely<Database>,
  open: Openers,
  sealer: Fernet,
  batchSize: number,
  options: RotateOptions,
  report: RotationReport,
): Promise<void> {
  for (let after = ''; ; ) {
    const page = await pageStoreApiKeys(db, after, batchSize);
    if (page.length === 0) return;
    const updates: { id: string; value: string }[] = [];
    for (const row of page) {
      const plaintext = tryOpen(open, row.store_api_key);
      if (plaintext === undefined) {
        throw new RotationError(`The Store API key of the user "${row.username}" cannot be decrypted with the current or the previous key.`);
      }
      updates.push({ id: row.id, value: sealer.encrypt(plaintext) });
      const index = report.storeApiKeys++;
      await options.onRow?.({ table: 'user', id: row.id, index });
    }
    await replaceStoreApiKeys(db, updates);
    after = page[page.length - 1].id;
  }
}

export interface KeyCheckReport {
  keyCheck: KeyCheckState;
  /** Ciphertexts opened by the current key, by the previous key, by neither; plaintext Generic values. */
  values: { current: number; previous: number; unreadable: number; plaintext: number };
}

/** `flowgate secret-key check`: does the configured key open this database? Reads only. */
export async function checkDatabaseKey(storage: Pick<Storage, 'db'>, keys: RotationKeys): Promise<KeyCheckReport> {
  const current = fernetFor(keys.currentKey);
  const previous = keys.previousKey ? fernetFor(keys.previousKey) : undefined;
  const values = { current: 0, previous: 0, unreadable: 0, plaintext: 0 };
  const tally = (stored: string, plaintextAllowed: boolean) => {
    if (tryOpen({ fernet: current, previousFernet: undefined }, stored) !== undefined) values.current++;
    else if (previous && tryOpen({ fernet: previous, previousFernet: undefined }, stored) !== undefined) values.previous++;
    else if (plaintextAllowed && !looksLikeFernetToken(stored)) values.plaintext++;
    else values.unreadable++;
  };
  for (let after = ''; ; ) {
    const page = await pageVariableValues(storage.db, after, DEFAULT_BATCH);
    if (page.length === 0) break;
    for (const row of page) tally(row.value, row.type !== CREDENTIAL_TYPE);
    after = page[page.length - 1].id;
  }
  for (let after = ''; ; ) {
    const page = await pageStoreApiKeys(storage.db, after, DEFAULT_BATCH);
    if (page.length === 0) break;
    for (const row of page) tally(row.store_api_key, false);
    after = page[page.length - 1].id;
  }
  return { keyCheck: await readKeyCheckState(storage.db, keys.currentKey, keys.previousKey), values };
}

function assertKeyCheckOpens(state: KeyCheckState): void {
  if (state.status === 'mismatch') {
    throw new RotationError(
      `The configured secret key (fingerprint ${state.givenFingerprint}) does not open this database ` +
        `(written with the key whose fingerprint is ${state.storedFingerprint}). Nothing was changed. ` +
        'Set LANGFLOW_SECRET_KEY_PREVIOUS to the key that wrote it to move its data to the configured key.',
    );
  }
}

type Openers = { fernet: Fernet; previousFernet: Fernet | undefined };

function openers(keys: RotationKeys): Openers {
  // The previous key first: a rotation moves values off it (a resumed one, every value), and a
  // token opens under one key only, so the order changes nothing but the wasted HMACs.
  const current = fernetFor(keys.currentKey);
  const previous = keys.previousKey ? fernetFor(keys.previousKey) : undefined;
  return previous ? { fernet: previous, previousFernet: current } : { fernet: current, previousFernet: undefined };
}

function fernetFor(secretKey: string): Fernet {
  return new Fernet(deriveFernetKey(secretKey).fernetKey);
}
