// After Logout, the back button shows nothing of the session: every step back ends on the
// sign-in page, and no page along the way holds a username or flow name of the session.
import { describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { api } from '../helpers/http.js';
import { promptFlowData } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { logOut, openAccountMenu, openPage, signIn, startUiServer, type Page, withServerAndBrowser } from './fixtures.js';

const OWNER = { username: 'chief-owl', password: 'chief-owl-password' };
const FLOW_NAME = 'Quarterly Roadmap Secrets';
const COLLEAGUE = 'confidential-colleague';

async function privateText(page: Page): Promise<string[]> {
  const html = await page.content();
  return [OWNER.username, FLOW_NAME, COLLEAGUE].filter((secret) => html.includes(secret));
}

describe('logout and the back button', () => {
  const ui = withServerAndBrowser(() => startUiServer({ LANGFLOW_SUPERUSER: OWNER.username, LANGFLOW_SUPERUSER_PASSWORD: OWNER.password }));

  it('shows nothing private when going back after logout', async () => {
    const { server, browser } = ui;
    await createUser(server, { username: COLLEAGUE });
    const token = (await login(server, OWNER.username, OWNER.password)).accessToken;
    const flow = await api(server.url, 'POST', '/api/v1/flows/', { headers: { authorization: `Bearer ${token}` }, body: { name: FLOW_NAME, data: promptFlowData() } });
    expect(flow.status).toBe(201);

    const { page } = await openPage(browser, 'logout-back');
    await signIn(page, server.url, OWNER.username, OWNER.password);
    await page.getByRole('link', { name: FLOW_NAME }).click();
    await page.getByRole('heading', { name: FLOW_NAME }).waitFor();
    await page.goto(`${server.url}/admin`);
    await page.getByRole('cell', { name: COLLEAGUE }).waitFor();
    await openAccountMenu(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/general');
    expect(await privateText(page)).not.toEqual([]);

    await logOut(page);
    expect(await privateText(page)).toEqual([]);

    // Back through every entry of the session, to the tab's first page (about:blank).
    const wentBackTo: string[] = [];
    for (let step = 0; step < 6; step += 1) {
      await page.goBack();
      if (page.url() === 'about:blank') break;
      wentBackTo.push(new URL(page.url()).pathname);
      // Whatever the browser restored first, the app ends on the sign-in page with nothing private.
      expect(await privateText(page)).toEqual([]);
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('button', { name: 'Sign In' }).waitFor();
      expect(await privateText(page)).toEqual([]);
    }
    expect(wentBackTo).toEqual(expect.arrayContaining(['/admin', `/flows/${flow.body.id}`, '/flows']));
    await page.goForward();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('button', { name: 'Sign In' }).waitFor();
    expect(await privateText(page)).toEqual([]);
    await saveScreenshot(page, 'logout-back');
  });
});
