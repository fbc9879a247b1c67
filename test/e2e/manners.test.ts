// Good manners on a phone-sized window: signing in with the keyboard alone (Tab through the
// fields to Sign In, Enter submits) and a flows page without horizontal scrolling.
import { describe, expect, it } from 'vitest';
import { createUser, login } from '../helpers/auth.js';
import { api } from '../helpers/http.js';
import { promptFlowData } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, type Page, withServerAndBrowser } from './fixtures.js';

/** What has the focus, as a person would name it: its label's text, or its own text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const input = el as HTMLInputElement;
    return (input.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
  });
}

/** How far the page scrolls sideways when asked to (0: no horizontal scroll). */
function horizontalScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    window.scrollTo(10_000, window.scrollY);
    const scrolled = window.scrollX;
    window.scrollTo(0, window.scrollY);
    return scrolled;
  });
}

describe('keyboard and narrow window', () => {
  const ui = withServerAndBrowser();

  it('signs in with the keyboard and shows the flows page without horizontal scroll at 390 px', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'thumb-typist' });
    const token = (await login(server, user.username, user.password)).accessToken;
    for (const name of ['A flow with a rather long name that should wrap instead of widening the page', 'Second flow']) {
      const created = await api(server.url, 'POST', '/api/v1/flows/', { headers: { authorization: `Bearer ${token}` }, body: { name, data: promptFlowData() } });
      expect(created.status).toBe(201);
    }

    const { page } = await openPage(browser, 'manners', { width: 390, height: 800 });
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'Sign In' }).waitFor();
    expect(await horizontalScroll(page)).toBe(0);

    // Start from the top of the page, as a keyboard user arriving there (not from the autofocused field).
    await page.mouse.click(2, 2);
    expect(await focused(page)).toBe('');
    const order: string[] = [];
    for (let i = 0; i < 6 && !order.includes('Sign In'); i += 1) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    expect(order).toEqual(['Username', 'Password', 'Sign In']);

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Username');
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Password');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/flows');

    await page.getByRole('link', { name: 'Second flow' }).waitFor();
    expect(await horizontalScroll(page)).toBe(0);
    await saveScreenshot(page, 'manners');
  });
});
