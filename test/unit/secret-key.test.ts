// Secret key → Fernet key, against Langflow's own derivation (vectors made by Langflow 1.8 and
// Python's cryptography), and Flowgate's HKDF derivation for the keys Langflow cannot use (D20).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { PythonRandom } from '../../src/auth/python-random.js';
import { deriveFernetKey, deriveSubkey, generateSecretKey, keyFingerprint } from '../../src/auth/secret-key.js';

/** The fixture databases are in WAL mode: even a read-only open would leave -shm/-wal files beside them. */
const fixtureCopies: string[] = [];
function openFixtureCopy(relative: string): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-fixture-'));
  fixtureCopies.push(dir);
  copyFileSync(fileURLToPath(new URL(relative, import.meta.url)), join(dir, 'copy.db'));
  return new Database(join(dir, 'copy.db'), { readonly: true, fileMustExist: true });
}
afterAll(() => {
  for (const dir of fixtureCopies) rmSync(dir, { recursive: true, force: true });
});

interface Vector {
  secret_key: string;
  secret_key_code_points: number;
  fernet_key: string;
  ciphertexts: { plaintext: string; token: string }[];
}
interface Rejected { secret_key: string; langflow_accepts: boolean }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/langflow/secret-keys.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
  long_keys_langflow_rejects: Rejected[];
};

const DOCS_EXAMPLE_KEY = 'dBuuuB_FHLvU8T9eUNlxQF9ppqRxwWpXXQ42kM2_fb';

describe('Langflow secret-key vectors', () => {
  it('has vectors, including keys outside the BMP', () => {
    expect(fixture.vectors.length).toBeGreaterThan(10);
    expect(fixture.vectors.some((v) => v.secret_key_code_points !== v.secret_key.length)).toBe(true);
  });

  it.each(fixture.vectors)('derives $fernet_key from $secret_key', (v) => {
    expect([...v.secret_key].length).toBe(v.secret_key_code_points);
    const { fernetKey, method } = deriveFernetKey(v.secret_key);
    expect(fernetKey).toBe(v.fernet_key);
    expect(method).toBe(v.secret_key_code_points < 32 ? 'langflow-seeded' : 'langflow-as-is');
    const fernet = new Fernet(fernetKey);
    expect(v.ciphertexts.length).toBeGreaterThan(0);
    for (const c of v.ciphertexts) expect(fernet.decryptString(c.token)).toBe(c.plaintext);
  });

  it.each(fixture.long_keys_langflow_rejects)('accepts $secret_key, which Langflow rejects, by HKDF', (v) => {
    expect(v.langflow_accepts).toBe(false);
    const { fernetKey, method } = deriveFernetKey(v.secret_key);
    expect(method).toBe('hkdf');
    expect(fernetKey).toHaveLength(44);
    const fernet = new Fernet(fernetKey);
    expect(fernet.decryptString(fernet.encrypt('round trip ✓'))).toBe('round trip ✓');
    expect(deriveFernetKey(v.secret_key).fernetKey).toBe(fernetKey);
  });

  it("covers the documentation's example key", () => {
    expect(fixture.long_keys_langflow_rejects.map((v) => v.secret_key)).toContain(DOCS_EXAMPLE_KEY);
  });
});

describe('Langflow 1.8 databases (fixtures) decrypt with the derived key', () => {
  for (const name of ['langflow-1.8.db', 'langflow-1.8-short-key.db']) {
    it(name, () => {
      const manifest = JSON.parse(
        readFileSync(new URL(`../fixtures/langflow/${name}.manifest.json`, import.meta.url), 'utf8'),
      ) as {
        secret_key: string;
        fernet_key: string;
        users: { id: string; store_api_key: string | null }[];
        variables: { id: string; type: string; value: string }[];
      };
      const { fernetKey } = deriveFernetKey(manifest.secret_key);
      expect(fernetKey).toBe(manifest.fernet_key);
      const fernet = new Fernet(fernetKey);
      const db = openFixtureCopy(`../fixtures/langflow/${name}`);
      try {
        const hex = (id: string) => id.replace(/-/g, '');
        const credentials = manifest.variables.filter((v) => v.type === 'Credential');
        expect(credentials.length).toBeGreaterThan(0);
        for (const variable of credentials) {
          const row = db.prepare('SELECT value FROM variable WHERE id = ?').get(hex(variable.id)) as { value: string };
          expect(fernet.decryptString(row.value)).toBe(variable.value);
        }
        const withStoreKey = manifest.users.filter((u) => u.store_api_key !== null);
        expect(withStoreKey.length).toBeGreaterThan(0);
        for (const user of withStoreKey) {
          const row = db.prepare('SELECT store_api_key FROM user WHERE id = ?').get(hex(user.id)) as {
            store_api_key: string;
          };
          expect(fernet.decryptString(row.store_api_key)).toBe(user.store_api_key);
        }
      } finally {
        db.close();
      }
    });
  }
});

// Langflow hands any key of 32+ code points, padded with '=' * (4 - len % 4), to Fernet, whose
// base64 decoding is lenient. Expected values produced by Python 3 + cryptography 48.0.0 with
// Langflow 1.8's ensure_valid_key(): `key_bytes` = urlsafe_b64encode(urlsafe_b64decode(padded key)),
// `token` = Fernet(padded key).encrypt('flowgate oracle ✓'.encode()).
const PYTHON_ORACLE: { secret_key: string; langflow_accepts: boolean; key_bytes?: string; token?: string }[] = [
  { secret_key: 'q4t+Xo8/Vd1Yh3X2yUQ0m0v9LJr4u6kzq2c1YbJmF0E=', langflow_accepts: true, key_bytes: 'q4t-Xo8_Vd1Yh3X2yUQ0m0v9LJr4u6kzq2c1YbJmF0E=', token: 'gAAAAABrCPh1Zz79Ff069AUAzSpFCbDpOZeKgc4aA0_H_dTTVUm6kedL9xmmmptxBBx63D8uOC70c5H-lMCbDXOmwUNrVUIis74nUC3V_75BFLkyYNUnCDg=' },
  { secret_key: 'q4t+Xo8/Vd1Yh3X2yUQ0m0v9LJr4u6kzq2c1YbJmF0E', langflow_accepts: true, key_bytes: 'q4t-Xo8_Vd1Yh3X2yUQ0m0v9LJr4u6kzq2c1YbJmF0E=', token: 'gAAAAABrCPh14QOeFmSU3SyQS-RshvjcLj8HcGi2ZiZTuQ-JDEzMwlg96xtpIwMwHrBN8ljJV03Di3E1GxDdeZ0rvzeYp7qA7ZNLUbRbV_qSrzpegf8MyrE=' },
  { secret_key: 'Ehm.SVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK', langflow_accepts: true, key_bytes: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoI=', token: 'gAAAAABrCPh1ovCyh10t_80tiC0QKf3-jAs7HnTz4CWQAmIC1vcH8bnthadB7WaGSyxL1eoxx-48qOIt8-h4nsjXYcfV-NqpXacz5R_eGDaYZvwC9AsRwoc=' },
  { secret_key: ' EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK ', langflow_accepts: true, key_bytes: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoI=', token: 'gAAAAABrCPh1I-iJ4YxsV2bHF1VrGdIZKXRRbAljq3aG0AxNeEYer94nqckqe-Z21Us_IIygKiev384Wf4wPHokhQUQfnf4u2MwnqZyvLxUAmZHHoftdsTk=' },
  { secret_key: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK==', langflow_accepts: true, key_bytes: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoI=', token: 'gAAAAABrCPh1zG_j0hyVtb6x7_cQjSyJnFDamwN907tj59IcDgIIId_QIeQH605AekoadoaS0TsTOCelGYAjyE8P4bSeGbLGLAyfTySAIv8qoEeRWn62JyU=' },
  { secret_key: 'Ehm=SVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK', langflow_accepts: false },
  { secret_key: 'Eh=mSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK', langflow_accepts: true, key_bytes: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoI=', token: 'gAAAAABrCPh1rdICZOMmoFoH2YnsEV6s4j4qFrk-zFX3MKpt58PdgPxImcTDtwZWVPFB3R5Cd9wq_7EoDRrNKrX68ZMIT6ch4Js4mo6EsqmEHYIk6lIw2Zg=' },
  { secret_key: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoKé', langflow_accepts: true, key_bytes: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoI=', token: 'gAAAAABrCPh1qgMusNWs02J1oJFoRtNBiTSdh51NJzcZD4WTuVaSSKDwu5sewfj72JJz8P7o8E6sI5e9FA2NHFwFsk6Gt702b8_7JR9Xc65331s8oa7Cizw=' },
  { secret_key: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRo', langflow_accepts: false },
  { secret_key: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoKA', langflow_accepts: false },
  { secret_key: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK=A', langflow_accepts: true, key_bytes: 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoI=', token: 'gAAAAABrCPh1Agj2ovxP8V14_V4IsSTdgeQsct8VbU-3R5u3wSE_oitrB5oe_qf4hDj7GAp0SxseMrgWVx-67mZc_mJCLvNcP59jkfSRsR9ToRID1dQrjk4=' },
  { secret_key: '🔑'.repeat(32), langflow_accepts: false },
];

describe('long keys Langflow accepts beyond 43 base64url characters (Python oracle)', () => {
  it.each(PYTHON_ORACLE)('$secret_key → accepted by Langflow: $langflow_accepts', (v) => {
    const { fernetKey, method } = deriveFernetKey(v.secret_key);
    if (!v.langflow_accepts) {
      expect(method).toBe('hkdf');
      return;
    }
    expect(method).toBe('langflow-as-is');
    expect(Buffer.from(fernetKey, 'base64url').equals(Buffer.from(v.key_bytes!, 'base64url'))).toBe(true);
    expect(new Fernet(fernetKey).decryptString(v.token!)).toBe('flowgate oracle ✓');
  });
});

describe("CPython's random.seed(str) / getrandbits(8)", () => {
  // Python: random.seed(s); base64.urlsafe_b64encode(bytes(random.getrandbits(8) for _ in range(32)))
  it.each([
    // The seed integer starts with a zero byte: 16 words, not 17.
    ['\x00', 'wsNz-7P8_oXt3hztHWQQN0bjMPhkvqHB_Uq4m1n1EAM='],
    ['\x00\x00\x00\x00\x00', 'xueakd7-J05pE3_nXFVkxqAz6QlkCDlk1etSPe_ofns='],
    ['🔑'.repeat(31), '899iPOVM6pO5Wff5SrVGa37q9god36hGx2-5HInewGs='],
  ])('seed %j', (seed, expected) => {
    const random = new PythonRandom(seed);
    const bytes = Buffer.from(Array.from({ length: 32 }, () => random.getrandbits(8)));
    expect(bytes.toString('base64url')).toBe(expected.replace(/=$/, ''));
    expect(deriveFernetKey(seed)).toEqual({ fernetKey: expected, method: 'langflow-seeded' });
  });
});

describe('HKDF derivations', () => {
  // Python: HKDF(SHA256(), 32, salt=b'flowgate', info=...).derive(key.encode()) (cryptography 48.0.0).
  it('derives the D20 Fernet key as documented', () => {
    expect(deriveFernetKey(DOCS_EXAMPLE_KEY).fernetKey).toBe('DMtSlTmleNfu7RMutumYFuaci6j6-JrLBAP1WN_-mDA=');
    expect(deriveFernetKey('🔑'.repeat(32)).fernetKey).toBe('t-MAICpuNBY1MKLzofFieDgRXOn_iWqL3JNWUXhxUYU=');
  });

  it('derives labelled subkeys and the fingerprint as documented', () => {
    expect(deriveSubkey('langflow', 'jwt').toString('hex')).toBe(
      'bd1e376f62505553dd766a61379ffb6cc9e96d3f2539fdf3cdd2d16dc103867e',
    );
    expect(keyFingerprint('langflow')).toBe('f2fd12eddc915a2b');
    expect(keyFingerprint('short-secret')).toBe('eb13b9474785ca4a');
  });

  it('gives independent keys per label and per secret key, of the asked length', () => {
    const jwt = deriveSubkey('k', 'jwt');
    expect(jwt).toHaveLength(32);
    expect(jwt.equals(deriveSubkey('k', 'cookie'))).toBe(false);
    expect(jwt.equals(deriveSubkey('k2', 'jwt'))).toBe(false);
    expect(deriveSubkey('k', 'jwt', 64)).toHaveLength(64);
    expect(keyFingerprint('k')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never hands out the secret key itself', () => {
    const key = 'EhmSVkyeiLU7EUaF-TDG5j8EE8eVxgTj0R6ekNiMRoK';
    expect(deriveSubkey(key, 'jwt').equals(Buffer.from(key, 'base64url'))).toBe(false);
    expect(keyFingerprint(key)).not.toContain(key.slice(0, 8));
  });
});

describe('generateSecretKey', () => {
  it('is token_urlsafe(32)-like, and Langflow would use it as is', () => {
    const keys = new Set(Array.from({ length: 20 }, () => generateSecretKey()));
    expect(keys.size).toBe(20);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key, 'base64url')).toHaveLength(32);
      expect(deriveFernetKey(key)).toEqual({ fernetKey: `${key}=`, method: 'langflow-as-is' });
    }
  });
});
