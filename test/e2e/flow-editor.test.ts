// The visual editor in Chromium: from an empty canvas, components dragged from the catalogue,
// a Prompt whose `{variables}` become fields, connections by dragging handle to handle (a
// second one into a single field refused), delete and undo, save, a run in the Playground, a
// global variable picked with the globe, and two tabs saving one flow meeting the conflict dialog.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers/auth.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, withServerAndBrowser } from './fixtures.js';

const WIDE = { width: 1800, height: 1000 };

async function nodeIdByTitle(page: Page, title: string): Promise<string> {
  const node = page.locator('.react-flow__node').filter({ has: page.locator('.canvas-node-title', { hasText: new RegExp(`^${title}$`) }) });
  await node.first().waitFor();
  return (await node.first().getAttribute('data-id'))!;
}

/** Drags from one handle to another with the mouse, as a user connects two ports. */
async function connect(page: Page, sourceId: string, output: string, targetId: string, field: string): Promise<void> {
  const source = page.locator(`.react-flow__handle[data-nodeid="${sourceId}"][data-handleid="out:${output}"]`);
  const target = page.locator(`.react-flow__handle[data-nodeid="${targetId}"][data-handleid="in:${field}"]`);
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function savedFlow(server: { url: string }, key: string, flowId: string) {
  return (await api(server.url, 'GET', `/api/v1/flows/${flowId}`, { headers: { 'x-api-key': key } })).body;
}

describe('the visual editor', () => {
  const ui = withServerAndBrowser();

  it('builds, connects, undoes, saves and runs a flow from an empty canvas', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'editor' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers: { 'x-api-key': key }, body: { name: 'Built by hand', data: { nodes: [], edges: [] } } });
    const flowId = created.body.id as string;
    await api(server.url, 'POST', '/api/v1/variables/', { headers: { 'x-api-key': key }, body: { name: 'TOPIC', value: 'gardening', type: 'Generic', default_fields: [] } });

    const { page } = await openPage(browser, 'flow-editor', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${flowId}`);
    await page.getByRole('heading', { name: 'Built by hand' }).waitFor();

    // Drag three components from the catalogue.
    const pane = page.locator('.react-flow__pane');
    await page.getByRole('searchbox', { name: 'Search components' }).fill('chat');
    await page.locator('[data-component-type="ChatInput"]').dragTo(pane, { targetPosition: { x: 40, y: 120 } });
    await page.locator('[data-component-type="ChatOutput"]').dragTo(pane, { targetPosition: { x: 760, y: 120 } });
    await page.getByRole('searchbox', { name: 'Search components' }).fill('');
    await page.locator('[data-component-type="Prompt"]').dragTo(pane, { targetPosition: { x: 400, y: 120 } });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);

    // Typing a template with variables gives the Prompt a field for each.
    const promptId = await nodeIdByTitle(page, 'Prompt');
    await page.locator(`.react-flow__node[data-id="${promptId}"]`).click();
    await page.getByRole('textbox', { name: 'Template', exact: true }).fill('About {topic}: {question}');
    await page.locator(`.react-flow__handle[data-nodeid="${promptId}"][data-handleid="in:question"]`).waitFor();
    await page.locator(`.react-flow__handle[data-nodeid="${promptId}"][data-handleid="in:topic"]`).waitFor();
    // Neither has a value nor a connection yet: the node says so before any run.
    await page.locator(`.react-flow__node[data-id="${promptId}"] .canvas-node-warning`).getByText('{topic}, {question}').waitFor();

    // The globe: `topic` loads from the Generic variable TOPIC.
    await page.getByRole('button', { name: 'Global variable for topic' }).click();
    await page.getByRole('group', { name: 'Global variables for topic' }).getByRole('button', { name: /^TOPIC/ }).click();

    const inputId = await nodeIdByTitle(page, 'Chat Input');
    const outputId = await nodeIdByTitle(page, 'Chat Output');
    await connect(page, inputId, 'message', promptId, 'question');
    await connect(page, promptId, 'prompt', outputId, 'input_value');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    // A second connection into a single field is refused.
    await connect(page, inputId, 'message', outputId, 'input_value');
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByRole('status').filter({ hasText: 'No value for' }).waitFor({ state: 'detached' });

    // Delete the Chat Output with the keyboard; undo brings it back with its connection.
    await page.locator(`.react-flow__node[data-id="${outputId}"]`).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);

    await page.keyboard.press('Control+s');
    await page.getByText('All changes saved').waitFor();
    const saved = await savedFlow(server, key, flowId);
    expect(saved.data.nodes).toHaveLength(3);
    expect(saved.data.edges).toHaveLength(2);
    const savedPrompt = saved.data.nodes.find((n: { id: string }) => n.id === promptId);
    expect(savedPrompt.data.node.template.topic).toMatchObject({ value: 'TOPIC', load_from_db: true });
    await saveScreenshot(page, 'flow-editor');

    await page.getByRole('button', { name: 'Playground' }).click();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('what now?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log', { name: 'Conversation' }).getByText('About gardening: what now?').waitFor();
  });

  it('shows the conflict dialog when another tab saved first, and overwrites only when asked', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'two-tabs' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers: { 'x-api-key': key }, body: { name: 'Shared', data: { nodes: [], edges: [] } } });
    const flowId = created.body.id as string;

    const first = await openPage(browser, 'flow-editor-tab-1', WIDE);
    await signIn(first.page, server.url, user.username, user.password);
    const second = { page: await first.context.newPage() };
    for (const { page } of [first, second]) {
      await page.goto(`${server.url}/flows/${flowId}`);
      await page.getByRole('heading', { name: 'Shared' }).waitFor();
    }
    await second.page.getByRole('button', { name: 'Add Chat Input' }).click();
    await second.page.keyboard.press('Control+s');
    await second.page.getByText('All changes saved').waitFor();

    await first.page.getByRole('button', { name: 'Add Text Input' }).click();
    await first.page.keyboard.press('Control+s');
    const dialog = first.page.getByRole('alert').filter({ hasText: 'This flow was changed since you loaded it' });
    await dialog.waitFor();
    // Nothing of the first tab was written.
    expect((await savedFlow(server, key, flowId)).data.nodes.map((n: { data: { type: string } }) => n.data.type)).toEqual(['ChatInput']);
    await saveScreenshot(first.page, 'flow-editor-conflict');

    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await first.page.getByText('All changes saved').waitFor();
    expect((await savedFlow(server, key, flowId)).data.nodes.map((n: { data: { type: string } }) => n.data.type)).toEqual(['TextInput']);
  });

  it('applies a variable to the fields it names, in new nodes and in flows already saved', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'apply-fields' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const headers = { 'x-api-key': key };
    const existing = await api(server.url, 'POST', '/api/v1/flows/', { headers, body: { name: 'Older flow', data: { nodes: [], edges: [] } } });
    const catalogue = (await api(server.url, 'GET', '/api/v1/all', { headers })).body;
    const textInput = { id: 'TextInput-old01', type: 'genericNode', position: { x: 0, y: 0 }, data: { id: 'TextInput-old01', type: 'TextInput', node: catalogue.input_output.TextInput } };
    await api(server.url, 'PATCH', `/api/v1/flows/${existing.body.id}`, { headers, body: { data: { nodes: [textInput], edges: [] } } });
    await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name: 'GREETING', value: 'hello', type: 'Generic', default_fields: ['Text'] } });

    const { page } = await openPage(browser, 'flow-editor-apply', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${existing.body.id}`);
    await page.getByRole('heading', { name: 'Older flow' }).waitFor();
    await page.getByText('All changes saved').waitFor();
    await expect
      .poll(async () => (await savedFlow(server, key, existing.body.id)).data.nodes[0].data.node.template.input_value)
      .toMatchObject({ value: 'GREETING', load_from_db: true });

    await page.getByRole('button', { name: 'Add Text Input' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    await page.keyboard.press('Control+s');
    await page.getByText('All changes saved').waitFor();
    const nodes = (await savedFlow(server, key, existing.body.id)).data.nodes;
    expect(nodes.map((n: { data: { node: { template: { input_value: { value: string } } } } }) => n.data.node.template.input_value.value)).toEqual(['GREETING', 'GREETING']);
  });
});

