// Shared set-up of the browser tests: a real server serving the built UI (web/dist), a
// Chromium, and the steps every walkthrough repeats (sign in, open the account menu, log out).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, onTestFailed, onTestFinished } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { spawnCli, type CliProcess } from '../helpers/cli.js';
import { sqliteKind } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { WEB_DIST } from '../../src/http/static-ui.js';
import { launchBrowser, newPage, saveScreenshot } from './browser.js';

export const ADMIN = { username: 'administrator', password: 'securepassword' };

const WEB_ROOT = path.dirname(WEB_DIST);

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The tests drive web/dist: refuse a missing build, or one older than the sources (a stale UI passes or fails for nothing). */
function assertUiBuilt(): void {
  const built = fs.statSync(path.join(WEB_DIST, 'index.html'), { throwIfNoEntry: false });
  if (!built) throw new Error(`No built UI in ${WEB_DIST}: run \`npx vite build web\` first (npm test does).`);
  const sources = Math.max(newestChange(path.join(WEB_ROOT, 'src')), fs.statSync(path.join(WEB_ROOT, 'index.html')).mtimeMs);
  if (sources > built.mtimeMs) throw new Error(`The built UI in ${WEB_DIST} is older than web/src: run \`npx vite build web\` again.`);
}

/** A server with a fresh SQLite database; auto-login off with `administrator` unless `env` says otherwise. */
export async function startUiServer(env: Record<string, string> = {}): Promise<TestServer> {
  assertUiBuilt();
  return startTestServer(sqliteKind, {
    env: {
      LANGFLOW_AUTO_LOGIN: 'False',
      LANGFLOW_SUPERUSER: ADMIN.username,
      LANGFLOW_SUPERUSER_PASSWORD: ADMIN.password,
      ...env,
    },
  });
}

/** A server with the default configuration (auto-login on), on a fresh SQLite database. */
export async function startDefaultServer(): Promise<TestServer> {
  assertUiBuilt();
  return startTestServer(sqliteKind);
}

export interface ProcessServer {
  url: string;
  cli: CliProcess;
  stop(): Promise<void>;
}

/** `flowgate run --env-file .env` as a child process, the way the seed's walkthrough starts it. */
export async function startServerFromEnvFile(lines: string[]): Promise<ProcessServer> {
  assertUiBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-e2e-'));
  const envFile = path.join(dir, '.env');
  fs.writeFileSync(envFile, [...lines, ''].join('\n'));
  const child = spawnCli(['run', '--port', '0', '--env-file', envFile], { LANGFLOW_CONFIG_DIR: path.join(dir, 'config'), HOME: dir });
  try {
    const [, url] = await child.waitFor(/running at (http:\/\/\S+)/);
    return {
      url,
      cli: child,
      async stop() {
        await child.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

export { launchBrowser };
export type { Browser, Page };

/** A page in a fresh browser context; if the running test fails, its last screen is saved as `<name>-failed`. */
export async function openPage(browser: Browser, name: string, viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage(browser, viewport);
  // E2E_CPU_THROTTLE=6 slows the page's CPU six times: a way to look for races a loaded CI
  // machine would find (conditions read once instead of waited for).
  const throttle = Number(process.env.E2E_CPU_THROTTLE ?? 0);
  if (throttle > 1) await (await opened.context.newCDPSession(opened.page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  // An uncaught error in the app fails the test, even when the screen happens to look right.
  const pageErrors: string[] = [];
  opened.page.on('pageerror', (error) => pageErrors.push(error.message));
  onTestFinished(() => {
    if (pageErrors.length) throw new Error(`uncaught errors in the page: ${pageErrors.join('; ')}`);
  });
  onTestFailed(async () => {
    if (!opened.page.isClosed()) await saveScreenshot(opened.page, `${name}-failed`).catch(() => undefined);
  });
  return opened;
}

/** Signs in on /login and waits until the app has left the login page. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

export async function openAccountMenu(page: Page): Promise<void> {
  // The header's profile image is the menu's button ("Click your user profile image").
  await page.getByRole('button', { name: /profile image/i }).click();
}

export async function logOut(page: Page): Promise<void> {
  await openAccountMenu(page);
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByRole('button', { name: 'Sign In' }).waitFor();
}

export interface ServerAndBrowser {
  server: TestServer;
  browser: Browser;
}

/** Starts a server with the UI and a browser before a file's tests, and stops both after them. */
export function withServerAndBrowser(start: () => Promise<TestServer> = startUiServer): ServerAndBrowser {
  const ui = {} as ServerAndBrowser;
  beforeAll(async () => {
    [ui.server, ui.browser] = await Promise.all([start(), launchBrowser()]);
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.server?.close();
  });
  return ui;
}
