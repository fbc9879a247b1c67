// Langflow's Memory Chatbot starter end to end in Chromium: imported from its export file on the
// flows page, the model chosen in the node panel (the starter saves no choices; the panel offers
// the catalogue's) with Stream on, then a chat in the Playground against a fake OpenAI server
// on loopback. The answer shows token by token while the provider is still answering; the second
// turn reaches the model with the first in its history; after a reload the session is listed and
// reopens whole; a new chat starts without the history.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, startUiServer, withServerAndBrowser } from './fixtures.js';

const STARTER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'langflow-starters', 'Memory Chatbot.json');
const WIDE = { width: 1600, height: 1000 };

describe('Memory Chatbot in the Playground', () => {
  let fake: FakeLlm;
  const ui = withServerAndBrowser(async () => {
    fake = await startFakeLlm();
    return startUiServer({ OPENAI_BASE_URL: fake.openaiUrl });
  });
  afterAll(() => fake?.close());

  it('imports the starter, picks the model, streams the answer and remembers the session', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'chatter' });
    const headers = { 'x-api-key': (await createApiKeyFor(server, user.id)).key };
    const secret = 'sk-test-memory-chatbot-0123456789';
    await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name: 'OPENAI_API_KEY', value: secret, type: 'Credential', default_fields: [] } });

    const { page } = await openPage(browser, 'memory-chatbot', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.locator('label', { hasText: 'Import' }).locator('input[type=file]').setInputFiles(STARTER);
    await page.getByRole('link', { name: /Memory Chatbot/ }).first().click();
    await page.getByRole('heading', { name: 'Memory Chatbot' }).waitFor();

    // The node panel offers the provider and model; Stream is among the advanced fields.
    const model = page.getByRole('region', { name: /LanguageModelComponent-/ });
    const picker = model.getByRole('combobox', { name: /^Language Model/ });
    expect(await picker.locator('option').allTextContents()).toEqual(expect.arrayContaining(['OpenAI / gpt-4o-mini', 'Anthropic / claude-3-5-haiku-latest', 'Ollama / llama3.2']));
    await picker.selectOption('OpenAI / gpt-4o-mini');
    await model.locator('summary', { hasText: 'Advanced' }).click();
    await model.getByRole('checkbox', { name: 'Stream' }).check();
    await page.keyboard.press('Control+s');
    await page.getByText('All changes saved').waitFor();

    await page.getByRole('button', { name: 'Playground' }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    const message = page.getByRole('textbox', { name: 'Message', exact: true });

    // The provider sends its first chunk and holds the rest: the first chunk is on screen already.
    let release!: () => void;
    fake.script({ chunks: ['Nice to meet ', 'you, Ada.'], gate: new Promise<void>((resolve) => (release = resolve)) });
    await message.fill('My name is Ada.');
    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByText('Nice to meet', { exact: true }).waitFor();
    expect(await log.getByText('Nice to meet you, Ada.').count()).toBe(0);
    release();
    await log.getByText('Nice to meet you, Ada.', { exact: true }).waitFor();
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
    expect(fake.requests[0]!.body.stream).toBe(true);

    fake.script({ chunks: ['Your name ', 'is Ada.'] });
    await message.fill('What is my name?');
    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByText('Your name is Ada.', { exact: true }).waitFor();
    const system = fake.requests[1]!.body.messages[0];
    expect(system.role).toBe('system');
    expect(system.content).toContain('User: My name is Ada.');
    expect(system.content).toContain('AI: Nice to meet you, Ada.');
    expect(fake.requests[1]!.body.messages.at(-1)).toEqual({ role: 'user', content: 'What is my name?' });
    await saveScreenshot(page, 'memory-chatbot');

    // After a reload the chat is one of the flow's stored sessions and reopens whole.
    await page.reload();
    await page.getByRole('heading', { name: 'Memory Chatbot' }).waitFor();
    await page.getByRole('button', { name: 'Playground' }).click();
    const sessions = page.getByRole('combobox', { name: 'Chat sessions' });
    await expect.poll(() => sessions.locator('option').count()).toBe(2);
    const stored = await sessions.locator('option:not(:has-text("(new)"))').getAttribute('value');
    await sessions.selectOption(stored!);
    for (const text of ['My name is Ada.', 'Nice to meet you, Ada.', 'What is my name?', 'Your name is Ada.']) await log.getByText(text, { exact: true }).waitFor();

    // A new chat is a new session: the model sees none of Ada.
    await page.getByRole('button', { name: 'New chat' }).click();
    fake.script({ text: 'I do not know your name yet.' });
    await message.fill('What is my name?');
    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByText('I do not know your name yet.', { exact: true }).waitFor();
    expect(fake.requests[2]!.body.messages[0].content).not.toContain('Ada');
    expect(fake.requests.every((request) => request.headers.authorization === `Bearer ${secret}`)).toBe(true);
  });
});
