// JSON Web Tokens for sessions (SPEC §8), with jose. Times come from the caller's clock, never
// the wall clock, so tests can move time; the algorithm is pinned on verification.
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signHs256, verifyHs256 } from './jwt-hs256.js';

// jose serves only RS256/RS512: loaded on their first use, not at every start (issue 12).
const loadJose = () => import('jose');

export type TokenAlgorithm = 'HS256' | 'RS256' | 'RS512';

export interface TokenKeys {
  algorithm: TokenAlgorithm;
  signKey: KeyObject | Uint8Array;
  verifyKey: KeyObject | Uint8Array;
  /** HS256: the key imported once for node:crypto's HMAC (RS256/RS512 go through jose). */
  hmacKey?: KeyObject;
}

const MIN_RSA_BITS = 2048;

export async function signToken(
  keys: TokenKeys,
  claims: Record<string, unknown>,
  expiresInSeconds: number,
  nowSeconds: number,
): Promise<string> {
  const now = Math.floor(nowSeconds);
  if (keys.hmacKey) return signHs256(keys.hmacKey, { ...claims, iat: now, exp: now + expiresInSeconds });
  const { SignJWT } = await loadJose();
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: keys.algorithm, typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(keys.signKey);
}

/** The claims of a valid, unexpired token signed with these keys and algorithm; otherwise null. */
export async function verifyToken(
  keys: TokenKeys,
  token: string,
  nowSeconds: number,
): Promise<Record<string, unknown> | null> {
  if (keys.hmacKey) return verifyHs256(keys.hmacKey, token, nowSeconds);
  const { jwtVerify } = await loadJose();
  try {
    const { payload } = await jwtVerify(token, keys.verifyKey, {
      // Pinned: a token announcing another algorithm (none, HS256 with the public key…) is refused.
      algorithms: [keys.algorithm],
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['exp'],
    });
    return payload as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function hmacTokenKeys(subkey: Uint8Array): TokenKeys {
  if (subkey.length < 32) throw new Error('HS256 needs a key of at least 32 bytes');
  return { algorithm: 'HS256', signKey: subkey, verifyKey: subkey, hmacKey: createSecretKey(subkey) };
}

export function rsaTokenKeys(algorithm: 'RS256' | 'RS512', privatePem: string, publicPem: string): TokenKeys {
  const signKey = createPrivateKey(privatePem);
  const verifyKey = createPublicKey(publicPem);
  const bits = signKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (signKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    throw new Error(`${algorithm} needs an RSA private key of at least ${MIN_RSA_BITS} bits`);
  }
  const derived = createPublicKey(signKey).export({ type: 'spki', format: 'der' });
  if (!derived.equals(verifyKey.export({ type: 'spki', format: 'der' }))) {
    throw new Error('The JWT public key does not belong to the JWT private key');
  }
  return { algorithm, signKey, verifyKey };
}

export function generateRsaKeyPairPem(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: MIN_RSA_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

/** The public key PEM of a private key PEM (the public file can always be rebuilt from it). */
export function publicPemOf(privatePem: string): string {
  return createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }).toString();
}
