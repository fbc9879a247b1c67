// An API key created in Settings → API Keys and copied with the Copy button runs a flow through
// the API; once the dialog is closed the page no longer holds the full key.
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { createFlowVia, promptFlowData } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openAccountMenu, openPage, signIn, type Page, withServerAndBrowser } from './fixtures.js';

/** Settings → API Keys → Create API Key; returns the dialog that shows the new key once. */
async function createKey(page: Page, name: string) {
  await page.getByRole('button', { name: 'Create API Key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API Key' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  return page.getByRole('dialog', { name: 'API key created' });
}

describe('API keys', () => {
  const ui = withServerAndBrowser();

  it('creates a key in Settings, copies it, and runs a flow with it', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'scripter' });
    const { context, page } = await openPage(browser, 'api-key');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, server.url, user.username, user.password);

    await openAccountMenu(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'API Keys' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/api-keys');
    const shown = await createKey(page, 'e2e script');
    const shownKey = await shown.getByLabel(/API key/).inputValue();
    expect(shownKey).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: /^Copy/ }).click();
    await shown.getByRole('button', { name: /^Copied/ }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shownKey);

    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: 'e2e script' });
    await row.waitFor();
    expect(await row.innerText()).toContain(copied.slice(0, 8));
    expect(await page.content()).not.toContain(copied);

    const flowId = await createFlowVia(server, copied, promptFlowData('You said: {question}'), { name: 'Key check' });
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': copied },
      body: JSON.stringify({ input_value: 'hello from a script', input_type: 'chat', output_type: 'chat' }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(JSON.stringify(body.outputs)).toContain('You said: hello from a script');

    await page.reload();
    await expect.poll(() => row.getByRole('cell').nth(4).innerText()).not.toBe('0');
    await saveScreenshot(page, 'api-key');
  });

  it('copies the key on a plain-HTTP page too, where there is no Clipboard API', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'plain-http' });
    const { context, page } = await openPage(browser, 'api-key-plain-http');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // What a page served over http://<host>:7860 sees: not a secure context, no navigator.clipboard.
    await page.addInitScript(() => {
      Object.defineProperty(window, 'isSecureContext', { value: false });
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
    });
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/settings/api-keys`);
    const shown = await createKey(page, 'copied over http');
    const shownKey = await shown.getByLabel(/API key/).inputValue();
    await shown.getByRole('button', { name: /^Copy/ }).click();
    await shown.getByRole('button', { name: /^Copied/ }).waitFor();

    const reader = await context.newPage();
    await reader.goto(`${server.url}/login`);
    expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(shownKey);
  });
});
