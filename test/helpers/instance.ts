// A Flowgate server as operators run it: `flowgate run` in its own process (the CLI entry of
// test/helpers/cli.ts), with a superuser, and an API key minted through the API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnCli, type CliProcess } from './cli.js';

export const ADMIN = { username: 'admin', password: 'reliability-admin-password-1' };
export const INSTANCE_SECRET_KEY = 'reliability-tests-secret-key-0123456789abcdef';

export interface Instance {
  cli: CliProcess;
  url: string;
  configDir: string;
}

/** Starts `flowgate run --port 0 --backend-only` and waits for its banner. */
export async function startInstance(databaseUrl: string, env: Record<string, string> = {}, configDir?: string, startTimeoutMs = 60_000): Promise<Instance> {
  const dir = configDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-instance-'));
  const cli = spawnCli(['run', '--port', '0', '--backend-only'], {
    LANGFLOW_CONFIG_DIR: dir,
    LANGFLOW_DATABASE_URL: databaseUrl,
    LANGFLOW_SECRET_KEY: INSTANCE_SECRET_KEY,
    LANGFLOW_AUTO_LOGIN: 'False',
    LANGFLOW_SUPERUSER: ADMIN.username,
    LANGFLOW_SUPERUSER_PASSWORD: ADMIN.password,
    LANGFLOW_LOG_LEVEL: 'warn',
    ...env,
  });
  const [, url] = await cli.waitFor(/running at (http:\/\/\S+)/, startTimeoutMs);
  return { cli, url, configDir: dir };
}

/** Logs in as the superuser and returns an access token. */
export async function adminToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(ADMIN),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

/** Mints an API key for the superuser. */
export async function adminApiKey(url: string, name = 'reliability'): Promise<string> {
  const token = await adminToken(url);
  const response = await fetch(`${url}/api/v1/api_key/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 200) throw new Error(`minting an API key failed: ${response.status} ${await response.text()}`);
  return (await response.json()).api_key;
}

/** POSTs JSON with an API key; returns status and parsed body. */
export async function postJson(url: string, apiKey: string, body: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
