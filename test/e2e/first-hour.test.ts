// A new user's first hour, in the README's own order: the default start (auto-login, a generated
// key), then the secure `.env` the README shows, on the same config dir; the server starts, and
// in Chromium the login page, signing in and a reload happen without one failed request or
// console error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, Response } from 'playwright-core';
import { spawnCli, type CliProcess } from '../helpers/cli.js';
import { launchBrowser, newPage } from './browser.js';
import type { Browser } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The `.env` lines of the README's "A secure server in one file". */
function readmeEnvLines(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A secure server in one file'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block.split('\n').filter((line) => /^LANGFLOW_\w+=/.test(line));
}

describe('the README in order', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-first-hour-'));
  const env = { LANGFLOW_CONFIG_DIR: path.join(dir, 'config'), HOME: dir };
  let server: CliProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the defaults, then with the secure .env, and signs in with no error in the browser', async () => {
    const first = spawnCli(['run', '--port', '0'], env);
    await first.waitFor(/running at (http:\/\/\S+)/, 60_000);
    await first.stop();

    const lines = readmeEnvLines();
    expect(lines).toContain('LANGFLOW_AUTO_LOGIN=False');
    const envFile = path.join(dir, '.env');
    fs.writeFileSync(envFile, `${lines.join('\n')}\n`);
    server = spawnCli(['run', '--port', '0', '--env-file', envFile], env);
    const [, url] = await server.waitFor(/running at (http:\/\/\S+)/, 60_000);
    const username = lines.find((l) => l.startsWith('LANGFLOW_SUPERUSER='))!.split('=')[1]!;
    const password = lines.find((l) => l.startsWith('LANGFLOW_SUPERUSER_PASSWORD='))!.split('=')[1]!;

    browser = await launchBrowser();
    const { page } = await newPage(browser);
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response: Response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    });

    await page.goto(url!);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((u) => u.pathname === '/flows');
    await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
    expect(problems).toEqual([]);
  });
});
