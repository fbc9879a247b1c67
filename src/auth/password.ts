// Password hashing (SPEC §7, D10, D12): argon2id for every new hash, computed on the libuv thread
// pool by @node-rs/argon2 so the event loop keeps serving; bcrypt (Langflow's) verified for
// imported accounts and flagged for upgrade. No truncation anywhere (bcrypt's 72 bytes is gone).
import { hash as argon2Hash, parseOptions, verify as argon2Verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** Stored in place of a hash for accounts that cannot log in with a password (D1). */
export const NO_PASSWORD = '!';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

// @node-rs/argon2 declares Algorithm as a const enum, absent at run time: use its value.
const ARGON2ID = 2 as Algorithm;
/** OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane. Hashes weaker than this get upgraded. */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } satisfies Options;

const BCRYPT_PREFIX = /^\$2[aby]\$\d\d\$/;

export interface PasswordCheck {
  ok: boolean;
  /** True when the password was right but the stored hash should be replaced by hashPassword's. */
  needsRehash: boolean;
}

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(password: string, storedHash: string): Promise<PasswordCheck> {
  if (storedHash.startsWith('$argon2id$')) {
    const ok = await argon2Verify(storedHash, password).catch(() => false);
    return { ok, needsRehash: ok && isWeakerArgon2(storedHash) };
  }
  if (BCRYPT_PREFIX.test(storedHash)) {
    // Only imported accounts carry bcrypt hashes: its module is loaded on the first one.
    const { default: bcrypt } = await import('bcryptjs');
    const ok = await bcrypt.compare(password, storedHash).catch(() => false);
    return { ok, needsRehash: ok };
  }
  // NO_PASSWORD or anything unrecognised: never verifies, but costs what a real check costs.
  await verifyDummy(password);
  return { ok: false, needsRehash: false };
}

let dummyHash: Promise<string> | undefined;

/** The work of one real verification, for unknown users and password-less accounts (D10). */
export async function verifyDummy(password: string): Promise<void> {
  // Dummy hash: same algorithm and cost as real ones, of a random password nobody knows, so a
  // login for a missing account takes as long as a wrong password for an existing one.
  dummyHash ??= argon2Hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS);
  await argon2Verify(await dummyHash, password).catch(() => false);
}

/** An error message for an unacceptable new password, or null. Lengths count code points. */
export function validateNewPassword(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  // A lone surrogate has no UTF-8 form: it would be hashed as U+FFFD, so different passwords would collide.
  if (/\p{Surrogate}/u.test(password)) return 'Password contains an invalid character';
  return null;
}

function isWeakerArgon2(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.memoryCost < ARGON2_OPTIONS.memoryCost ||
      used.timeCost < ARGON2_OPTIONS.timeCost ||
      used.version !== 1 || // Version.V0x13 (const enum)
      used.outputLen < 32
    );
  } catch {
    return true;
  }
}
