import { describe, expect, it } from 'vitest';
import { constantTimeEqualStrings, generateApiKey, hashApiKey, isWellFormedApiKey } from '../../src/auth/api-key.js';

describe('generateApiKey', () => {
  it('makes sk- + 43 base64url characters of 32 random bytes, its SHA-256 and an 8-character prefix', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(50);
    for (const { key, hash, prefix } of keys) {
      expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
      expect(hash).toBe(hashApiKey(key));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toContain(key.slice(3, 11));
      expect(prefix).toBe(key.slice(0, 8));
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });
});

describe('hashApiKey', () => {
  it('is SHA-256 hex of the UTF-8 key (FIPS 180-2 vectors)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('isWellFormedApiKey', () => {
  it('is loose about length (imported Langflow keys) but not about shape', () => {
    expect(isWellFormedApiKey('sk-x')).toBe(true);
    expect(isWellFormedApiKey(`sk-${'a'.repeat(197)}`)).toBe(true);
    expect(isWellFormedApiKey(`sk-${'a'.repeat(198)}`)).toBe(false);
    for (const bad of ['', 'sk-', 'SK-abc', 'pk-abc', 'abc', 'sk-a b', 'sk-a\n', 'sk-ä', 'sk-\u0000', ' sk-abc']) {
      expect(isWellFormedApiKey(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('constantTimeEqualStrings', () => {
  it('compares strings of any length', () => {
    expect(constantTimeEqualStrings('sk-same', 'sk-same')).toBe(true);
    expect(constantTimeEqualStrings('', '')).toBe(true);
    expect(constantTimeEqualStrings('sk-same', 'sk-samE')).toBe(false);
    expect(constantTimeEqualStrings('sk-same', 'sk-same-but-longer')).toBe(false);
    expect(constantTimeEqualStrings('', 'x')).toBe(false);
    expect(constantTimeEqualStrings('é', 'e\u0301')).toBe(false);
  });
});
