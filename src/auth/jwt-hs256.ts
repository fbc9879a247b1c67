// HS256 tokens with node:crypto's HMAC on a key imported once. jose goes through WebCrypto, which
// re-imports the key and hops to the thread pool on every call (~50 µs, a quarter of a Bearer
// request); this is a few µs. The checks are jose's for our options: algorithm pinned, no `crit`,
// payload a JSON object, numeric `exp` required and in the future, `nbf` and `iat` numeric.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

// JSON.stringify({ alg: 'HS256', typ: 'JWT' }), as jose's SignJWT writes it.
const HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

export function signHs256(key: KeyObject, payload: Record<string, unknown>): string {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** The payload of a well-signed, unexpired HS256 token; null for anything else. */
export function verifyHs256(key: KeyObject, token: string, nowSeconds: number): Record<string, unknown> | null {
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot <= firstDot + 1 || token.indexOf('.', secondDot + 1) !== -1) return null;
  const input = token.slice(0, secondDot);
  // Compared as canonical base64url text: one signature has exactly one accepted spelling.
  const expected = Buffer.from(createHmac('sha256', key).update(input).digest('base64url'));
  const presented = Buffer.from(token.slice(secondDot + 1));
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  const header = parseObject(token.slice(0, firstDot));
  if (!header || header.alg !== 'HS256' || header.crit !== undefined) return null;
  const payload = parseObject(token.slice(firstDot + 1, secondDot));
  if (!payload) return null;
  const { exp, nbf, iat } = payload;
  if (typeof exp !== 'number' || exp <= nowSeconds) return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return null;
  if (iat !== undefined && typeof iat !== 'number') return null;
  return payload;
}

function parseObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
