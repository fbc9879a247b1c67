// A flow from the "Basic Prompting" starter (Chat Input and Prompt → Language Model → Chat
// Output, as Langflow's), created on /flows and run in the Playground against a fake model
// server on loopback, keyed by the user's OPENAI_API_KEY Credential.
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, startUiServer, withServerAndBrowser } from './fixtures.js';

const PROVIDER_KEY = 'sk-starter-playground-provider';

describe('starter flow in the Playground', () => {
  let fake: FakeLlm;
  const ui = withServerAndBrowser(async () => {
    fake = await startFakeLlm();
    return startUiServer({ OPENAI_BASE_URL: fake.openaiUrl });
  });
  afterAll(() => fake?.close());

  it('creates a flow from Basic Prompting, runs it, and shows the reply in the chat', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'builder' });
    const setupKey = (await createApiKeyFor(server, user.id)).key;
    await api(server.url, 'POST', '/api/v1/variables/', {
      headers: { 'x-api-key': setupKey },
      body: { name: 'OPENAI_API_KEY', value: PROVIDER_KEY, type: 'Credential', default_fields: [] },
    });
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
    fake.script({ text: 'Start with a template.' });
    await page.getByRole('button', { name: 'Send' }).click();
    // The model's answer, shown by Chat Output; the prompt went to the model as its system message.
    const chat = page.getByRole('log', { name: 'Conversation' });
    await chat.getByText('Start with a template.').waitFor();
    expect(await chat.getByText('Error', { exact: true }).count()).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(fake.requests[0]!.body.messages).toEqual([
      { role: 'system', content: expect.stringContaining('Answer the user as if you were a GenAI expert') },
      { role: 'user', content: 'How do I start?' },
    ]);
    await saveScreenshot(page, 'starter-playground');

    await page.getByRole('button', { name: 'API', exact: true }).click();
    await page.getByRole('heading', { name: 'cURL' }).waitFor();
    expect(await page.locator('pre').first().innerText()).toContain(`${server.url}/api/v1/run/${flowId}`);
    await saveScreenshot(page, 'flow-api-panel');

    // A tweak chosen from the flow's fields goes into the snippets; a key made here runs them.
    await page.getByText('Tweaks', { exact: true }).click();
    await page.getByRole('checkbox', { name: /^Tweak Template of Prompt-/ }).check();
    const tweak = page.getByRole('textbox', { name: /^Template of Prompt-/ });
    await tweak.fill('Tweaked: answer in one word.');
    await page.getByRole('button', { name: 'Create an API key for these snippets' }).click();
    await page.getByText('it is not shown again').waitFor();
    const curl = await page.locator('pre').first().innerText();
    expect(curl).toContain('"tweaks":{"Prompt-');
    const apiKey = /x-api-key: (sk-[^"\s]+)/.exec(curl)![1]!;
    const body = /-d '(.*)'$/m.exec(curl)![1]!;
    const run = await fetch(`${server.url}/api/v1/run/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });
    expect(run.status).toBe(200);
    // The tweaked prompt is the model's system message; the fake model echoes the snippet's input.
    expect(JSON.stringify(await run.json())).toContain('echo: Hello');
    expect(fake.requests.at(-1)!.body.messages[0]).toEqual({ role: 'system', content: 'Tweaked: answer in one word.' });
  });
});
