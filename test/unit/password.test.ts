// Password hashing: argon2id for new hashes, Langflow's bcrypt hashes verified and flagged for
// upgrade, no truncation, and the same work for accounts that cannot match (D10, D12).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash as argon2Hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, NO_PASSWORD, validateNewPassword, verifyDummy, verifyPassword } from '../../src/auth/password.js';

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

describe('hashPassword / verifyPassword (argon2id)', () => {
  it('hashes with argon2id at 19 MiB, t=2, p=1, salted', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('correct horsE', a)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword('', a)).toEqual({ ok: false, needsRehash: false });
  });

  it('does not truncate: passwords sharing their first 72 bytes differ', async () => {
    const common = 'é'.repeat(36); // 72 bytes of UTF-8
    const stored = await hashPassword(`${common}-one`);
    expect(await verifyPassword(`${common}-one`, stored)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword(`${common}-two`, stored)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword(common, stored)).toEqual({ ok: false, needsRehash: false });
  });

  it('verifies the reference implementation’s argon2id vector (phc-winner-argon2 test.c)', async () => {
    const reference = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
    expect(await verifyPassword('password', reference)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('Password', reference)).toEqual({ ok: false, needsRehash: false });
  });

  it('asks for a rehash of argon2id hashes weaker than the policy, only when the password is right', async () => {
    const weak = await argon2Hash('old password', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(weak).toMatch(/^\$argon2id\$.*m=4096,t=1/);
    expect(await verifyPassword('old password', weak)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('wrong', weak)).toEqual({ ok: false, needsRehash: false });
    const fewerPasses = await argon2Hash('old password', { memoryCost: 19456, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword('old password', fewerPasses)).toEqual({ ok: true, needsRehash: true });
  });

  it('hashes off the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await Promise.all([hashPassword('a password'), hashPassword('another password')]);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(2);
  });
});

describe('bcrypt hashes (imported from Langflow)', () => {
  it('verifies the $2a$ / $2y$ published vectors and flags them for rehash', async () => {
    // OpenBSD / jBCrypt test vectors and the PHP manual's password_verify example.
    const vectors: [string, string][] = [
      ['', '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.'],
      ['a', '$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe'],
      ['rasmuslerdorf', '$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a'],
    ];
    for (const [password, stored] of vectors) {
      expect(await verifyPassword(password, stored)).toEqual({ ok: true, needsRehash: true });
      expect(await verifyPassword(`${password}x`, stored)).toEqual({ ok: false, needsRehash: false });
    }
  });

  it("verifies every user of the Langflow 1.8 fixture database ($2b$, cost 12)", async () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../fixtures/langflow/langflow-1.8.db.manifest.json', import.meta.url), 'utf8'),
    ) as { users: { id: string; username: string; password: string }[] };
    const db = openFixtureCopy('../fixtures/langflow/langflow-1.8.db');
    try {
      expect(manifest.users.length).toBeGreaterThan(0);
      for (const user of manifest.users) {
        const row = db.prepare('SELECT password FROM user WHERE id = ?').get(user.id.replace(/-/g, '')) as {
          password: string;
        };
        expect(row.password).toMatch(/^\$2b\$/);
        expect(await verifyPassword(user.password, row.password), user.username).toEqual({ ok: true, needsRehash: true });
      }
      const first = manifest.users[0];
      const row = db.prepare('SELECT password FROM user WHERE id = ?').get(first.id.replace(/-/g, '')) as { password: string };
      expect(await verifyPassword(`${first.password}!`, row.password)).toEqual({ ok: false, needsRehash: false });
    } finally {
      db.close();
    }
  });
});

describe('values that never verify', () => {
  it('NO_PASSWORD, plaintext and unknown formats never match, even the same text', async () => {
    expect(NO_PASSWORD).toBe('!');
    for (const [password, stored] of [
      ['!', NO_PASSWORD],
      ['', NO_PASSWORD],
      ['password', 'password'],
      ['', ''],
      ['x', '$argon2id$garbage'],
      ['x', '$2b$12$short'],
      ['password', '$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'],
    ]) {
      expect(await verifyPassword(password, stored), stored).toEqual({ ok: false, needsRehash: false });
    }
  });
  // That NO_PASSWORD and verifyDummy cost what a real verification costs is a timing property:
  // it is measured by `npm run bench` (row 10: unknown user vs wrong password, in the
  // same run), not asserted here, where a loaded machine would make it flaky.
});

describe('validateNewPassword', () => {
  it('accepts 8 to 1024 characters, counted in code points', () => {
    expect(validateNewPassword('1234567')).toMatch(/at least 8/);
    expect(validateNewPassword('12345678')).toBeNull();
    expect(validateNewPassword('x'.repeat(1024))).toBeNull();
    expect(validateNewPassword('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(validateNewPassword('🔑'.repeat(4))).toMatch(/at least 8/); // 8 UTF-16 units, 4 characters
    expect(validateNewPassword('🔑'.repeat(8))).toBeNull();
    expect(validateNewPassword('🔑'.repeat(1024))).toBeNull(); // 2048 UTF-16 units
    expect(validateNewPassword('🔑'.repeat(1025))).toMatch(/at most 1024/);
    expect(validateNewPassword('')).not.toBeNull();
  });

  it('refuses lone surrogates, which would collide once encoded as UTF-8', () => {
    expect(validateNewPassword('abcdefgh\ud800')).not.toBeNull();
    expect(validateNewPassword('abcdefgh\udc00')).not.toBeNull();
  });
});
