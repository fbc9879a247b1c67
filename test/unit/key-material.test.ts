// Secret key and JWT key files in a temporary config directory (SPEC §6, D21).
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveSubkey } from '../../src/auth/secret-key.js';
import { signToken, verifyToken } from '../../src/auth/jwt.js';
import type { Config } from '../../src/config/config-types.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { KeyMaterialError, loadSecretKey, loadTokenKeys, type FsLike } from '../../src/services/secret-key/key-material.js';

let dir: string;
let configDir: string;
const config = (extra: Record<string, string> = {}): Config =>
  parseConfig({ HOME: dir, LANGFLOW_CONFIG_DIR: configDir, ...extra });
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const posix = process.platform !== 'win32';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'flowgate-keys-'));
  configDir = path.join(dir, 'nested', 'config');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadSecretKey', () => {
  it('generates a key once, 0600, with a warning, and reuses it', () => {
    const first = loadSecretKey(config());
    const file = path.join(configDir, 'secret_key');
    expect(first.source).toBe('generated');
    expect(first.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.warning).toMatch(/LANGFLOW_SECRET_KEY/);
    expect(fs.readFileSync(file, 'utf8')).toBe(first.secretKey);
    if (posix) expect(mode(file)).toBe(0o600);
    const before = fs.statSync(file).mtimeMs;

    const second = loadSecretKey(config());
    expect(second).toEqual({ secretKey: first.secretKey, source: 'file' });
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(fs.readdirSync(configDir)).toEqual(['secret_key']); // no temporary files left
  });

  it('uses LANGFLOW_SECRET_KEY and never writes the file (D21)', () => {
    const fromEnv = loadSecretKey(config({ LANGFLOW_SECRET_KEY: 'from-the-environment' }));
    expect(fromEnv).toEqual({ secretKey: 'from-the-environment', source: 'env' });
    expect(fs.existsSync(configDir)).toBe(false);

    fs.mkdirSync(configDir, { recursive: true });
    fs.writeFileSync(path.join(configDir, 'secret_key'), 'the-file-key', { mode: 0o600 });
    expect(loadSecretKey(config({ LANGFLOW_SECRET_KEY: 'from-the-environment' })).secretKey).toBe('from-the-environment');
    expect(fs.readFileSync(path.join(configDir, 'secret_key'), 'utf8')).toBe('the-file-key');
  });

  it('reads the file as is, trimming only the trailing newline', () => {
    fs.mkdirSync(configDir, { recursive: true });
    const file = path.join(configDir, 'secret_key');
    fs.writeFileSync(file, ' spaced key\twith tab \r\n', { mode: 0o600 });
    expect(loadSecretKey(config())).toEqual({ secretKey: ' spaced key\twith tab ', source: 'file' });
    fs.writeFileSync(file, '🔑key\n');
    expect(loadSecretKey(config()).secretKey).toBe('🔑key');
  });

  it('stops on an empty file instead of replacing it', () => {
    fs.mkdirSync(configDir, { recursive: true });
    const file = path.join(configDir, 'secret_key');
    fs.writeFileSync(file, '\n', { mode: 0o600 });
    expect(() => loadSecretKey(config())).toThrow(KeyMaterialError);
    expect(() => loadSecretKey(config())).toThrow(/empty/);
    expect(fs.readFileSync(file, 'utf8')).toBe('\n');
  });

  it('stops on an unreadable file instead of replacing it', () => {
    fs.mkdirSync(path.join(configDir, 'secret_key'), { recursive: true }); // EISDIR
    expect(() => loadSecretKey(config())).toThrow(KeyMaterialError);

    const denied: FsLike = {
      ...fs,
      readFileSync: (() => {
        throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      }) as FsLike['readFileSync'],
    };
    expect(() => loadSecretKey(config(), denied)).toThrow(/Cannot read the secret key file .*EACCES.*LANGFLOW_SECRET_KEY/s);
  });

  it('warns about a key file other users can read', () => {
    if (!posix) return;
    fs.mkdirSync(configDir, { recursive: true });
    const file = path.join(configDir, 'secret_key');
    fs.writeFileSync(file, 'shared-key');
    fs.chmodSync(file, 0o644);
    const loaded = loadSecretKey(config());
    expect(loaded.secretKey).toBe('shared-key');
    expect(loaded.warning).toMatch(/chmod 600/);
  });

  it('uses the key of an instance that created the file first', () => {
    const file = path.join(configDir, 'secret_key');
    let raced = false;
    const racing: FsLike = {
      ...fs,
      readFileSync: ((target: fs.PathOrFileDescriptor, options?: unknown) => {
        if (target === file && !raced) {
          raced = true; // another instance writes the file just after our first look
          fs.mkdirSync(configDir, { recursive: true });
          fs.writeFileSync(file, 'their-key', { mode: 0o600 });
          throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        }
        return fs.readFileSync(target, options as BufferEncoding);
      }) as FsLike['readFileSync'],
    };
    expect(loadSecretKey(config(), racing)).toEqual({ secretKey: 'their-key', source: 'file' });
    expect(fs.readFileSync(file, 'utf8')).toBe('their-key');
    expect(fs.readdirSync(configDir)).toEqual(['secret_key']);
  });
});

describe('loadTokenKeys', () => {
  const NOW = 1_800_000_000;

  it('HS256 uses the HKDF subkey "jwt" and writes nothing', async () => {
    const keys = await loadTokenKeys(config(), 'the secret');
    expect(keys.algorithm).toBe('HS256');
    expect(Buffer.from(keys.signKey as Uint8Array).equals(deriveSubkey('the secret', 'jwt'))).toBe(true);
    expect(fs.existsSync(configDir)).toBe(false);
  });

  for (const algorithm of ['RS256', 'RS512'] as const) {
    it(`${algorithm} creates the key pair once (private 0600) and reuses it`, async () => {
      const first = await loadTokenKeys(config({ LANGFLOW_ALGORITHM: algorithm }), 'unused');
      const privateFile = path.join(configDir, 'jwt_private_key.pem');
      const publicFile = path.join(configDir, 'jwt_public_key.pem');
      expect(first.algorithm).toBe(algorithm);
      expect(fs.readFileSync(privateFile, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
      expect(fs.readFileSync(publicFile, 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
      if (posix) expect(mode(privateFile)).toBe(0o600);
      const token = await signToken(first, { sub: 'u' }, 60, NOW);

      const privateBefore = fs.readFileSync(privateFile, 'utf8');
      const second = await loadTokenKeys(config({ LANGFLOW_ALGORITHM: algorithm }), 'unused');
      expect(await verifyToken(second, token, NOW)).toMatchObject({ sub: 'u' });
      expect(fs.readFileSync(privateFile, 'utf8')).toBe(privateBefore);
      expect(fs.readdirSync(configDir).sort()).toEqual(['jwt_private_key.pem', 'jwt_public_key.pem']);

      fs.rmSync(publicFile); // the public key is rebuilt from the private one
      const third = await loadTokenKeys(config({ LANGFLOW_ALGORITHM: algorithm }), 'unused');
      expect(await verifyToken(third, token, NOW)).toMatchObject({ sub: 'u' });
    });
  }

  it('refuses a public key that does not match the private key, and an unreadable private key', async () => {
    await loadTokenKeys(config({ LANGFLOW_ALGORITHM: 'RS256' }), 'unused');
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    await loadTokenKeys(parseConfig({ HOME: dir, LANGFLOW_CONFIG_DIR: other, LANGFLOW_ALGORITHM: 'RS256' }), 'unused');
    fs.copyFileSync(path.join(other, 'jwt_public_key.pem'), path.join(configDir, 'jwt_public_key.pem'));
    await expect(loadTokenKeys(config({ LANGFLOW_ALGORITHM: 'RS256' }), 'unused')).rejects.toThrow(KeyMaterialError);

    fs.writeFileSync(path.join(configDir, 'jwt_private_key.pem'), 'not a key');
    await expect(loadTokenKeys(config({ LANGFLOW_ALGORITHM: 'RS256' }), 'unused')).rejects.toThrow(KeyMaterialError);
    expect(fs.readFileSync(path.join(configDir, 'jwt_private_key.pem'), 'utf8')).toBe('not a key');
  });
});
