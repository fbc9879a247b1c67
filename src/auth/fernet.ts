// Fernet (https://github.com/fernet/spec): what Langflow uses, through Python's `cryptography`,
// to encrypt stored credentials. Token = base64url(0x80 | timestamp u64 BE | IV 16 | AES-128-CBC
// ciphertext | HMAC-SHA256 over everything before it).
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const HMAC_BYTES = 32;
const BLOCK_BYTES = 16;
/** `cryptography` refuses tokens stamped more than this far in the future (when a TTL is given). */
const MAX_CLOCK_SKEW_SECONDS = 60;
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}=?$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+={0,2}$/;
/** IVs are cut from one CSPRNG draw of this size: one call per 256 tokens, not one per token. */
const IV_POOL_BYTES = 4096;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class InvalidFernetToken extends Error {
  constructor(message = 'Invalid Fernet token') {
    super(message);
    this.name = 'InvalidFernetToken';
  }
}

export interface FernetEncryptOptions {
  nowSeconds?: number;
  iv?: Uint8Array;
}

export interface FernetDecryptOptions {
  ttlSeconds?: number;
  nowSeconds?: number;
}

const wallClockSeconds = () => Math.floor(Date.now() / 1000);

export class Fernet {
  readonly #signingKey: KeyObject;
  readonly #encryptionKey: Buffer;

  /** `key`: 32 bytes, base64url, with or without its trailing `=`. */
  constructor(key: string) {
    if (!KEY_PATTERN.test(key)) throw new Error('Fernet key must be 32 url-safe base64-encoded bytes');
    const bytes = Buffer.from(key, 'base64url');
    if (bytes.length !== 32) throw new Error('Fernet key must be 32 url-safe base64-encoded bytes');
    this.#signingKey = createSecretKey(bytes.subarray(0, 16));
    this.#encryptionKey = bytes.subarray(16);
  }

  encrypt(plaintext: string | Uint8Array, opts: FernetEncryptOptions = {}): string {
    const iv = opts.iv ? Buffer.from(opts.iv) : randomIv();
    if (iv.length !== 16) throw new Error('Fernet IV must be 16 bytes');
    const header = Buffer.alloc(HEADER_BYTES);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(Math.floor(opts.nowSeconds ?? wallClockSeconds())), 1);
    iv.copy(header, 9);
    const cipher = createCipheriv('aes-128-cbc', this.#encryptionKey, iv);
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const body = Buffer.concat([header, cipher.update(data), cipher.final()]);
    const mac = createHmac('sha256', this.#signingKey).update(body).digest();
    return toBase64UrlPadded(Buffer.concat([body, mac]));
  }

  decrypt(token: string, opts: FernetDecryptOptions = {}): Buffer {
    const opened = this.#open(token, opts);
    if (typeof opened === 'string') throw new InvalidFernetToken(opened || undefined);
    return opened;
  }

  decryptString(token: string, opts: FernetDecryptOptions = {}): string {
    const text = decodeUtf8(this.decrypt(token, opts));
    if (text === undefined) throw new InvalidFernetToken('Fernet plaintext is not UTF-8');
    return text;
  }

  /**
   * The plaintext, or undefined when this key does not open `token` (no TTL). For callers that try
   * several keys on many values (rotation, checks): a refusal costs no exception.
   */
  tryDecryptString(token: string): string | undefined {
    const opened = this.#open(token, {});
    return typeof opened === 'string' ? undefined : decodeUtf8(opened);
  }

  /** The plaintext bytes, or why the token is refused ('' for the generic reason). */
  #open(token: string, opts: FernetDecryptOptions): Buffer | string {
    const raw = decodeToken(token);
    if (!raw || raw.length < HEADER_BYTES + BLOCK_BYTES + HMAC_BYTES || raw[0] !== VERSION) return '';
    const body = raw.subarray(0, raw.length - HMAC_BYTES);
    const expected = createHmac('sha256', this.#signingKey).update(body).digest();
    // Constant-time: a byte-by-byte compare would tell an attacker how much of a forged MAC is right.
    if (!timingSafeEqual(expected, raw.subarray(raw.length - HMAC_BYTES))) return '';
    if (opts.ttlSeconds !== undefined) {
      const now = opts.nowSeconds ?? wallClockSeconds();
      const stamped = Number(raw.readBigUInt64BE(1));
      if (stamped + opts.ttlSeconds < now) return 'Fernet token expired';
      if (now + MAX_CLOCK_SKEW_SECONDS < stamped) return 'Fernet token is from the future';
    }
    const ciphertext = body.subarray(HEADER_BYTES);
    if (ciphertext.length % BLOCK_BYTES !== 0) return '';
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.#encryptionKey, body.subarray(9, HEADER_BYTES));
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      return '';
    }
  }
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

let ivPool = Buffer.alloc(0);
let ivOffset = 0;

/** 16 fresh CSPRNG bytes; each slice of the pool is handed out once. */
function randomIv(): Buffer {
  if (ivOffset + 16 > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 16);
  ivOffset += 16;
  return iv;
}

function decodeToken(token: string): Buffer | undefined {
  // Node's decoder skips characters it does not know; Fernet tokens must be exact base64url.
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const unpadded = token.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  if (token.length !== unpadded.length && token.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded, 'base64url');
}

/** Fernet tokens carry base64's `=` padding, as Python's urlsafe_b64encode writes them. */
function toBase64UrlPadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
