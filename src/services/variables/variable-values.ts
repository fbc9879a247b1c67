// How a variable's value is stored: a Fernet token under the secret key (SPEC §6). Reading
// tries the current key, then LANGFLOW_SECRET_KEY_PREVIOUS (a rolling key change); writing
// always uses the current key, so every write re-encrypts under it.
import type { KeyRing } from '../deps.js';

export const CREDENTIAL_TYPE = 'Credential';
export const GENERIC_TYPE = 'Generic';
export type VariableType = typeof CREDENTIAL_TYPE | typeof GENERIC_TYPE;

/** A stored value that none of the configured keys opens. Names the variable, never a value. */
export class VariableDecryptError extends Error {
  override name = 'VariableDecryptError';

  constructor(readonly variableName: string) {
    super(
      `The value of the variable "${variableName}" cannot be decrypted with LANGFLOW_SECRET_KEY ` +
        '(nor LANGFLOW_SECRET_KEY_PREVIOUS). It was written with another secret key.',
    );
  }
}

export function sealValue(keys: Pick<KeyRing, 'fernet'>, plaintext: string): string {
  return keys.fernet.encrypt(plaintext);
}

/** The plaintext, or undefined when no configured key opens `stored`. */
export function tryOpen(keys: Pick<KeyRing, 'fernet' | 'previousFernet'>, stored: string): string | undefined {
  return keys.fernet.tryDecryptString(stored) ?? keys.previousFernet?.tryDecryptString(stored);
}

/**
 * A stored value in plaintext. Langflow 1.8 stores Generic values unencrypted, so a Generic value
 * that is not a token is taken as it is (as Langflow reads it); a Credential must decrypt.
 */
export function openStoredValue(
  keys: Pick<KeyRing, 'fernet' | 'previousFernet'>,
  row: { name: string; type: string | null; value: string },
): string {
  const plaintext = tryOpen(keys, row.value);
  if (plaintext !== undefined) return plaintext;
  if (row.type !== CREDENTIAL_TYPE && !looksLikeFernetToken(row.value)) return row.value;
  throw new VariableDecryptError(row.name);
}

/** Version byte 0x80 then a timestamp: every Fernet token starts `gAAAAA`. */
export function looksLikeFernetToken(text: string): boolean {
  return /^gAAAAA[A-Za-z0-9_-]{50,}={0,2}$/.test(text);
}
