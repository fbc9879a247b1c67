// Sign-up with approval: a new account waits until a superuser activates it on the admin page.
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { ADMIN, openPage, signIn, startUiServer, withServerAndBrowser } from './fixtures.js';

const APPLICANT = { username: 'newcomer', password: 'newcomer-password-1' };

describe('sign-up and approval', () => {
  const ui = withServerAndBrowser(() => startUiServer({ LANGFLOW_NEW_USER_IS_ACTIVE: 'False' }));

  it('signs up, waits for approval, is activated by the superuser, then signs in', async () => {
    const { server, browser } = ui;
    const { page } = await openPage(browser, 'signup-approval');
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Username').fill(APPLICANT.username);
    await page.getByLabel('Password', { exact: true }).fill(APPLICANT.password);
    await page.getByLabel('Confirm Password').fill(APPLICANT.password);
    await page.getByRole('button', { name: 'Sign Up' }).click();
    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();

    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill(APPLICANT.username);
    await page.getByLabel('Password', { exact: true }).fill(APPLICANT.password);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByText(/waiting for approval/i).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    const { context: adminContext, page: admin } = await openPage(browser, 'signup-approval-admin');
    await signIn(admin, server.url, ADMIN.username, ADMIN.password);
    await admin.goto(`${server.url}/admin`);
    const row = admin.getByRole('row').filter({ hasText: APPLICANT.username });
    await row.getByRole('button', { name: 'Activate' }).click();
    const confirm = admin.getByRole('alertdialog', { name: `Activate ${APPLICANT.username}?` });
    await confirm.getByRole('button', { name: 'Activate' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByRole('cell').nth(1).innerText()).toBe('Active');
    await adminContext.close();

    await page.getByLabel('Password', { exact: true }).fill(APPLICANT.password);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    await saveScreenshot(page, 'signup-approval');
  });
});
