// Auto-login mode (the default configuration): no sign-in, and no admin page at all, not even
// by typing its address (SPEC §10: /admin is hidden in auto-login mode).
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { openAccountMenu, openPage, startDefaultServer, withServerAndBrowser } from './fixtures.js';

describe('auto-login mode', () => {
  const ui = withServerAndBrowser(startDefaultServer);

  it('opens on /flows without a login, shows no Admin Page, and sends /admin to /flows', async () => {
    const { server, browser } = ui;
    const { page } = await openPage(browser, 'auto-login');
    await page.goto(server.url);
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign In' }).count()).toBe(0);

    await openAccountMenu(page);
    await page.getByRole('button', { name: 'Settings' }).waitFor();
    expect(await page.getByRole('button', { name: 'Admin Page' }).count()).toBe(0);

    await page.goto(`${server.url}/admin`);
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Admin Page' }).count()).toBe(0);
    await saveScreenshot(page, 'auto-login');
  });
});
