// Logs (issue 9, item 13): one structured line per request, none for the web app's static files
// unless LANGFLOW_LOG_LEVEL=debug; application events (start-up, audit events such as a failed
// login, failed runs) through the same logger with a level and a time; readable lines when
// standard output is a terminal; LANGFLOW_LOG_FILE gets the JSON lines too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sqliteKind } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SLOW = 90_000;

type Line = Record<string, unknown> & { level: number; time: string; msg: string };
const parse = (lines: string[]): Line[] => lines.map((l) => JSON.parse(l) as Line);
const requestLines = (lines: Line[]) => lines.filter((l) => typeof l.statusCode === 'number');

async function eventually(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

function webRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-webroot-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Flowgate</title>');
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  return root;
}

async function visit(url: string): Promise<void> {
  for (const p of ['/flows', '/assets/app-1234.js', '/favicon.ico']) await (await fetch(url + p)).arrayBuffer();
  await (await fetch(`${url}/api/v1/version`)).arrayBuffer();
  const login = await fetch(`${url}/api/v1/login`, { method: 'POST', body: new URLSearchParams({ username: 'nobody', password: 'wrong-password' }) });
  expect(login.status).toBe(401);
}

describe('the request log in the server', () => {
  const roots: string[] = [];
  const servers: TestServer[] = [];
  beforeAll(() => {
    roots.push(webRoot());
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('one JSON line per API request with method, URL, status, time and id; none for static files at info', async () => {
    const server = await startTestServer(sqliteKind, { webRoot: roots[0], env: { LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' } });
    servers.push(server);
    const start = server.logs.length;
    await visit(server.url);
    await eventually(() => requestLines(parse(server.logs.slice(start))).length >= 2, 'two request lines');
    const lines = parse(server.logs.slice(start));
    const requests = requestLines(lines);
    expect(requests.map((l) => `${l.method} ${l.url} ${l.statusCode}`)).toEqual(['GET /api/v1/version 200', 'POST /api/v1/login 401']);
    for (const line of requests) {
      expect(line).toMatchObject({ level: 30, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/), responseTime: expect.any(Number) });
      expect(new Date(line.time).toISOString()).toBe(line.time);
    }
    // The failed login is an application event of its own, with level and time.
    const audit = lines.find((l) => l.msg === 'audit: login_failure');
    expect(audit).toMatchObject({ level: 30, event: 'login_failure' });
    expect(JSON.stringify(lines)).not.toContain('wrong-password');
  });

  it('static files are logged at LANGFLOW_LOG_LEVEL=debug', async () => {
    const server = await startTestServer(sqliteKind, { webRoot: roots[0], env: { LANGFLOW_LOG_LEVEL: 'debug' } });
    servers.push(server);
    const start = server.logs.length;
    await visit(server.url);
    await eventually(() => requestLines(parse(server.logs.slice(start))).length >= 5, 'five request lines');
    const urls = requestLines(parse(server.logs.slice(start))).map((l) => l.url);
    expect(urls).toEqual(expect.arrayContaining(['/flows', '/assets/app-1234.js', '/api/v1/version']));
  });
});

describe('the log of `flowgate run`', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-log-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('JSON lines on a pipe, every one with level and time, events included; LANGFLOW_LOG_FILE gets them too', async () => {
    const logFile = path.join(dir, 'logs', 'flowgate.log');
    const env = { HOME: dir, LANGFLOW_CONFIG_DIR: path.join(dir, 'config'), LANGFLOW_LOG_FILE: logFile, LANGFLOW_LOG_LEVEL: 'INFO' };
    const server = runCliInProcess(['run', '--port', '0', '--backend-only'], env);
    try {
      const [, url] = await server.waitFor(/running at (http:\/\/[^"\s]+)/, 60_000);
      await (await fetch(`${url}/api/v1/version`)).arrayBuffer();
      await (await fetch(`${url}/api/v1/login`, { method: 'POST', body: new URLSearchParams({ username: 'nobody', password: 'wrong-password' }) })).arrayBuffer();
      await server.waitFor(/"statusCode":401/);
    } finally {
      await server.stop();
    }
    const stdout = server.output().split('\n').filter(Boolean);
    const lines = parse(stdout); // throws on any line that is not JSON
    for (const line of lines) {
      expect(typeof line.level).toBe('number');
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^Generated a new secret key/), expect.stringMatching(/^Flowgate is running at/), 'audit: login_failure', 'GET /api/v1/version 200', 'POST /api/v1/login 401']));
    expect(lines.find((l) => /^Generated a new secret key/.test(l.msg))?.level).toBe(40);
    const fromFile = parse(fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean)).map((l) => l.msg);
    expect(fromFile).toEqual(expect.arrayContaining(['GET /api/v1/version 200', 'POST /api/v1/login 401', 'audit: login_failure']));
  }, SLOW);

  it('readable lines when standard output is a terminal', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, LANGFLOW_CONFIG_DIR: path.join(dir, 'config-tty') };
    // `script` gives the server a terminal as standard output.
    const child = spawn('script', ['-qfec', `"${process.execPath}" "${CLI_ENTRY}" run --port 0 --backend-only`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    try {
      await eventually(() => /running at/.test(output), 'the start-up line', 60_000);
      await eventually(() => /database/.test(output), 'the details');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: Flowgate is running at http/m);
    expect(plain).toMatch(/WARN: Generated a new secret key/);
    expect(plain).not.toMatch(/^\{"level"/m);
  }, SLOW);
});
