// The secret key and every key derived from it (SPEC §6, D20). The Fernet key is derived as
// Langflow 1.8 derives it (`ensure_valid_key`), so data Langflow encrypted decrypts here; keys
// Langflow cannot use get an HKDF derivation instead. Every other key comes from deriveSubkey.
import { hkdfSync, randomBytes } from 'node:crypto';
import { pythonUrlsafeB64decode } from './python-base64.js';
import { PythonRandom } from './python-random.js';

export type FernetKeyMethod = 'langflow-seeded' | 'langflow-as-is' | 'hkdf';

/** Langflow's MINIMUM_KEY_LENGTH, counted in code points as Python's len() counts. */
const LANGFLOW_MIN_KEY_LENGTH = 32;
const HKDF_SALT = 'flowgate';
const FERNET_INFO = 'flowgate fernet key v1';

export function deriveFernetKey(secretKey: string): { fernetKey: string; method: FernetKeyMethod } {
  if ([...secretKey].length < LANGFLOW_MIN_KEY_LENGTH) {
    // Key derivation, Langflow's way: random.seed(key) then 32 × getrandbits(8). Weak (the key is
    // the only entropy, unstretched) but needed to read Langflow data made with a short key.
    const random = new PythonRandom(secretKey);
    const bytes = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) bytes[i] = random.getrandbits(8);
    return { fernetKey: toBase64UrlPadded(bytes), method: 'langflow-seeded' };
  }
  const asIs = langflowAsIsKey(secretKey);
  if (asIs !== null) return { fernetKey: asIs, method: 'langflow-as-is' };
  // Key derivation for keys Langflow rejects (D20): HKDF-SHA256, so any long key works.
  const bytes = Buffer.from(hkdfSync('sha256', utf8(secretKey), utf8(HKDF_SALT), utf8(FERNET_INFO), 32));
  return { fernetKey: toBase64UrlPadded(bytes), method: 'hkdf' };
}

/**
 * Langflow pads the key with `'=' * (4 - len % 4)` and hands its UTF-8 to Fernet, which decodes it
 * leniently (python-base64.ts) and wants 32 bytes. Returns the Fernet key, or null where Langflow
 * fails. A plain 43-character base64url key is returned verbatim plus `=`, exactly as Langflow
 * uses it (it may carry non-zero unused bits, which decoding drops).
 */
function langflowAsIsKey(secretKey: string): string | null {
  if (/^[A-Za-z0-9_-]{43}$/.test(secretKey)) return `${secretKey}=`;
  const padded = secretKey + '='.repeat(4 - ([...secretKey].length % 4));
  const bytes = pythonUrlsafeB64decode(utf8(padded));
  return bytes !== null && bytes.length === 32 ? toBase64UrlPadded(bytes) : null;
}

/** A key for one purpose (`jwt`, `cookie`, …): HKDF-SHA256, so keys for different labels are independent. */
export function deriveSubkey(secretKey: string, label: string, bytes = 32): Buffer {
  // Key derivation: the secret key itself signs nothing; each use gets its own HKDF output.
  return Buffer.from(hkdfSync('sha256', utf8(secretKey), utf8(HKDF_SALT), utf8(`flowgate subkey ${label}`), bytes));
}

/** Safe to print or store: identifies a key without revealing anything useful about it. */
export function keyFingerprint(secretKey: string): string {
  return deriveSubkey(secretKey, 'fingerprint').toString('hex').slice(0, 16);
}

/** Like Python's `secrets.token_urlsafe(32)`: 32 CSPRNG bytes, base64url without padding (43 chars). */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64url');
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function toBase64UrlPadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
