// Per-component runs in Chromium, as Langflow's run button on a node: Financial Report Parser
// (Chat Input → Structured Output → Parser → Chat Output) run up to Structured Output builds only
// the components before it (the fake model answers once), and its output inspector shows the
// DataFrame as a table and the Data as fields; a run up to Chat Output shows the Parser's text
// on the node and the message in the inspector; a model answering off-schema fails the node,
// which shows its error.
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers/auth.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, startUiServer, withServerAndBrowser } from './fixtures.js';

const WIDE = { width: 1900, height: 1000 };

function statusOf(page: Page, id: string) {
  return page.locator(`.react-flow__node[data-id="${id}"] [data-run-status]`);
}

describe('running a flow up to one component', () => {
  let fake: FakeLlm;
  const ui = withServerAndBrowser(async () => {
    fake = await startFakeLlm();
    return startUiServer({ OPENAI_BASE_URL: fake.openaiUrl });
  });
  afterAll(() => fake?.close());

  it('runs up to a node, inspects its outputs by type, and shows a failure on the node', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'runner' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const headers = { 'x-api-key': key };
    await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name: 'OPENAI_API_KEY', value: 'sk-inspector-test', type: 'Credential', default_fields: [] } });
    const flow = starter('Financial Report Parser');
    const structuredId = nodeId(flow, 'StructuredOutput');
    const inputId = nodeId(flow, 'ChatInput');
    const parserId = nodeId(flow, 'ParserComponent');
    const outputId = nodeId(flow, 'ChatOutput');
    flow.data.nodes.find((n) => n.id === structuredId).data.node.template.model.value = modelChoice('OpenAI', 'gpt-4o-mini');
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers, body: { name: 'Report parser', data: flow.data } });

    const { page } = await openPage(browser, 'flow-editor-run', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${created.body.id}`);
    await page.getByRole('heading', { name: 'Report parser' }).waitFor();

    const objects = [
      { EBITDA: '$900 million', NET_INCOME: '$500 million', GROSS_PROFIT: '$1.2 billion' },
      { EBITDA: '$1.1 billion', NET_INCOME: '$650 million', GROSS_PROFIT: '$1.4 billion' },
    ];
    fake.script({ toolCalls: [{ id: 'call_so', name: 'OutputModel', arguments: JSON.stringify({ objects }) }] });
    await page.getByRole('button', { name: 'Run up to Structured Output' }).click();
    await expect.poll(() => statusOf(page, structuredId).getAttribute('data-run-status')).toBe('built');
    expect(await statusOf(page, inputId).getAttribute('data-run-status')).toBe('built');
    // Only what leads to the chosen component ran.
    expect(await statusOf(page, parserId).count()).toBe(0);
    expect(await statusOf(page, outputId).count()).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(await page.getByRole('group', { name: 'Component Structured Output, built' }).count()).toBe(1);

    // The inspector: the DataFrame as a table, the Data as its fields.
    await page.getByRole('button', { name: 'Inspect output of Structured Output' }).click();
    const dialog = page.getByRole('dialog', { name: 'Output of Structured Output' });
    const table = dialog.getByRole('region', { name: 'Structured Output (array)' }).getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['EBITDA', 'NET_INCOME', 'GROSS_PROFIT']);
    expect(await table.getByRole('row').count()).toBe(3);
    await table.getByRole('cell', { name: '$1.1 billion' }).waitFor();
    const data = dialog.getByRole('region', { name: 'Structured Output (data)' });
    await data.getByText('results', { exact: true }).waitFor();
    await saveScreenshot(page, 'flow-editor-inspector');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Up to Chat Output: the Parser's text shows on the node, the message in the inspector.
    fake.script({ toolCalls: [{ id: 'call_so2', name: 'OutputModel', arguments: JSON.stringify({ objects: [objects[0]] }) }] });
    await page.getByRole('button', { name: 'Run up to Chat Output' }).click();
    await expect.poll(() => statusOf(page, outputId).getAttribute('data-run-status')).toBe('built');
    const text = 'EBITDA: $900 million  ,  Net Income: $500 million , GROSS_PROFIT: $1.2 billion';
    await page.locator(`.react-flow__node[data-id="${parserId}"] .canvas-output-value[title="${text}"]`).waitFor();
    await page.getByRole('button', { name: 'Inspect output of Chat Output' }).click();
    const chat = page.getByRole('dialog', { name: 'Output of Chat Output' });
    await chat.getByText(text, { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await chat.waitFor({ state: 'detached' });

    // A model that does not answer with the schema fails the component: the node says why.
    fake.script({ text: 'no structure here' });
    await page.getByRole('button', { name: 'Run up to Structured Output' }).click();
    await expect.poll(() => statusOf(page, structuredId).getAttribute('data-run-status')).toBe('error');
    const node = page.locator(`.react-flow__node[data-id="${structuredId}"]`);
    await node.getByRole('alert').getByText('did not answer with the structured output').waitFor();
    await page.getByRole('group', { name: 'Component Structured Output, failed' }).waitFor();
    await saveScreenshot(page, 'flow-editor-run');
    await page.getByRole('button', { name: 'Inspect output of Structured Output' }).click();
    await page.getByRole('dialog', { name: 'Output of Structured Output' }).getByRole('alert').getByText('did not answer with the structured output').waitFor();
  });
});
