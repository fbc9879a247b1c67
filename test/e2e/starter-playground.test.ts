// A flow from the "Basic Prompting" starter, created on /flows and run in the Playground.
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, withServerAndBrowser } from './fixtures.js';

describe('starter flow in the Playground', () => {
  const ui = withServerAndBrowser();

  it('creates a flow from Basic Prompting, runs it, and shows the reply in the chat', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'builder' });
    const { page } = await openPage(browser, 'starter-playground');
    await signIn(page, server.url, user.username, user.password);
    await page.waitForURL((url) => url.pathname === '/flows');

    await page.getByRole('button', { name: 'New Flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Flow' });
    await dialog.getByRole('radio', { name: /Basic Prompting/ }).check();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Basic Prompting');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL((url) => /^\/flows\/[0-9a-f-]{36}$/.test(url.pathname));
    const flowId = new URL(page.url()).pathname.split('/')[2];
    await page.getByRole('heading', { name: 'Basic Prompting' }).waitFor();

    await page.getByRole('button', { name: 'Playground' }).click();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('How do I start?');
    await page.getByRole('button', { name: 'Send' }).click();
    // The starter's prompt wraps the message: "…User: {user_input}…", sent back by Chat Output.
    const chat = page.getByRole('log', { name: 'Conversation' });
    await chat.getByText('User: How do I start?').waitFor();
    expect(await chat.getByText('Error', { exact: true }).count()).toBe(0);
    await saveScreenshot(page, 'starter-playground');

    await page.getByRole('button', { name: 'API', exact: true }).click();
    await page.getByRole('heading', { name: 'cURL' }).waitFor();
    expect(await page.locator('pre').first().innerText()).toContain(`${server.url}/api/v1/run/${flowId}`);
    await saveScreenshot(page, 'flow-api-panel');
  });
});
