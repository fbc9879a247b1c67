// A Credential variable is write-only: after it is saved, its value is in neither the page nor
// any response the page received (SPEC §4, "Global variables").
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { createUser } from '../helpers/auth.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, withServerAndBrowser } from './fixtures.js';

describe('credential variables', () => {
  const ui = withServerAndBrowser();

  it('never shows a saved credential value, in the page or in any response', async () => {
    const { server, browser } = ui;
    const canary = `canary-${randomUUID()}`;
    const user = await createUser(server, { username: 'keeper' });
    const { page } = await openPage(browser, 'credential-variable');
    const bodies: Array<Promise<{ url: string; text: string }>> = [];
    page.on('response', (response: Response) => {
      bodies.push(response.text().then((text) => ({ url: response.url(), text }), () => ({ url: response.url(), text: '' })));
    });
    await signIn(page, server.url, user.username, user.password);

    await page.goto(`${server.url}/settings/global-variables`);
    await page.getByRole('button', { name: 'Add Variable' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Variable' });
    await dialog.getByLabel('Name').fill('OPENAI_API_KEY');
    expect(await dialog.getByLabel('Type').inputValue()).toBe('Credential');
    await dialog.getByLabel('Value').fill(canary);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'OPENAI_API_KEY' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Credential');
    expect(await page.content()).not.toContain(canary);

    // Editing starts from an empty value: the old one is not sent back to be shown.
    await row.getByRole('button', { name: /^Edit/ }).click();
    const edit = page.getByRole('dialog', { name: 'Edit OPENAI_API_KEY' });
    expect(await edit.getByLabel('Value').inputValue()).toBe('');
    expect(await page.content()).not.toContain(canary);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(canary);
    const received = await Promise.all(bodies);
    // The bodies were read: the variable list came back with the name (and without the value).
    expect(received.some((r) => r.url.includes('/api/v1/variables') && r.text.includes('OPENAI_API_KEY'))).toBe(true);
    expect(received.filter((r) => r.text.includes(canary)).map((r) => r.url)).toEqual([]);
    await saveScreenshot(page, 'credential-variable');
  });
});
