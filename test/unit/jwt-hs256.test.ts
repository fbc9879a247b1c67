// The node:crypto HS256 path must be indistinguishable from jose: same bytes when signing, same
// verdicts when verifying (jose is the reference, RS256/RS512 still go through it).
import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hmacTokenKeys, signToken, verifyToken } from '../../src/auth/jwt.js';

const NOW = 1_800_000_000;
const secret = Buffer.alloc(32, 7);
const keys = hmacTokenKeys(secret);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (header: unknown, payload: unknown) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

async function joseVerdict(token: string, now: number): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(now * 1000), requiredClaims: ['exp'] });
    return payload as Record<string, unknown>;
  } catch {
    return null;
  }
}

describe('HS256 through node:crypto', () => {
  it('signs byte for byte what jose signs', async () => {
    for (const claims of [{ sub: 'u', type: 'access', sid: 's' }, { sub: 'ü', gen: 3, iat: 1, exp: 2 }, {}]) {
      const ours = await signToken(keys, claims, 60, NOW);
      const jose = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(NOW).setExpirationTime(NOW + 60).sign(secret);
      expect(ours).toBe(jose);
    }
  });

  it('agrees with jose on every verdict', async () => {
    const good = { sub: 'u', iat: NOW, exp: NOW + 10 };
    const valid = await signToken(keys, { sub: 'u' }, 10, NOW);
    const [h, p, s] = valid.split('.');
    const cases: [string, number][] = [
      [valid, NOW],
      [valid, NOW + 9],
      [valid, NOW + 10],
      [sign({ alg: 'HS256' }, good), NOW],
      [sign({ alg: 'HS256', typ: 'JWT', kid: 'x' }, good), NOW],
      [sign({ alg: 'none' }, good), NOW],
      [sign({ alg: 'HS512' }, good), NOW],
      [sign({ alg: 'HS256', crit: ['b64'], b64: false }, good), NOW],
      [sign({ alg: 'HS256' }, { sub: 'u' }), NOW],
      [sign({ alg: 'HS256' }, { sub: 'u', exp: String(NOW + 10) }), NOW],
      [sign({ alg: 'HS256' }, { sub: 'u', exp: NOW + 10, nbf: NOW + 5 }), NOW],
      [sign({ alg: 'HS256' }, { sub: 'u', exp: NOW + 10, nbf: NOW }), NOW],
      [sign({ alg: 'HS256' }, { sub: 'u', exp: NOW + 10, nbf: 'x' }), NOW],
      [sign({ alg: 'HS256' }, { sub: 'u', exp: NOW + 10, iat: 'x' }), NOW],
      [sign({ alg: 'HS256' }, [1, 2]), NOW],
      [sign({ alg: 'HS256' }, 'not json'), NOW],
      [sign('not json', good), NOW],
      [`${h}.${p}.${s.slice(0, -1)}`, NOW],
      [`${h}.${p}.${s}x`, NOW],
      [`${h}.${p}`, NOW],
      [`${h}.${p}.${s}.x`, NOW],
      [`${h}.${b64({ ...good, sub: 'admin' })}.${s}`, NOW],
      ['', NOW],
      ['..', NOW],
    ];
    for (const [token, now] of cases) {
      const expected = await joseVerdict(token, now);
      expect({ token, verdict: await verifyToken(keys, token, now) }).toEqual({ token, verdict: expected });
    }
  });

  it('jose verifies what we sign', async () => {
    const token = await signToken(keys, { sub: 'u', type: 'refresh', sid: 's', gen: 1 }, 60, NOW);
    expect(await joseVerdict(token, NOW)).toEqual({ sub: 'u', type: 'refresh', sid: 's', gen: 1, iat: NOW, exp: NOW + 60 });
  });
});
