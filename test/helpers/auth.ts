// Users and logins for HTTP tests: users are inserted directly (fast, any state), logins go
// through the real POST /api/v1/login.
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/password.js';
import { insertUser } from '../../src/storage/repositories/users.js';
import { createDefaultProject } from '../../src/services/projects/default-project.js';
import type { TestServer } from './server.js';

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

export async function createUser(
  server: TestServer,
  options: { username?: string; password?: string; isActive?: boolean; isSuperuser?: boolean; lastLoginAt?: string | null } = {},
): Promise<TestUser> {
  const id = randomUUID();
  const username = options.username ?? `user-${id.slice(0, 8)}`;
  const password = options.password ?? `pw-${randomUUID()}`;
  const now = new Date().toISOString();
  await insertUser(server.deps.storage.db, {
    id,
    username,
    password: await hashPassword(password),
    profile_image: null,
    is_active: options.isActive ?? true,
    is_superuser: options.isSuperuser ?? false,
    create_at: now,
    updated_at: now,
    last_login_at: options.lastLoginAt === undefined ? now : options.lastLoginAt,
    store_api_key: null,
    optins: null,
  });
  await createDefaultProject(server.deps, id);
  return { id, username, password };
}

export interface LoginResult {
  status: number;
  body: any;
  accessToken: string;
  refreshToken: string;
  /** `name=value` pairs to send back as a Cookie header. */
  cookieHeader: string;
  setCookies: string[];
}

export async function login(server: TestServer, username: string, password: string, headers: Record<string, string> = {}): Promise<LoginResult> {
  const response = await fetch(`${server.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ username, password }),
  });
  const body = await response.json();
  const setCookies = response.headers.getSetCookie();
  return {
    status: response.status,
    body,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    setCookies,
    cookieHeader: setCookies.map((c) => c.split(';')[0]).join('; '),
  };
}

/** Logs in and returns an Authorization header for the user. */
export async function bearer(server: TestServer, user: TestUser): Promise<Record<string, string>> {
  const result = await login(server, user.username, user.password);
  if (result.status !== 200) throw new Error(`login failed: ${result.status} ${JSON.stringify(result.body)}`);
  return { authorization: `Bearer ${result.accessToken}` };
}
