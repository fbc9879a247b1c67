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

    // A tweak chosen from the flow's fields goes into the snippets; a key made here runs them.
    await page.getByText('Tweaks', { exact: true }).click();
    await page.getByRole('checkbox', { name: /^Tweak Template of Prompt-/ }).check();
    const tweak = page.getByRole('textbox', { name: /^Template of Prompt-/ });
    await tweak.fill('Tweaked: {user_input}');
    await page.getByRole('button', { name: 'Create an API key for these snippets' }).click();
    await page.getByText('it is not shown again').waitFor();
    const curl = await page.locator('pre').first().innerText();
    expect(curl).toContain('"tweaks":{"Prompt-');
    const apiKey = /x-api-key: (sk-[^"\s]+)/.exec(curl)![1]!;
    const body = /-d '(.*)'$/m.exec(curl)![1]!;
    const run = await fetch(`${server.url}/api/v1/run/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });
    expect(run.status).toBe(200);
    expect(JSON.stringify(await run.json())).toContain('Tweaked: Hello');
  });
});
