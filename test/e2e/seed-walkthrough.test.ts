// The seed's walkthrough, in the browser, against a server started from a .env like the seed's:
// the administrator signs in, opens the Admin Page from the profile image menu, creates an
// active regular user; that user signs in and is sent away from /admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { ADMIN, launchBrowser, logOut, openAccountMenu, openPage, signIn, startServerFromEnvFile, type Browser, type ProcessServer } from './fixtures.js';

const NEW_USER = { username: 'analyst', password: 'analyst-password-1' };

describe('seed walkthrough in the browser', () => {
  let server: ProcessServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServerFromEnvFile([
        'LANGFLOW_AUTO_LOGIN=False',
        `LANGFLOW_SUPERUSER=${ADMIN.username}`,
        `LANGFLOW_SUPERUSER_PASSWORD=${ADMIN.password}`,
        'LANGFLOW_SECRET_KEY=dBuuuB_FHLvU8T9eUNlxQF9ppqRxwWpXXQ42kM2_fb',
        'LANGFLOW_NEW_USER_IS_ACTIVE=False',
      ]),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates an active user on the admin page, who then signs in and cannot open /admin', async () => {
    const { context, page } = await openPage(browser, 'seed-walkthrough');

    await signIn(page, server.url, ADMIN.username, ADMIN.password);
    await openAccountMenu(page);
    await page.getByRole('button', { name: 'Admin Page' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await expect.poll(() => page.getByRole('cell', { name: ADMIN.username }).count()).toBe(1);

    await page.getByRole('button', { name: 'New User' }).click();
    const dialog = page.getByRole('dialog', { name: 'New User' });
    await dialog.getByLabel('Username').fill(NEW_USER.username);
    await dialog.getByLabel('Password', { exact: true }).fill(NEW_USER.password);
    await dialog.getByLabel('Confirm Password').fill(NEW_USER.password);
    await dialog.getByLabel('Active').check();
    expect(await dialog.getByLabel('Superuser').isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: NEW_USER.username });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByRole('cell').nth(1).innerText()).toBe('Active');
    expect(await row.getByRole('cell').nth(2).innerText()).not.toContain('Superuser');
    await saveScreenshot(page, 'admin-page');

    await logOut(page);
    await signIn(page, server.url, NEW_USER.username, NEW_USER.password);
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.goto(`${server.url}/admin`);
    await page.waitForURL((url) => url.pathname === '/flows');
    await openAccountMenu(page);
    expect(await page.getByRole('button', { name: 'Admin Page' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Admin Page' }).count()).toBe(0);
    await saveScreenshot(page, 'seed-walkthrough');
    await context.close();
  });
});
