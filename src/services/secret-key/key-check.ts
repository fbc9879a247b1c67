// The key check value (D21): a Fernet token of a known text, stored in fg_meta the first time a
// key meets a database. At every start the configured key must decrypt it, so a wrong key stops
// start-up instead of silently failing on (or, worse, overwriting) every encrypted value.
import { sql, type Kysely } from 'kysely';
import { Fernet, InvalidFernetToken } from '../../auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../../auth/secret-key.js';
import type { Database } from '../../storage/schema.js';

export const KEY_CHECK_META_KEY = 'key_check';
const KEY_CHECK_PLAINTEXT = 'flowgate-key-check';

interface KeyCheckValue {
  fingerprint: string;
  token: string;
}

export class SecretKeyMismatchError extends Error {
  override name = 'SecretKeyMismatchError';

  constructor(
    readonly expectedFingerprint: string,
    readonly givenFingerprint: string,
  ) {
    super(
      `The secret key cannot decrypt this database: its data was written with the key whose fingerprint is ` +
        `${expectedFingerprint}, but the configured key's fingerprint is ${givenFingerprint}. ` +
        'Set LANGFLOW_SECRET_KEY (or the secret_key file in the config directory) to the key that wrote this database; ' +
        'to change keys, run `npx flowgate secret-key rotate` with LANGFLOW_SECRET_KEY_PREVIOUS set to the old key.',
    );
  }
}

/**
 * Passes when the stored check value decrypts with `secretKey` (or, during a rolling key change,
 * with `previousKey`); stores one for `secretKey` when there is none. Writes nothing on mismatch.
 */
export async function checkSecretKey(db: Kysely<Database>, secretKey: string, previousKey?: string): Promise<void> {
  let stored = await readKeyCheck(db);
  if (stored === undefined) {
    // Concurrency: several instances may start on an empty database at once; the first insert
    // wins, the others do nothing and then check the winner's value like any later start.
    await db
      .insertInto('fg_meta')
      .values({ key: KEY_CHECK_META_KEY, value: makeKeyCheckValue(secretKey) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    stored = await readKeyCheck(db);
    if (stored === undefined) throw new Error('The key check value could not be stored');
  }
  const { fingerprint, token } = stored;
  const candidates = previousKey ? [secretKey, previousKey] : [secretKey];
  if (candidates.some((key) => decrypts(key, token))) return;
  throw new SecretKeyMismatchError(fingerprint, keyFingerprint(secretKey));
}

/**
 * Replaces the check value with one for `secretKey`, but only while the database holds nothing a
 * key encrypts (no variable, no Store API key, no MCP auth settings): then a new key loses
 * nothing. One statement, so a value written concurrently under the old key stops the adoption.
 * True when the key was adopted.
 */
export async function adoptKeyIfNothingEncrypted(db: Kysely<Database>, secretKey: string): Promise<boolean> {
  const result = await db
    .updateTable('fg_meta')
    .set({ value: makeKeyCheckValue(secretKey) })
    .where('key', '=', KEY_CHECK_META_KEY)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('variable').select(sql.lit(1).as('one')))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('user').select(sql.lit(1).as('one')).where('store_api_key', 'is not', null).where('store_api_key', '!=', ''))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('folder').select(sql.lit(1).as('one')).where('auth_settings', 'is not', null))))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The fingerprint of the key that wrote this database, or undefined when no key has met it yet. */
export async function storedKeyFingerprint(db: Kysely<Database>): Promise<string | undefined> {
  return (await readKeyCheck(db))?.fingerprint;
}

/** Stores the check value for `secretKey`, replacing any other: the last step of a key rotation. */
export async function writeKeyCheck(db: Kysely<Database>, secretKey: string): Promise<void> {
  const value = makeKeyCheckValue(secretKey);
  await db
    .insertInto('fg_meta')
    .values({ key: KEY_CHECK_META_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export interface KeyCheckState {
  /** current: the key opens the check value; previous: only LANGFLOW_SECRET_KEY_PREVIOUS does; absent: none stored yet. */
  status: 'current' | 'previous' | 'absent' | 'mismatch';
  storedFingerprint: string | undefined;
  givenFingerprint: string;
}

/** What `checkSecretKey` would decide, without writing anything (for `flowgate secret-key`). */
export async function readKeyCheckState(db: Kysely<Database>, secretKey: string, previousKey?: string): Promise<KeyCheckState> {
  const stored = await readKeyCheck(db);
  const givenFingerprint = keyFingerprint(secretKey);
  if (stored === undefined) return { status: 'absent', storedFingerprint: undefined, givenFingerprint };
  const status = decrypts(secretKey, stored.token) ? 'current' : previousKey && decrypts(previousKey, stored.token) ? 'previous' : 'mismatch';
  return { status, storedFingerprint: stored.fingerprint, givenFingerprint };
}

function makeKeyCheckValue(secretKey: string): string {
  const token = new Fernet(deriveFernetKey(secretKey).fernetKey).encrypt(KEY_CHECK_PLAINTEXT);
  return JSON.stringify({ fingerprint: keyFingerprint(secretKey), token } satisfies KeyCheckValue);
}

/**
 * What a stored key check value (read from a file rather than a live database: a backup) says:
 * the fingerprint of the key that wrote it, and whether `key` (or `previousKey`) opens it.
 */
export function inspectKeyCheckValue(raw: string, key?: string, previousKey?: string): { storedFingerprint: string; opensWith: 'key' | 'previous' | 'neither' } {
  const { fingerprint, token } = parseKeyCheckValue(raw);
  const opensWith = key && decrypts(key, token) ? 'key' : previousKey && decrypts(previousKey, token) ? 'previous' : 'neither';
  return { storedFingerprint: fingerprint, opensWith };
}

async function readKeyCheck(db: Kysely<Database>): Promise<KeyCheckValue | undefined> {
  const row = await db.selectFrom('fg_meta').select('value').where('key', '=', KEY_CHECK_META_KEY).executeTakeFirst();
  return row === undefined ? undefined : parseKeyCheckValue(row.value);
}

function parseKeyCheckValue(raw: string): KeyCheckValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as KeyCheckValue).fingerprint !== 'string' ||
    typeof (parsed as KeyCheckValue).token !== 'string'
  ) {
    throw new Error(`The fg_meta row '${KEY_CHECK_META_KEY}' is damaged; it should hold {"fingerprint", "token"}.`);
  }
  return parsed as KeyCheckValue;
}

function decrypts(secretKey: string, token: string): boolean {
  try {
    return new Fernet(deriveFernetKey(secretKey).fernetKey).decryptString(token) === KEY_CHECK_PLAINTEXT;
  } catch (error) {
    if (error instanceof InvalidFernetToken) return false;
    throw error;
  }
}
