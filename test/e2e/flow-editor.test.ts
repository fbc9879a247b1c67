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
    await api(server.url, 'POST', '/api/v1/variables/', { headers: { 'x-api-key': key }, body: { name: 'SECRET_TOKEN', value: 'not-for-prompts', type: 'Credential', default_fields: [] } });

    const { page } = await openPage(browser, 'flow-editor', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${flowId}`);
    await page.getByRole('heading', { name: 'Built by hand' }).waitFor();

    // Drag three components from the catalogue.
    const pane = page.locator('.react-flow__pane');
    // The sidebar lists the catalogue by category; the search narrows it.
    const sidebar = page.getByRole('complementary', { name: 'Components' });
    await sidebar.getByRole('region', { name: 'Models & Agents' }).getByRole('button', { name: 'Add Language Model' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search components' }).fill('chat');
    await sidebar.getByRole('region', { name: 'Input & Output' }).getByRole('button', { name: 'Add Chat Output' }).waitFor();
    await sidebar.getByRole('button', { name: 'Add Language Model' }).waitFor({ state: 'detached' });
    await page.locator('[data-component-type="ChatInput"]').dragTo(pane, { targetPosition: { x: 40, y: 340 } });
    await page.locator('[data-component-type="ChatOutput"]').dragTo(pane, { targetPosition: { x: 760, y: 120 } });
    await page.getByRole('searchbox', { name: 'Search components' }).fill('');
    await page.locator('[data-component-type="Prompt"]').dragTo(pane, { targetPosition: { x: 400, y: 120 } });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);

    // Typing a template with variables gives the Prompt a field for each; a variable taken out
    // of the template loses its field.
    const promptId = await nodeIdByTitle(page, 'Prompt');
    const handle = (nodeId: string, name: string) => page.locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${name}"]`);
    await page.locator(`.react-flow__node[data-id="${promptId}"]`).click();
    const template = page.getByRole('textbox', { name: 'Template', exact: true });
    await template.fill('About {topic}: {question} {extra}');
    await handle(promptId, 'in:extra').waitFor();
    await template.fill('About {topic}: {question}');
    await handle(promptId, 'in:extra').waitFor({ state: 'detached' });
    await handle(promptId, 'in:question').waitFor();
    await handle(promptId, 'in:topic').waitFor();
    // Neither has a value nor a connection yet: the node says so before any run.
    await page.locator(`.react-flow__node[data-id="${promptId}"] .canvas-node-warning`).getByText('{topic}, {question}').waitFor();

    // The globe: `topic` loads from the Generic variable TOPIC. A prompt variable is not a
    // secret field, so the Credential SECRET_TOKEN is not offered.
    await page.getByRole('button', { name: 'Global variable for topic' }).click();
    const topicVariables = page.getByRole('group', { name: 'Global variables for topic' });
    await topicVariables.getByRole('button', { name: /^TOPIC/ }).waitFor();
    expect(await topicVariables.getByRole('button', { name: /^SECRET_TOKEN/ }).count()).toBe(0);
    await topicVariables.getByRole('button', { name: /^TOPIC/ }).click();

    const inputId = await nodeIdByTitle(page, 'Chat Input');
    const outputId = await nodeIdByTitle(page, 'Chat Output');
    // Chat Output's input needs a value: marked required until something is connected to it.
    const outputPort = page.locator(`.react-flow__node[data-id="${outputId}"] .canvas-port-in`).filter({ hasText: 'Inputs' });
    await outputPort.getByLabel('required').waitFor();
    await connect(page, inputId, 'message', promptId, 'question');
    await connect(page, promptId, 'prompt', outputId, 'input_value');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    // A second connection into a single field is refused.
    await connect(page, inputId, 'message', outputId, 'input_value');
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByRole('status').filter({ hasText: 'No value for' }).waitFor({ state: 'detached' });
    // A connected input shows as connected, on the node and in the panel, with no required mark.
    await outputPort.locator('.canvas-port-state.is-connected').getByText('connected').waitFor();
    expect(await outputPort.getByLabel('required').count()).toBe(0);
    await page.locator(`.react-flow__node[data-id="${outputId}"]`).click();
    await page.getByRole('region', { name: /^Chat Output/ }).getByText('Connected: the value comes from the linked component.').waitFor();

    // Move Chat Input by dragging its title, level with the Prompt; undo puts it back, redo
    // moves it again. Positions are read on the flow (the node's transform).
    const place = (id: string) =>
      page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => {
        const m = new DOMMatrix(getComputedStyle(el).transform);
        return { x: Math.round(m.m41), y: Math.round(m.m42) };
      });
    const start = await place(inputId);
    const promptAt = await place(promptId);
    const inputBox = (await page.locator(`.react-flow__node[data-id="${inputId}"]`).boundingBox())!;
    await page.mouse.move(inputBox.x + 40, inputBox.y + 12);
    await page.mouse.down();
    await page.mouse.move(inputBox.x + 40, inputBox.y + 12 + (promptAt.y - start.y), { steps: 10 });
    await page.mouse.up();
    // (React Flow starts the drag after the first step, so the node lands within one step.)
    await expect.poll(async () => Math.abs((await place(inputId)).y - promptAt.y)).toBeLessThanOrEqual(30);
    const moved = await place(inputId);
    expect(moved.x).toBe(start.x);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => place(inputId)).toEqual(start);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => place(inputId)).toEqual(moved);

    // Click an edge and delete it with Backspace; undo brings it back.
    // Edges are named for screen readers by the components and ports they join.
    await page.locator('.react-flow__edge[aria-label="Connection from Chat Input (Chat Message) to Prompt (question)"] .react-flow__edge-interaction').click();
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // Multi-select (Shift-click), copy and paste: two new nodes and the connection between them.
    await page.locator(`.react-flow__node[data-id="${inputId}"]`).click();
    await page.locator(`.react-flow__node[data-id="${promptId}"]`).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);
    // Pasted nodes draw their edges once they are measured: wait for them.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    // The minimap draws every node.
    await expect.poll(() => page.locator('.react-flow__minimap-node').count()).toBe(5);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);

    // Duplicate with Ctrl+D, then from the context menu; delete the copies from the menu.
    await page.locator(`.react-flow__node[data-id="${outputId}"]`).click();
    await page.keyboard.press('Control+d');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    const copyOf = (originals: string[]) => page.locator('.react-flow__node').evaluateAll(
      (els, ids) => els.map((el) => el.getAttribute('data-id')!).filter((id) => !ids.includes(id)),
      originals,
    );
    const [firstCopy] = await copyOf([inputId, promptId, outputId]);
    await page.locator(`.react-flow__node[data-id="${firstCopy}"] .canvas-node-title`).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Component actions' });
    await menu.getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);
    for (const copy of await copyOf([inputId, promptId, outputId])) {
      await page.locator(`.react-flow__node[data-id="${copy}"] .canvas-node-title`).click({ button: 'right' });
      await menu.getByRole('menuitem', { name: 'Delete' }).click();
      await menu.waitFor({ state: 'detached' });
    }
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);

    // Pan the nodes out of sight; Fit View brings them all back into the canvas.
    const canvasBox = (await page.locator('.react-flow').boundingBox())!;
    await page.mouse.move(canvasBox.x + canvasBox.width - 30, canvasBox.y + 30);
    await page.mouse.down();
    await page.mouse.move(canvasBox.x + 30, canvasBox.y + 30, { steps: 5 });
    await page.mouse.up();
    const inView = () => page.locator('.react-flow__node').evaluateAll((els, box) => els.every((el) => {
      const r = el.getBoundingClientRect();
      return r.left >= box.x && r.right <= box.x + box.width && r.top >= box.y && r.bottom <= box.y + box.height;
    }), canvasBox);
    await expect.poll(inView).toBe(false);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await expect.poll(inView).toBe(true);

    // Shift and drag on the empty canvas draws a selection box: every node inside is selected.
    await page.keyboard.down('Shift');
    await page.mouse.move(canvasBox.x + 5, canvasBox.y + 5);
    await page.mouse.down();
    await page.mouse.move(canvasBox.x + canvasBox.width - 5, canvasBox.y + canvasBox.height - 170, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(3);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);

    // Delete the Chat Output with the keyboard; undo brings it back with its connection.
    await page.locator(`.react-flow__node[data-id="${outputId}"]`).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    // A node put back draws its edges once it is measured: wait for them.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

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
    const savedTypes = async () => (await savedFlow(server, key, flowId)).data.nodes.map((n: { data: { type: string } }) => n.data.type);
    expect(await savedTypes()).toEqual(['ChatInput']);
    await saveScreenshot(first.page, 'flow-editor-conflict');

    // Its changes are unsaved (no autosave while the conflict waits): leaving asks first, in the
    // app and for the browser; declining keeps the page and the changes.
    // The confirm blocks the click until answered, so the answer is set up before the click.
    const asked: string[] = [];
    first.page.once('dialog', (leave) => {
      asked.push(`${leave.type()}: ${leave.message()}`);
      void leave.dismiss();
    });
    await first.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Flows' }).click();
    await expect.poll(() => asked).toEqual([expect.stringMatching(/^confirm: .*unsaved changes/)]);
    const beforeUnload = first.page.waitForEvent('dialog');
    await first.page.close({ runBeforeUnload: true });
    const unload = await beforeUnload;
    expect(unload.type()).toBe('beforeunload');
    await unload.dismiss();
    expect(first.page.isClosed()).toBe(false);
    expect(new URL(first.page.url()).pathname).toBe(`/flows/${flowId}`);

    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await first.page.getByText('All changes saved').waitFor();
    expect(await savedTypes()).toEqual(['TextInput']);

    // The second tab is now the stale one: its save meets the dialog too, and "Reload theirs"
    // replaces its canvas with the saved flow.
    await second.page.getByRole('button', { name: 'Add Chat Output' }).click();
    await second.page.keyboard.press('Control+s');
    const secondDialog = second.page.getByRole('alert').filter({ hasText: 'This flow was changed since you loaded it' });
    await secondDialog.getByRole('button', { name: 'Reload theirs' }).click();
    await secondDialog.waitFor({ state: 'detached' });
    await second.page.getByText('All changes saved').waitFor();
    const titles = () => second.page.locator('.react-flow__node .canvas-node-title').allInnerTexts();
    await expect.poll(titles).toEqual(['Text Input']);
    expect(await savedTypes()).toEqual(['TextInput']);
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

    // A Generic variable created from the globe: stored, and the field loads from it. No Ctrl+S:
    // autosave writes it.
    const added = nodes[1].id as string;
    await page.locator(`.react-flow__node[data-id="${added}"]`).click();
    const section = page.locator(`section[id="node-${added.replace(/[^A-Za-z0-9_-]/g, '_')}"]`);
    await section.getByRole('button', { name: 'Global variable for Text' }).click();
    const picker = section.getByRole('group', { name: 'Global variables for Text' });
    await picker.getByRole('textbox', { name: 'New variable name' }).fill('CITY');
    await picker.getByRole('textbox', { name: 'New variable value' }).fill('Lisbon');
    await picker.getByRole('button', { name: 'Create Generic variable' }).click();
    await expect
      .poll(async () => (await savedFlow(server, key, existing.body.id)).data.nodes.find((n: { id: string }) => n.id === added)?.data.node.template.input_value)
      .toMatchObject({ value: 'CITY', load_from_db: true });
    const variables = (await api(server.url, 'GET', '/api/v1/variables/', { headers })).body;
    expect(variables.find((v: { name: string }) => v.name === 'CITY')).toMatchObject({ type: 'Generic' });
  });
});

