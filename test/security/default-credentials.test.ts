// Finding 2: an imported Langflow database's `langflow` account with the password `langflow`
// (bcrypt) logged in as superuser, even with auto-login off, silently.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../src/storage/repositories/users.js';
import { login } from '../helpers/auth.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'root', LANGFLOW_SUPERUSER_PASSWORD: 'root-password-1' };

/** The server's log messages (its lines are JSON; a message's quotes are escaped in them). */
function messagesOf(server: TestServer): string[] {
  return server.logs.map((line) => {
    try {
      return String(JSON.parse(line).msg ?? line);
    } catch {
      return line;
    }
  });
}

async function importLangflowAccount(server: TestServer, username: string, password: string): Promise<void> {
  const now = new Date().toISOString();
  await insertUser(server.deps.storage.db, {
    id: randomUUID(), username, password: bcrypt.hashSync(password, 4), profile_image: null, is_active: true, is_superuser: true,
    create_at: now, updated_at: now, last_login_at: now, store_api_key: null, optins: null,
  });
}

describe.each(databaseKinds())('default credentials on $kind', (kind) => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await kind.create();
    const first = await startTestServer(kind, { env: ENV, database });
    await importLangflowAccount(first, 'langflow', 'langflow');
    await importLangflowAccount(first, 'admin', 'admin');
    await first.close();
    server = await startTestServer(kind, { env: ENV, database });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('refuses login with a known default password, with auto-login off', async () => {
    for (const [name, password] of [['langflow', 'langflow'], ['admin', 'admin'], ['LangFlow', 'langflow']]) {
      const result = await login(server, name, password);
      expect(result.status, name).toBe(401);
      expect(result.body.detail).toMatch(/default password/);
      expect(result.setCookies).toEqual([]);
    }
  });

  it('says so at start-up', () => {
    expect(messagesOf(server).some((line) => line.includes('"langflow" has a default password'))).toBe(true);
    expect(messagesOf(server).some((line) => line.includes('"admin" has a default password'))).toBe(true);
  });

  it('with auto-login on, the imported account becomes the auto-login account and loses the password (D1)', async () => {
    const autoLogin = await startTestServer(kind, { env: { LANGFLOW_AUTO_LOGIN: 'true' }, database, configDir: server.configDir });
    try {
      expect(messagesOf(autoLogin).some((line) => line.includes('had the default password "langflow"'))).toBe(true);
      expect((await login(autoLogin, 'langflow', 'langflow')).status).toBe(401);
      const response = await fetch(`${autoLogin.url}/api/v1/auto_login`);
      expect(response.status).toBe(200);
    } finally {
      await autoLogin.close();
    }
  });
});
