// The README's own order (issue 9, items 3 and 4): `npm start` first (a generated key in the key
// file), then a secure .env with its own LANGFLOW_SECRET_KEY. With nothing encrypted yet the new
// key is adopted and the log says so; with encrypted data start-up is refused with a message that
// names the database, the key file, both fingerprints and the exact command, and that command,
// run as printed, moves the data to the configured key.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../../src/auth/secret-key.js';
import { openStorage } from '../../src/storage/db.js';
import { CLI_ENTRY } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';

const SLOW = 120_000;
const NEW_KEY = 'dBuuuB_FHLvU8T9eUNlxQF9ppqRxwWpXXQ42kM2_fb';
const fernetOf = (key: string) => new Fernet(deriveFernetKey(key).fernetKey);

describe.each(databaseKinds())('adopting the .env key after a first start on $kind', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  async function firstStart(): Promise<{ database: TestDatabase; dir: string; env: Record<string, string>; envFile: string; keyFile: string }> {
    const database = await kind.create();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-adopt-'));
    cleanup.push(async () => {
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const env = { HOME: dir, LANGFLOW_DATABASE_URL: database.url, LANGFLOW_CONFIG_DIR: path.join(dir, 'config') };
    // `npm start`: auto-login, a generated key.
    const server = runCliInProcess(['run', '--port', '0', '--backend-only'], env);
    await server.waitFor(/running at/, 60_000);
    await server.stop();
    const envFile = path.join(dir, '.env');
    fs.writeFileSync(
      envFile,
      ['LANGFLOW_AUTO_LOGIN=False', 'LANGFLOW_SUPERUSER=administrator', 'LANGFLOW_SUPERUSER_PASSWORD=securepassword', `LANGFLOW_SECRET_KEY=${NEW_KEY}`, ''].join('\n'),
    );
    return { database, dir, env, envFile, keyFile: path.join(dir, 'config', 'secret_key') };
  }

  it('adopts the configured key when nothing is encrypted yet, and says so', async () => {
    const { env, envFile, keyFile } = await firstStart();
    const oldFingerprint = keyFingerprint(fs.readFileSync(keyFile, 'utf8'));
    const server = runCliInProcess(['run', '--port', '0', '--backend-only', '--env-file', envFile], env);
    try {
      await server.waitFor(/running at/, 60_000);
    } finally {
      await server.stop();
    }
    const output = server.output();
    expect(output).toMatch(/held nothing encrypted yet/);
    expect(output).toContain(keyFingerprint(NEW_KEY));
    expect(output).toContain(oldFingerprint);
    expect(output).not.toContain(NEW_KEY);
    const check = await runCliInProcess(['secret-key', 'check', '--env-file', envFile], env).exited;
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/^YES/m);
  }, SLOW);

  it('with encrypted data: refused with the database, the key file, both fingerprints and the command that works', async () => {
    const { database, env, envFile, keyFile } = await firstStart();
    const oldKey = fs.readFileSync(keyFile, 'utf8');
    const storage = openStorage(database.url);
    const variableId = randomUUID();
    try {
      const user = await storage.db.selectFrom('user').select('id').executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      await storage.db
        .insertInto('variable')
        .values({ id: variableId, name: 'OPENAI_API_KEY', value: fernetOf(oldKey).encrypt('sk-the-real-one'), type: 'Credential', default_fields: '[]', user_id: user.id, created_at: now, updated_at: now, from_env: false })
        .execute();
      const before = JSON.stringify(await storage.db.selectFrom('fg_meta').selectAll().orderBy('key').execute());

      const refused = await runCliInProcess(['run', '--port', '0', '--backend-only', '--env-file', envFile], env).exited;
      expect(refused.code).toBe(2);
      const message = refused.output;
      expect(message).toContain(storage.description);
      expect(message).toContain(keyFile);
      expect(message).toContain(keyFingerprint(oldKey));
      expect(message).toContain(keyFingerprint(NEW_KEY));
      expect(message).not.toContain(oldKey);
      expect(message).not.toContain(NEW_KEY);
      expect(message).not.toMatch(/\n\s+at /);
      expect(JSON.stringify(await storage.db.selectFrom('fg_meta').selectAll().orderBy('key').execute())).toBe(before);

      // The printed command, run as printed (with `npx flowgate` standing for the CLI under test).
      const command = /^\s+(LANGFLOW_SECRET_KEY_PREVIOUS=.* npx flowgate secret-key rotate.*)$/m.exec(message)?.[1];
      expect(command, message).toBeDefined();
      expect(command).toContain(`--env-file '${envFile}'`);
      const output = execFileSync('sh', ['-c', command!.replace('npx flowgate', `"${process.execPath}" "${CLI_ENTRY}"`)], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });
      // Item 4: it rotated to the key the .env names, not to a third, generated one.
      expect(output).toContain(keyFingerprint(NEW_KEY));
      expect(output).not.toMatch(/shown only this once/);
      const row = await storage.db.selectFrom('variable').select('value').where('id', '=', variableId).executeTakeFirstOrThrow();
      expect(fernetOf(NEW_KEY).decryptString(row.value)).toBe('sk-the-real-one');
      expect(fs.readFileSync(keyFile, 'utf8')).toBe(oldKey); // the old key file is left alone

      const server = runCliInProcess(['run', '--port', '0', '--backend-only', '--env-file', envFile], env);
      try {
        await server.waitFor(/running at/, 60_000);
      } finally {
        await server.stop();
      }
    } finally {
      await storage.close();
    }
  }, SLOW);
});
