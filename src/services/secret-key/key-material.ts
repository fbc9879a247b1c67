// Where the secret key and the JWT keys come from (SPEC §6, D21). The secret key file is written
// only when the key is generated, never when LANGFLOW_SECRET_KEY is set; an existing file that
// cannot be used stops start-up instead of being replaced (that would lose every encrypted value).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/config-types.js';
import { generateRsaKeyPairPem, hmacTokenKeys, publicPemOf, rsaTokenKeys, type TokenKeys } from '../../auth/jwt.js';
import { deriveSubkey, generateSecretKey } from '../../auth/secret-key.js';

export type FsLike = Pick<
  typeof fs,
  'readFileSync' | 'writeFileSync' | 'mkdirSync' | 'linkSync' | 'unlinkSync' | 'renameSync' | 'statSync'
>;

/** A key file that exists but cannot be used. The message says what to do. */
export class KeyMaterialError extends Error {
  override name = 'KeyMaterialError';
}

export interface LoadedSecretKey {
  secretKey: string;
  source: 'env' | 'file' | 'generated';
  warning?: string;
}

export const SECRET_KEY_FILE = 'secret_key';

/** Said by every command that needs the key when none is configured; never generates one. */
export function noSecretKeyMessage(config: Config, storedFingerprint?: string): string {
  return (
    `No secret key is configured: LANGFLOW_SECRET_KEY is not set and ${path.join(config.configDir, SECRET_KEY_FILE)} does not exist. ` +
    (storedFingerprint ? `This database was written with the key whose fingerprint is ${storedFingerprint}: ` : '') +
    'set LANGFLOW_SECRET_KEY (or --env-file) to the key this database was written with.'
  );
}
export const JWT_PRIVATE_KEY_FILE = 'jwt_private_key.pem';
export const JWT_PUBLIC_KEY_FILE = 'jwt_public_key.pem';

export function loadSecretKey(config: Config, fsImpl: FsLike = fs): LoadedSecretKey {
  if (config.secretKey) return { secretKey: config.secretKey, source: 'env' };
  const file = path.join(config.configDir, SECRET_KEY_FILE);
  const existing = readSecretKeyFile(fsImpl, file);
  if (existing !== undefined) return existing;

  fsImpl.mkdirSync(config.configDir, { recursive: true, mode: 0o700 });
  if (!createExclusive(fsImpl, file, generateSecretKey(), 0o600)) {
    // Another instance created it between our read and our write: use theirs.
    const theirs = readSecretKeyFile(fsImpl, file);
    if (theirs !== undefined) return theirs;
    throw new KeyMaterialError(`Could not create the secret key file ${file}.`);
  }
  const created = readSecretKeyFile(fsImpl, file);
  if (created === undefined) throw new KeyMaterialError(`Could not read back the secret key file ${file}.`);
  return {
    secretKey: created.secretKey,
    source: 'generated',
    warning:
      `Generated a new secret key in ${file}. It encrypts stored credentials: back it up. ` +
      'Deployments with more than one instance must set LANGFLOW_SECRET_KEY to the same value on every instance.',
  };
}

/** undefined when the file does not exist; throws when it exists but cannot be used. */
function readSecretKeyFile(fsImpl: FsLike, file: string): LoadedSecretKey | undefined {
  let content: string;
  try {
    content = fsImpl.readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new KeyMaterialError(
      `Cannot read the secret key file ${file} (${errorCode(error) ?? String(error)}). ` +
        'Fix its permissions, or set LANGFLOW_SECRET_KEY to the key that wrote this data. ' +
        'It is not replaced: a new key could not decrypt the stored credentials.',
    );
  }
  const secretKey = content.replace(/[\r\n]+$/, '');
  if (secretKey === '') {
    throw new KeyMaterialError(
      `The secret key file ${file} is empty. Put the key that wrote this data in it, or set ` +
        'LANGFLOW_SECRET_KEY; delete the file only if nothing was ever encrypted with it.',
    );
  }
  const loaded: LoadedSecretKey = { secretKey, source: 'file' };
  const mode = fsImpl.statSync(file).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    loaded.warning = `The secret key file ${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it.`;
  }
  return loaded;
}

export async function loadTokenKeys(config: Config, secretKey: string, fsImpl: FsLike = fs): Promise<TokenKeys> {
  if (config.algorithm === 'HS256') return hmacTokenKeys(deriveSubkey(secretKey, 'jwt'));
  const privateFile = path.join(config.configDir, JWT_PRIVATE_KEY_FILE);
  const publicFile = path.join(config.configDir, JWT_PUBLIC_KEY_FILE);
  let privatePem = readOptional(fsImpl, privateFile);
  if (privatePem === undefined) {
    fsImpl.mkdirSync(config.configDir, { recursive: true, mode: 0o700 });
    // Whoever links the file first wins; the others read the winner's key.
    createExclusive(fsImpl, privateFile, generateRsaKeyPairPem().privatePem, 0o600);
    privatePem = readOptional(fsImpl, privateFile);
    if (privatePem === undefined) throw new KeyMaterialError(`Could not create ${privateFile}.`);
  }
  let publicPem = readOptional(fsImpl, publicFile);
  try {
    if (publicPem === undefined) {
      // The public key is a function of the private one, so rebuilding it is always safe.
      publicPem = publicPemOf(privatePem);
      writeAtomic(fsImpl, publicFile, publicPem, 0o644);
    }
    return rsaTokenKeys(config.algorithm, privatePem, publicPem);
  } catch (error) {
    throw new KeyMaterialError(
      `The JWT key pair in ${config.configDir} cannot be used (${error instanceof Error ? error.message : String(error)}). ` +
        `Fix or remove ${JWT_PRIVATE_KEY_FILE} and ${JWT_PUBLIC_KEY_FILE} (removing them logs everyone out).`,
    );
  }
}

function readOptional(fsImpl: FsLike, file: string): string | undefined {
  try {
    return fsImpl.readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new KeyMaterialError(`Cannot read ${file} (${errorCode(error) ?? String(error)}); fix its permissions.`);
  }
}

/**
 * Writes `content` to `file` only if no file is there, atomically: a complete temporary file
 * is hard-linked into place, so a concurrent reader never sees a half-written key. False if the
 * file already existed.
 */
function createExclusive(fsImpl: FsLike, file: string, content: string, mode: number): boolean {
  const temp = tempName(file);
  fsImpl.writeFileSync(temp, content, { mode, flag: 'wx' });
  try {
    fsImpl.linkSync(temp, file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    // Filesystems without hard links: fall back to an exclusive create.
    try {
      fsImpl.writeFileSync(file, content, { mode, flag: 'wx' });
      return true;
    } catch (fallbackError) {
      if (errorCode(fallbackError) === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    fsImpl.unlinkSync(temp);
  }
}

function writeAtomic(fsImpl: FsLike, file: string, content: string, mode: number): void {
  const temp = tempName(file);
  fsImpl.writeFileSync(temp, content, { mode, flag: 'wx' });
  fsImpl.renameSync(temp, file);
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
