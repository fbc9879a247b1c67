import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateRsaKeyPairPem,
  hmacTokenKeys,
  rsaTokenKeys,
  signToken,
  verifyToken,
  type TokenKeys,
} from '../../src/auth/jwt.js';

const NOW = 1_800_000_000;
const hmacKeys = hmacTokenKeys(Buffer.alloc(32, 1));
const rsaPair = generateRsaKeyPairPem();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (token: string, index: number) =>
  JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8')) as Record<string, unknown>;

describe('signToken / verifyToken', () => {
  for (const [name, keys] of [
    ['HS256', hmacKeys],
    ['RS256', rsaTokenKeys('RS256', rsaPair.privatePem, rsaPair.publicPem)],
    ['RS512', rsaTokenKeys('RS512', rsaPair.privatePem, rsaPair.publicPem)],
  ] as [string, TokenKeys][]) {
    it(`${name}: sets iat/exp from the given clock and verifies until exp`, async () => {
      const token = await signToken(keys, { sub: 'user-1', type: 'access', sid: 's1' }, 60, NOW);
      expect(decodePart(token, 0)).toEqual({ alg: name, typ: 'JWT' });
      const claims = await verifyToken(keys, token, NOW + 30);
      expect(claims).toEqual({ sub: 'user-1', type: 'access', sid: 's1', iat: NOW, exp: NOW + 60 });
      expect(await verifyToken(keys, token, NOW + 59)).not.toBeNull();
      expect(await verifyToken(keys, token, NOW + 60)).toBeNull();
      expect(await verifyToken(keys, token, NOW + 3600)).toBeNull();
    });
  }

  it('claims cannot override iat/exp', async () => {
    const token = await signToken(hmacKeys, { sub: 'u', exp: NOW + 10_000, iat: 1 }, 60, NOW);
    expect(decodePart(token, 1)).toMatchObject({ iat: NOW, exp: NOW + 60 });
  });

  it('refuses another key, tampering and garbage', async () => {
    const token = await signToken(hmacKeys, { sub: 'u' }, 60, NOW);
    expect(await verifyToken(hmacTokenKeys(Buffer.alloc(32, 2)), token, NOW)).toBeNull();
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ sub: 'admin', iat: NOW, exp: NOW + 60 })}.${signature}`;
    expect(await verifyToken(hmacKeys, forged, NOW)).toBeNull();
    for (const bad of ['', 'a.b.c', token.slice(0, -2), `${token}x`]) {
      expect(await verifyToken(hmacKeys, bad, NOW)).toBeNull();
    }
  });

  it('accepts a token made by another HS256 implementation (RFC 7519 layout, computed here with node:crypto)', async () => {
    const key = Buffer.alloc(32, 1);
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', exp: NOW + 5 })}`;
    const token = `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    expect(await verifyToken(hmacKeys, token, NOW)).toEqual({ sub: 'x', exp: NOW + 5 });
  });

  it('pins the algorithm: alg none, HS256 signed with the RSA public key, RS512 for RS256 are refused', async () => {
    const rs256 = rsaTokenKeys('RS256', rsaPair.privatePem, rsaPair.publicPem);
    const rs512 = rsaTokenKeys('RS512', rsaPair.privatePem, rsaPair.publicPem);
    const claims = { sub: 'admin', iat: NOW, exp: NOW + 60 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(await verifyToken(hmacKeys, none, NOW)).toBeNull();
    expect(await verifyToken(rs256, none, NOW)).toBeNull();
    // Key confusion: an HMAC signed with the (public) PEM text.
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    const confused = `${input}.${createHmac('sha256', rsaPair.publicPem).update(input).digest('base64url')}`;
    expect(await verifyToken(rs256, confused, NOW)).toBeNull();
    expect(await verifyToken(rs256, await signToken(rs512, { sub: 'u' }, 60, NOW), NOW)).toBeNull();
    expect(await verifyToken(hmacKeys, await signToken(rs256, { sub: 'u' }, 60, NOW), NOW)).toBeNull();
  });

  it('requires exp', async () => {
    const key = Buffer.alloc(32, 1);
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'forever' })}`;
    const token = `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    expect(await verifyToken(hmacKeys, token, NOW)).toBeNull();
  });
});

describe('key construction', () => {
  it('generates 2048-bit RSA key pairs in PEM', () => {
    expect(rsaPair.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(rsaPair.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const keys = rsaTokenKeys('RS256', rsaPair.privatePem, rsaPair.publicPem);
    expect((keys.signKey as import('node:crypto').KeyObject).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('refuses a public key of another pair, and short HMAC keys', () => {
    const other = generateRsaKeyPairPem();
    expect(() => rsaTokenKeys('RS256', rsaPair.privatePem, other.publicPem)).toThrow(/does not belong/);
    expect(() => hmacTokenKeys(Buffer.alloc(16))).toThrow();
  });
});
