// API keys (SPEC §7, D8): `sk-` + 43 base64url characters from 32 CSPRNG bytes, stored only as
// SHA-256 hex. A plain hash is enough because the keys carry 256 random bits (no guessing to slow
// down) and, unlike an HMAC with the secret key, it survives secret-key rotation.
import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'sk-';
/** Characters of the key kept in clear for display (`sk-` and 5 more). */
export const API_KEY_DISPLAY_CHARS = 8;
const MAX_API_KEY_LENGTH = 200;

export interface NewApiKey {
  /** Shown to its owner once, never stored. */
  key: string;
  /** What the database keeps. */
  hash: string;
  prefix: string;
}

export function generateApiKey(): NewApiKey {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, API_KEY_DISPLAY_CHARS) };
}

export function hashApiKey(key: string): string {
  // One-shot: no Hash object per authenticated request (~0.5 µs against ~1.3 µs, issue 12).
  return hash('sha256', key, 'hex');
}

/**
 * Loose on purpose: keys imported from Langflow may have another length. Rejects what can
 * never be a key (so it is not hashed and looked up), nothing more.
 */
export function isWellFormedApiKey(key: string): boolean {
  return key.length <= MAX_API_KEY_LENGTH && /^sk-[\x21-\x7e]+$/.test(key);
}

export function constantTimeEqualStrings(a: string, b: string): boolean {
  // Constant-time: compare fixed-length digests, so neither the content nor the length of the
  // expected value leaks through timing (timingSafeEqual alone throws on unequal lengths).
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
