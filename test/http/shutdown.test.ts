// Graceful shutdown: on SIGTERM the server stops accepting connections, finishes the request
// in flight, closes the database and exits 0.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';

describe('graceful shutdown', () => {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-shutdown-'));
  afterAll(() => fs.rmSync(configDir, { recursive: true, force: true }));

  it('finishes the request in flight, then exits 0', async () => {
    const server = spawnCli(['run', '--port', '0', '--backend-only'], { LANGFLOW_CONFIG_DIR: configDir, LANGFLOW_SECRET_KEY: 'shutdown-test-secret-key-0123456789' });
    const [, url] = await server.waitFor(/running at (http:\/\/\S+)/, 60_000);
    const { hostname, port } = new URL(url);

    // A login whose body arrives in two parts, with SIGTERM between them.
    const body = 'username=nobody&password=not-the-password';
    const socket = net.connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(`POST /api/v1/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));

    server.child.kill('SIGTERM');
    await server.waitFor(/SIGTERM received/);
    // New connections are refused while the old request is still open.
    const refused = await fetch(`${url}/health`).then(() => false, () => true);
    expect(refused).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 500)); // a slow client
    socket.write(body.slice(10)); // a real client waits for its answer before it hangs up
    await closed;
    expect(answer, server.output()).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain('Incorrect username or password');
    const { code } = await server.exited;
    expect(code).toBe(0);
  }, 120_000);
});
