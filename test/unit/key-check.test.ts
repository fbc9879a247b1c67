// The key check value on a real SQLite file (D21).
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../../src/auth/secret-key.js';
import { checkSecretKey, SecretKeyMismatchError, writeKeyCheck } from '../../src/services/secret-key/key-check.js';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

let dir: string;
let storage: Storage;

const KEY = 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK';
const OTHER = 'short-secret';

const stored = async () => {
  const rows = await storage.db.selectFrom('fg_meta').selectAll().where('key', '=', 'key_check').execute();
  return rows.map((row) => row.value);
};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'flowgate-keycheck-'));
  storage = openStorage(`sqlite:///${path.join(dir, 'flowgate.db')}`);
  await migrateToLatest(storage.db);
});
afterEach(async () => {
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('checkSecretKey', () => {
  it('stores a check value on first use: the fingerprint and a token the key decrypts', async () => {
    await checkSecretKey(storage.db, KEY);
    const [value] = await stored();
    const parsed = JSON.parse(value) as { fingerprint: string; token: string };
    expect(parsed.fingerprint).toBe(keyFingerprint(KEY));
    expect(new Fernet(deriveFernetKey(KEY).fernetKey).decryptString(parsed.token)).toBe('flowgate-key-check');
    expect(value).not.toContain(KEY);

    await checkSecretKey(storage.db, KEY); // the same key passes and changes nothing
    expect(await stored()).toEqual([value]);
  });

  it('stops on another key, naming both fingerprints and the fix, and writes nothing', async () => {
    await checkSecretKey(storage.db, KEY);
    const before = await stored();
    const error = await checkSecretKey(storage.db, OTHER).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretKeyMismatchError);
    const mismatch = error as SecretKeyMismatchError;
    expect(mismatch.expectedFingerprint).toBe(keyFingerprint(KEY));
    expect(mismatch.givenFingerprint).toBe(keyFingerprint(OTHER));
    expect(mismatch.message).toContain(keyFingerprint(KEY));
    expect(mismatch.message).toContain(keyFingerprint(OTHER));
    expect(mismatch.message).toContain('LANGFLOW_SECRET_KEY');
    expect(mismatch.message).toContain('flowgate secret-key rotate');
    expect(mismatch.message).toContain('LANGFLOW_SECRET_KEY_PREVIOUS');
    expect(mismatch.message).not.toContain(KEY);
    expect(mismatch.message).not.toContain(OTHER);
    expect(await stored()).toEqual(before);
  });

  it('checks by decryption: a key deriving the same Fernet key passes', async () => {
    await checkSecretKey(storage.db, KEY);
    // Langflow decodes `KEY==` to the same Fernet key as KEY (see secret-key tests).
    await expect(checkSecretKey(storage.db, `${KEY}==`)).resolves.toBeUndefined();
  });

  it('accepts the previous key during a rolling key change', async () => {
    await checkSecretKey(storage.db, OTHER);
    await expect(checkSecretKey(storage.db, KEY)).rejects.toThrow(SecretKeyMismatchError);
    await expect(checkSecretKey(storage.db, KEY, OTHER)).resolves.toBeUndefined();
    await expect(checkSecretKey(storage.db, KEY, 'yet another key')).rejects.toThrow(SecretKeyMismatchError);
    expect(JSON.parse((await stored())[0]).fingerprint).toBe(keyFingerprint(OTHER));
  });

  it('lets concurrent first starts agree on one value', async () => {
    const second = openStorage(`sqlite:///${path.join(dir, 'flowgate.db')}`);
    try {
      const results = await Promise.allSettled([
        checkSecretKey(storage.db, KEY),
        checkSecretKey(second.db, KEY),
        checkSecretKey(storage.db, OTHER),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      expect(await stored()).toHaveLength(1);
      const winner = JSON.parse((await stored())[0]).fingerprint as string;
      for (const [i, key] of [KEY, KEY, OTHER].entries()) {
        const ok = keyFingerprint(key) === winner;
        expect(results[i].status, `call ${i}`).toBe(ok ? 'fulfilled' : 'rejected');
      }
    } finally {
      await second.close();
    }
  });

  it('refuses a damaged check value with a clear error', async () => {
    await storage.db.insertInto('fg_meta').values({ key: 'key_check', value: 'not json' }).execute();
    await expect(checkSecretKey(storage.db, KEY)).rejects.toThrow(/key_check/);
  });
});

describe('writeKeyCheck', () => {
  it('replaces the check value (the last step of a rotation)', async () => {
    await checkSecretKey(storage.db, OTHER);
    await writeKeyCheck(storage.db, KEY);
    await expect(checkSecretKey(storage.db, KEY)).resolves.toBeUndefined();
    await expect(checkSecretKey(storage.db, OTHER)).rejects.toThrow(SecretKeyMismatchError);
    expect(await stored()).toHaveLength(1);
  });

  it('creates the value when there is none', async () => {
    await writeKeyCheck(storage.db, KEY);
    await expect(checkSecretKey(storage.db, KEY)).resolves.toBeUndefined();
  });
});
