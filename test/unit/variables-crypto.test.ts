// Stored variable values against Langflow's own ciphertexts: tokens Python made (secret-keys.json)
// and the variable table / Store keys of real Langflow 1.8 databases open through the same code
// the server reads them with; and what Flowgate writes under a Langflow-style key opens with
// the Fernet key Langflow derives, so the data can go back.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey } from '../../src/auth/secret-key.js';
import { openStoredValue, sealValue, tryOpen, VariableDecryptError } from '../../src/services/variables/variable-values.js';

interface Vector { secret_key: string; fernet_key: string; ciphertexts: { plaintext: string; token: string }[] }
interface Manifest {
  secret_key: string;
  fernet_key: string;
  users: { id: string; username: string; store_api_key: string | null }[];
  variables: { id: string; name: string; type: string; owner: string; value: string }[];
}

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');
const vectors = (JSON.parse(read('../fixtures/langflow/secret-keys.json')) as { vectors: Vector[] }).vectors;
const ringFor = (secretKey: string, previous?: string) => ({
  fernet: new Fernet(deriveFernetKey(secretKey).fernetKey),
  previousFernet: previous === undefined ? undefined : new Fernet(deriveFernetKey(previous).fernetKey),
});

// The fixtures are WAL databases: open copies, so not even -shm files appear beside them.
const copies: string[] = [];
function openCopy(name: string): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-lf18-'));
  copies.push(dir);
  copyFileSync(fileURLToPath(new URL(`../fixtures/langflow/${name}`, import.meta.url)), join(dir, 'copy.db'));
  return new Database(join(dir, 'copy.db'), { readonly: true, fileMustExist: true });
}
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** Langflow stores uuid.hex; the manifests show canonical ids. */
const canonical = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

describe('Python-made Fernet tokens', () => {
  it.each(vectors.map((v) => [JSON.stringify(v.secret_key), v] as const))('open as stored values under the key %s', (_label, vector) => {
    expect(vector.ciphertexts.length).toBeGreaterThan(0);
    const keys = ringFor(vector.secret_key);
    for (const { plaintext, token } of vector.ciphertexts) {
      expect(openStoredValue(keys, { name: 'V', type: 'Credential', value: token })).toBe(plaintext);
    }
  });

  it('open through LANGFLOW_SECRET_KEY_PREVIOUS when the current key is another', () => {
    const [vector] = vectors.filter((v) => v.ciphertexts.some((c) => c.plaintext !== ''));
    const { plaintext, token } = vector.ciphertexts.find((c) => c.plaintext !== '')!;
    expect(tryOpen(ringFor('a-completely-different-current-key-0123456789'), token)).toBeUndefined();
    expect(openStoredValue(ringFor('a-completely-different-current-key-0123456789', vector.secret_key), { name: 'V', type: 'Credential', value: token })).toBe(plaintext);
  });

  it('a Credential no key opens is an error naming the variable, never the value', () => {
    const { token } = vectors[3].ciphertexts[0];
    const attempt = () => openStoredValue(ringFor('not-the-key'), { name: 'OPENAI_API_KEY', type: 'Credential', value: token });
    expect(attempt).toThrow(VariableDecryptError);
    expect(attempt).toThrow(/OPENAI_API_KEY/);
  });
});

describe.each(['langflow-1.8.db', 'langflow-1.8-short-key.db'])('the Langflow 1.8 database %s', (file) => {
  const manifest = JSON.parse(read(`../fixtures/langflow/${file}.manifest.json`)) as Manifest;
  const keys = ringFor(manifest.secret_key);

  it('derives the Fernet key Langflow used', () => {
    expect(deriveFernetKey(manifest.secret_key).fernetKey).toBe(manifest.fernet_key);
  });

  it('every variable value reads back as the manifest says (Credentials encrypted, Generics as Langflow left them)', () => {
    const db = openCopy(file);
    const rows = db.prepare('select id, name, type, value from variable').all() as { id: string; name: string; type: string; value: string }[];
    db.close();
    expect(rows).toHaveLength(manifest.variables.length);
    for (const expected of manifest.variables) {
      const row = rows.find((r) => canonical(r.id) === expected.id)!;
      expect(row, expected.id).toBeDefined();
      if (expected.type === 'Credential') expect(row.value).not.toBe(expected.value);
      expect(openStoredValue(keys, row)).toBe(expected.value);
    }
  });

  it('every Store API key decrypts', () => {
    const db = openCopy(file);
    const rows = db.prepare('select id, store_api_key from user').all() as { id: string; store_api_key: string | null }[];
    db.close();
    const withKeys = manifest.users.filter((u) => u.store_api_key !== null);
    expect(withKeys.length).toBeGreaterThan(0);
    for (const user of withKeys) {
      const row = rows.find((r) => canonical(r.id) === user.id)!;
      expect(tryOpen(keys, row.store_api_key!)).toBe(user.store_api_key);
    }
  });

  it('what Flowgate writes under this key opens with the Fernet key Langflow derives', () => {
    const sealed = sealValue(keys, 'written by flowgate ✓');
    expect(new Fernet(manifest.fernet_key).decryptString(sealed)).toBe('written by flowgate ✓');
  });
});

it('the short-key fixture really is a short (seeded-derivation) key', () => {
  const manifest = JSON.parse(read('../fixtures/langflow/langflow-1.8-short-key.db.manifest.json')) as Manifest;
  expect([...manifest.secret_key].length).toBeLessThan(32);
  expect(deriveFernetKey(manifest.secret_key).method).toBe('langflow-seeded');
});
