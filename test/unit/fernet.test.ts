// Fernet against the specification's own test vectors (github.com/fernet/spec).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fernet, InvalidFernetToken } from '../../src/auth/fernet.js';

interface GenerateVector { token: string; now: string; iv: number[]; src: string; secret: string }
interface VerifyVector { token: string; now: string; ttl_sec: number; src: string; secret: string }
interface InvalidVector { desc: string; token: string; now: string; ttl_sec: number; secret: string }

const load = <T>(name: string): T[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/fernet/${name}`, import.meta.url), 'utf8')) as T[];
const generate = load<GenerateVector>('generate.json');
const verify = load<VerifyVector>('verify.json');
const invalid = load<InvalidVector>('invalid.json');

/** The vectors' `now` is RFC 3339 with an offset (`1985-10-26T01:20:00-07:00`). */
const seconds = (rfc3339: string) => {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) throw new Error(`bad date ${rfc3339}`);
  return ms / 1000;
};

describe('Fernet spec vectors', () => {
  it('has vectors to test', () => {
    expect(generate.length).toBeGreaterThan(0);
    expect(verify.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });

  it.each(generate)('generate: $src', (v) => {
    const token = new Fernet(v.secret).encrypt(v.src, { nowSeconds: seconds(v.now), iv: Uint8Array.from(v.iv) });
    expect(token).toBe(v.token);
  });

  it.each(verify)('verify: $src', (v) => {
    const fernet = new Fernet(v.secret);
    expect(fernet.decryptString(v.token, { ttlSeconds: v.ttl_sec, nowSeconds: seconds(v.now) })).toBe(v.src);
    expect(fernet.decrypt(v.token).toString('utf8')).toBe(v.src);
  });

  it.each(invalid)('invalid: $desc', (v) => {
    const fernet = new Fernet(v.secret);
    expect(() => fernet.decrypt(v.token, { ttlSeconds: v.ttl_sec, nowSeconds: seconds(v.now) })).toThrow(
      InvalidFernetToken,
    );
  });
});

describe('Fernet behaviour', () => {
  const key = generate[0].secret;
  const now = seconds(verify[0].now);

  it('round-trips text and bytes with a random IV', () => {
    const fernet = new Fernet(key);
    const a = fernet.encrypt('secret ✓');
    const b = fernet.encrypt('secret ✓');
    expect(a).not.toBe(b);
    expect(fernet.decryptString(a)).toBe('secret ✓');
    const bytes = Uint8Array.from([0, 255, 1, 254]);
    expect([...fernet.decrypt(fernet.encrypt(bytes))]).toEqual([...bytes]);
  });

  it('accepts the key without its = padding', () => {
    const token = generate[0].token;
    expect(new Fernet(key.replace(/=$/, '')).decryptString(token)).toBe(generate[0].src);
  });

  it('ignores the timestamp when no TTL is given (as cryptography does)', () => {
    const token = new Fernet(key).encrypt('x', { nowSeconds: now + 10_000 });
    expect(new Fernet(key).decryptString(token, { nowSeconds: now })).toBe('x');
  });

  it('accepts up to 60 s of clock skew, and a token exactly at its TTL', () => {
    const fernet = new Fernet(key);
    const token = fernet.encrypt('x', { nowSeconds: now });
    expect(fernet.decryptString(token, { ttlSeconds: 30, nowSeconds: now - 60 })).toBe('x');
    expect(() => fernet.decrypt(token, { ttlSeconds: 30, nowSeconds: now - 61 })).toThrow(InvalidFernetToken);
    expect(fernet.decryptString(token, { ttlSeconds: 30, nowSeconds: now + 30 })).toBe('x');
    expect(() => fernet.decrypt(token, { ttlSeconds: 30, nowSeconds: now + 31 })).toThrow(InvalidFernetToken);
  });

  it('refuses a token made with another key', () => {
    const other = new Fernet(Buffer.alloc(32, 7).toString('base64url'));
    expect(() => other.decrypt(generate[0].token)).toThrow(InvalidFernetToken);
  });

  it('refuses every single-bit change of a token', () => {
    const fernet = new Fernet(key);
    const raw = Buffer.from(fernet.encrypt('bit flips'), 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const changed = Buffer.from(raw);
      changed[i] ^= 1;
      expect(() => fernet.decrypt(changed.toString('base64url'))).toThrow(InvalidFernetToken);
    }
  });

  it('refuses malformed tokens without throwing anything else', () => {
    const fernet = new Fernet(key);
    const token = generate[0].token;
    for (const bad of ['', '=', 'gAAAA', `${token}A`, `${token}==`, token.replace(/=+$/, '') + '=', ` ${token}`, `${token}\n`]) {
      expect(() => fernet.decrypt(bad), JSON.stringify(bad)).toThrow(InvalidFernetToken);
    }
  });

  it('refuses keys that are not 32 base64url bytes', () => {
    for (const bad of ['', 'short', Buffer.alloc(31).toString('base64url'), Buffer.alloc(33).toString('base64url'), key.replace('_', '/')]) {
      expect(() => new Fernet(bad), bad).toThrow();
    }
  });

  it('decryptString refuses plaintext that is not UTF-8', () => {
    const fernet = new Fernet(key);
    expect(() => fernet.decryptString(fernet.encrypt(Uint8Array.from([0xff, 0xfe])))).toThrow(InvalidFernetToken);
  });

  it('tryDecryptString: the plaintext, or undefined for whatever decrypt refuses', () => {
    const fernet = new Fernet(key);
    const other = new Fernet(Buffer.alloc(32, 7).toString('base64url'));
    const token = fernet.encrypt('try me');
    expect(fernet.tryDecryptString(token)).toBe('try me');
    expect(other.tryDecryptString(token)).toBeUndefined();
    const raw = Buffer.from(token, 'base64url');
    raw[raw.length - 40] ^= 1;
    expect(fernet.tryDecryptString(raw.toString('base64url'))).toBeUndefined();
    for (const bad of ['', '=', 'gAAAA', `${token}A`, ` ${token}`]) expect(fernet.tryDecryptString(bad), JSON.stringify(bad)).toBeUndefined();
    expect(fernet.tryDecryptString(fernet.encrypt(Uint8Array.from([0xff, 0xfe])))).toBeUndefined();
  });

  it('never uses an IV twice across many tokens (IVs come from a pooled CSPRNG draw)', () => {
    const fernet = new Fernet(key);
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++) ivs.add(Buffer.from(fernet.encrypt('x'), 'base64url').subarray(9, 25).toString('hex'));
    expect(ivs.size).toBe(2000);
  });
});
