// Langflow 1.8's own web UI against Flowgate, in Chromium: built from Langflow's source
// (frontend-build.ts), served on its own port with /api and /health proxied to a fresh Flowgate
// the way Langflow's nginx image does (frontend-proxy.ts). The walk logs in, opens the flows
// page, creates an OPENAI_API_KEY Credential, creates Basic Prompting from the templates, sees
// its four nodes and runs it in Langflow's playground against the fake model server, reloads and
// stays logged in (LANGFLOW_ACCESS_HTTPONLY=False), creates an API key and a user; then uploads
// Langflow's own export of Basic Prompting, runs it in the playground and opens Settings → Model
// Providers. Every /api answer is recorded: a 4xx/5xx fails the walk unless Langflow answers the
// same request the same way (the list below says why each is expected).
// Run with `npm run test:langflow-ui`; not part of `npm test` (the first build takes minutes).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/browser.js';
import { sqliteKind } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, starter } from '../helpers/starters.js';
import { ensureLangflowFrontend } from './frontend-build.js';
import { startFrontendProxy, type FrontendProxy } from './frontend-proxy.js';

const ADMIN = { username: 'administrator', password: 'securepassword' };
// A normal run leaves the tree clean: the screens go to test-artifacts/ (ignored, kept by CI);
// UPDATE_SCREENSHOTS=1 writes them into the docs instead.
const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/langflow-ui' : '../../test-artifacts/screenshots/langflow-ui',
);
const FAILURES = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');
const PROVIDER_KEY = 'sk-walk-provider-key-0123456789';

interface ApiAnswer {
  method: string;
  path: string;
  status: number;
  loggedIn: boolean;
}

/** Error answers Langflow gives to the same requests; anything else on /api fails the walk. */
const LANGFLOW_ANSWERS_TOO: { method: string; path: string; status: number; beforeLogin?: boolean; why: string }[] = [
  { method: 'GET', path: '/api/v1/auto_login', status: 400, why: 'auto-login is off: Langflow answers 400 {"detail": {"auto_login": false}}' },
  { method: 'POST', path: '/api/v1/refresh', status: 401, beforeLogin: true, why: 'no refresh cookie yet: Langflow answers 401' },
  { method: 'GET', path: '/api/v1/config', status: 403, beforeLogin: true, why: 'not logged in yet: Langflow requires a user and answers 403' },
];

function expected(answer: ApiAnswer): boolean {
  return LANGFLOW_ANSWERS_TOO.some(
    (known) => known.method === answer.method && known.path === answer.path && known.status === answer.status && (!known.beforeLogin || !answer.loggedIn),
  );
}

describe("Langflow 1.8's own web UI against Flowgate", () => {
  let fake: FakeLlm;
  let server: TestServer;
  let proxy: FrontendProxy;
  let browser: Browser;
  let page: Page;
  const answers: ApiAnswer[] = [];
  const pageErrors: string[] = [];
  const state = { loggedIn: false };

  beforeAll(async () => {
    const built = ensureLangflowFrontend();
    fake = await startFakeLlm();
    server = await startTestServer(sqliteKind, {
      env: {
        LANGFLOW_AUTO_LOGIN: 'False',
        LANGFLOW_SUPERUSER: ADMIN.username,
        LANGFLOW_SUPERUSER_PASSWORD: ADMIN.password,
        LANGFLOW_ACCESS_HTTPONLY: 'False',
        LANGFLOW_TRUSTED_PROXIES: '127.0.0.1',
        OPENAI_BASE_URL: fake.openaiUrl,
      },
    });
    proxy = await startFrontendProxy(built, server.url);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin === proxy.url && (url.pathname.startsWith('/api/') || url.pathname === '/health')) {
        answers.push({ method: response.request().method(), path: url.pathname, status: response.status(), loggedIn: state.loggedIn });
      }
    });
    // Langflow's UI throws "Authentication error" itself when its first refresh finds no session.
    page.on('pageerror', (error) => {
      if (!(error.message === 'Authentication error' && !state.loggedIn)) pageErrors.push(error.message);
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 20 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
    await fake?.close();
  });

  async function screenshot(name: string, mask: Locator[] = []): Promise<void> {
    // Langflow's UI loads each icon on its own and pulses a skeleton until it comes.
    await expect.poll(() => page.locator('.animate-pulse').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), mask });
  }

  /** Runs one screen of the walk; on failure its last state is saved for the report. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      fs.mkdirSync(FAILURES, { recursive: true });
      await page.screenshot({ path: path.join(FAILURES, `langflow-ui-${name}-failed.png`) }).catch(() => undefined);
      throw error;
    }
  }

  it('logs in, builds and runs flows, stays logged in, manages variables, keys and users', async () => {
    await step('login', async () => {
      await page.goto(`${proxy.url}/`);
      await page.getByPlaceholder('Username').waitFor();
      await screenshot('01-login');
      await page.getByPlaceholder('Username').fill(ADMIN.username);
      await page.getByPlaceholder('Password').fill(ADMIN.password);
      state.loggedIn = true;
      await page.getByRole('button', { name: 'Sign In' }).click();
      await page.getByTestId('mainpage_title').first().waitFor();
    });

    await step('flows-page', async () => {
      await page.getByText('Begin with a template, or start from scratch.').waitFor();
      await screenshot('02-flows-page');
    });

    // The model's key first, as Langflow's Basic Prompting asks ("Add your OpenAI API key"): an
    // OPENAI_API_KEY Credential enables OpenAI for the template's Language Model.
    await step('global-variables', async () => {
      await page.goto(`${proxy.url}/settings/global-variables`);
      await page.getByText('Add New').click();
      await page.getByPlaceholder('Enter a name for the variable...').fill('OPENAI_API_KEY');
      await page.getByTestId('credential-tab').click();
      await page.getByPlaceholder('Enter a value for the variable...').fill(PROVIDER_KEY);
      await page.getByText('Save Variable', { exact: true }).click();
      await page.locator('.ag-cell').filter({ hasText: 'OPENAI_API_KEY' }).first().waitFor();
      expect(await page.locator('body').innerText()).not.toContain(PROVIDER_KEY);
      await screenshot('03-global-variables');
    });

    await step('templates', async () => {
      await page.goto(`${proxy.url}/`);
      await page.getByRole('button', { name: 'New Flow' }).first().click();
      await page.getByTestId('modal-title').waitFor();
      // Methodology → Prompting lists it by its tag, as Langflow's own.
      await page.getByTestId('side_nav_options_prompting').click();
      await page.getByRole('heading', { name: 'Basic Prompting' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Text Combiner' }).count()).toBe(0);
      await page.getByTestId('side_nav_options_all-templates').click();
      await page.getByRole('heading', { name: 'Text Combiner' }).waitFor();
      await screenshot('04-templates');
      await page.getByRole('heading', { name: 'Basic Prompting' }).click();
    });

    await step('canvas', async () => {
      await page.waitForURL(/\/flow\/[0-9a-f-]{36}/);
      // Langflow's Basic Prompting: Chat Input and Prompt into the Language Model, its answer out.
      for (const name of ['Chat Input', 'Prompt', 'Language Model', 'Chat Output']) {
        await page.locator('.react-flow__node').filter({ hasText: name }).first().waitFor();
      }
      // The template's flow, not an "Untitled Flow".
      await expect.poll(() => page.getByTestId('flow_name').first().textContent()).toBe('Basic Prompting');
      expect(await page.locator('.react-flow__node').count()).toBe(4);
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
      // The model picker shows the template's model among the options Flowgate gave it.
      await page.locator('.react-flow__node').filter({ hasText: 'Language Model' }).getByText('gpt-4o-mini').waitFor();
      expect(await page.getByText('Some connections were removed').count()).toBe(0);
      await screenshot('05-canvas-basic-prompting');
    });

    await step('playground', async () => {
      fake.script({ text: 'Start with Basic Prompting, then add a component.' });
      await page.getByRole('button', { name: 'Playground', exact: true }).click();
      await page.getByTestId('input-chat-playground').last().fill('How do I start?');
      await page.getByTestId('button-send').last().click();
      await page.getByText('Start with Basic Prompting, then add a component.').waitFor();
      // The build has ended when the Stop button gives way to Send again.
      await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });
      await screenshot('06-playground-basic-prompting');
      // The model was called with the Credential made above, the prompt as its system message.
      const calls = fake.requests.filter((request) => request.path.endsWith('/chat/completions'));
      expect(calls).toHaveLength(1);
      expect(calls[0]!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
      expect(calls[0]!.body.model).toBe('gpt-4o-mini');
      expect(calls[0]!.body.messages).toEqual([
        { role: 'system', content: expect.stringContaining('Answer the user as if you were a GenAI expert') },
        { role: 'user', content: 'How do I start?' },
      ]);
      await page.keyboard.press('Escape');
    });

    await step('reload', async () => {
      const editor = page.url();
      await page.reload();
      await page.locator('.react-flow__node').filter({ hasText: 'Language Model' }).first().waitFor();
      expect(page.url()).toBe(editor);
      expect(await page.getByPlaceholder('Username').count()).toBe(0);
      await screenshot('07-after-reload');
    });

    await step('api-keys', async () => {
      await page.goto(`${proxy.url}/settings/api-keys`);
      await page.getByText('Add New').click();
      await page.getByPlaceholder('My API Key').fill('walk key');
      await page.getByText('Generate API Key').click();
      await page.getByText("you won't be able to view it again").waitFor();
      // The new key is masked: the screenshot goes into the docs.
      await screenshot('08-api-key-created', [page.getByRole('dialog').locator('input')]);
      await page.keyboard.press('Escape');
      await page.locator('.ag-cell').filter({ hasText: 'walk key' }).first().waitFor();
      await screenshot('09-api-keys');
    });

    await step('admin', async () => {
      await page.goto(`${proxy.url}/admin`);
      await page.getByText('New User', { exact: true }).click();
      await page.getByPlaceholder('Username').last().fill('walker');
      await page.locator('input[name="password"]').fill('walker-password-1');
      await page.locator('input[name="confirmpassword"]').fill('walker-password-1');
      await page.locator('#is_active').click();
      await page.getByText('Save', { exact: true }).click();
      await page.getByText('walker', { exact: true }).waitFor();
      await screenshot('10-admin-user-created');
    });

    const unexpected = answers.filter((answer) => answer.status >= 400 && !expected(answer));
    expect(unexpected.map((a) => `${a.method} ${a.path} → ${a.status}`)).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The user made in the Admin page exists and is active, as the page said: it can log in.
    const login = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'walker', password: 'walker-password-1' }),
    });
    expect(login.status).toBe(200);
  });

  // Runs after the walk above (same page and user): the OPENAI_API_KEY Credential made there is
  // the key the fake model server must receive, and it enables OpenAI in the model picker.
  it("runs Langflow's own Basic Prompting, with its Language Model, against the fake model server", async () => {
    await step('model-flow', async () => {
      fake.reset();
      // Langflow's own Basic Prompting (Chat Input → Prompt → Language Model → Chat Output) with
      // OpenAI gpt-4o-mini chosen, uploaded as a user uploads a downloaded flow.
      const flow = starter('Basic Prompting');
      const model = flow.data.nodes.find((node) => node.data.type === 'LanguageModelComponent').data.node.template;
      model.model.value = modelChoice('OpenAI', 'gpt-4o-mini');
      const json = JSON.stringify({ ...flow, name: 'Basic Prompting with a model' });
      // The sidebar's "Upload a flow" button: Langflow's UI reads the file, renews the node ids
      // (and so rewrites the edges' handle strings in its own spelling) and saves it as a new flow.
      await page.goto(`${proxy.url}/`);
      await page.getByTestId('sidebar-nav-Starter Project').waitFor();
      const chooser = page.waitForEvent('filechooser');
      const created = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/flows/' && response.request().method() === 'POST');
      await page.getByTestId('upload-project-button').click();
      await (await chooser).setFiles({ name: 'basic-prompting.json', mimeType: 'application/json', buffer: Buffer.from(json) });
      const uploaded = (await (await created).json()) as { id: string; name: string };
      expect(uploaded.name).toBe('Basic Prompting with a model');
      await page.goto(`${proxy.url}/flow/${uploaded.id}`);
      await expect.poll(() => page.getByTestId('flow_name').first().textContent()).toBe('Basic Prompting with a model');
      await page.locator('.react-flow__node').filter({ hasText: 'Language Model' }).first().waitFor();
      // Its three connections stay (none "removed because invalid"), and the model picker shows
      // the chosen model among the options Flowgate gave it.
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
      await page.locator('.react-flow__node').filter({ hasText: 'Language Model' }).getByText('gpt-4o-mini').waitFor();
      expect(await page.getByText('Some connections were removed').count()).toBe(0);
      await screenshot('11-canvas-uploaded-flow');
      fake.script({ text: 'Ahoy! Start with a starter flow.' });
      await page.getByRole('button', { name: 'Playground', exact: true }).click();
      await page.getByTestId('input-chat-playground').last().fill('Say hello as a pirate');
      await page.getByTestId('button-send').last().click();
      await page.getByText('Ahoy! Start with a starter flow.').waitFor();
      await screenshot('12-playground-uploaded-flow');
      const call = fake.requests.find((request) => request.path.endsWith('/chat/completions'));
      expect(call?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
      expect(JSON.stringify(call?.body)).toContain('Say hello as a pirate');
      await page.keyboard.press('Escape');
    });

    await step('model-providers', async () => {
      // The OPENAI_API_KEY Credential made in Global Variables enables OpenAI, as in Langflow.
      await page.goto(`${proxy.url}/settings/model-providers`);
      await page.getByText('OpenAI', { exact: true }).first().waitFor();
      await page.getByText('Anthropic', { exact: true }).first().waitFor();
      await screenshot('13-model-providers');
    });
    const unexpected = answers.filter((answer) => answer.status >= 400 && !expected(answer));
    expect(unexpected.map((a) => `${a.method} ${a.path} → ${a.status}`)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
