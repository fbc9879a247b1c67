// The editor without a mouse, checked through Chromium's accessibility tree: components added
// from the sidebar with Enter, connected through the Parameters panel's Connections list,
// moved with the arrow keys (undo, redo, saved), deleted with the Delete key on a focused node
// and brought back with Ctrl+Z; the canvas, its nodes and their run buttons carry names; the
// Playground's disabled Send button stays readable.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers/auth.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { contrastOf } from './contrast.js';
import { openPage, signIn, withServerAndBrowser } from './fixtures.js';

const WIDE = { width: 1800, height: 1000 };

/** Tab until the focused element matches, as a keyboard user would (bounded, so a trap fails). */
async function tabTo(page: Page, matches: (el: Element) => boolean, predicateName: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
  }
  throw new Error(`Tab never reached ${predicateName}`);
}

describe('the editor by keyboard and screen reader', () => {
  const ui = withServerAndBrowser();

  it('adds, connects, deletes and restores components without a mouse, with names in the accessibility tree', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'keyboard' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers: { 'x-api-key': key }, body: { name: 'By keyboard', data: { nodes: [], edges: [] } } });
    const flowId = created.body.id as string;

    const { page } = await openPage(browser, 'flow-editor-keyboard', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${flowId}`);
    await page.getByRole('heading', { name: 'By keyboard' }).waitFor();

    // Search, then Tab to the component and press Enter: it lands on the canvas.
    await page.getByRole('searchbox', { name: 'Search components' }).focus();
    await page.keyboard.type('chat input');
    await tabTo(page, (el) => el.getAttribute('aria-label') === 'Add Chat Input', 'Add Chat Input');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search components' }).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('chat output');
    await tabTo(page, (el) => el.getAttribute('aria-label') === 'Add Chat Output', 'Add Chat Output');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);

    // The canvas and its nodes are named for screen readers, and each node's run button too.
    const canvas = page.getByRole('application', { name: 'Flow canvas' });
    const tree = await canvas.ariaSnapshot();
    expect(tree).toContain('group "Component Chat Input"');
    expect(tree).toContain('group "Component Chat Output"');
    expect(tree).toContain('button "Run up to Chat Output"');
    expect(tree).toContain('button "Inspect output of Chat Input"');

    // Connect without dragging: the Chat Output's Connections list offers Chat Input's message.
    const outputSection = page.getByRole('region', { name: /^Chat Output/ });
    await outputSection.getByText(/^Connections/).click();
    const connectFrom = outputSection.getByRole('combobox', { name: 'Connect Inputs from' });
    await connectFrom.focus();
    await connectFrom.selectOption({ label: 'Chat Input · Chat Message' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await outputSection.getByRole('button', { name: 'Disconnect Inputs from Chat Input' }).waitFor();
    expect(await canvas.ariaSnapshot()).toContain('"Connection from Chat Input (Chat Message) to Chat Output (Inputs)"');

    // Tab to the Chat Output node and select it with Enter. The arrow keys move it, one undo
    // step per press (redo too); then Delete removes it.
    await page.getByRole('searchbox', { name: 'Search components' }).focus();
    await tabTo(page, (el) => el.getAttribute('aria-label') === 'Component Chat Output', 'the Chat Output node');
    await page.keyboard.press('Enter');
    const outputNode = canvas.getByRole('group', { name: 'Component Chat Output' });
    await expect.poll(() => outputNode.evaluate((el) => el.classList.contains('selected'))).toBe(true);
    const x = () => outputNode.evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).m41);
    const start = await x();
    await page.keyboard.press('ArrowRight');
    await expect.poll(x).toBeGreaterThan(start);
    const moved = await x();
    await page.keyboard.press('Control+z');
    await expect.poll(x).toBe(start);
    // The undo took back the move only, not the connection made before it.
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(x).toBe(moved);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    await canvas.getByRole('group', { name: 'Component Chat Input' }).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    // A node put back draws its edges once it is measured: wait for them.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    // The context menu from the keyboard: Shift+F10 on a focused node, arrows between its
    // items, Escape back to the node; Duplicate with Enter, undone with Ctrl+Z.
    const inputNode = canvas.getByRole('group', { name: 'Component Chat Input' });
    await inputNode.focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Component actions' });
    await expect.poll(() => menu.getByRole('menuitem', { name: 'Duplicate' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => menu.getByRole('menuitem', { name: 'Delete' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => inputNode.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+F10');
    await menu.getByRole('menuitem', { name: 'Duplicate' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await inputNode.first().focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);

    // The move by keyboard is saved like a drag.
    await page.keyboard.press('Control+s');
    await page.getByText('All changes saved').waitFor();
    const saved = (await api(server.url, 'GET', `/api/v1/flows/${flowId}`, { headers: { 'x-api-key': key } })).body;
    const chatOutput = saved.data.nodes.find((n: { data: { type: string } }) => n.data.type === 'ChatOutput');
    expect(chatOutput.position.x).toBe(moved);

    // The Playground's Send button, disabled while the message is empty, is still readable.
    await page.getByRole('button', { name: 'Playground' }).click();
    const send = page.getByRole('button', { name: 'Send' });
    expect(await send.isDisabled()).toBe(true);
    expect(await contrastOf(page, '.chat-form button[type="submit"]')).toBeGreaterThanOrEqual(4.5);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await contrastOf(page, '.chat-form button[type="submit"]')).toBeGreaterThanOrEqual(4.5);
    // The measure sees what fades a button (the old disabled style was a faded ghost).
    await send.evaluate((el) => (el.style.opacity = '0.4'));
    expect(await contrastOf(page, '.chat-form button[type="submit"]')).toBeLessThan(3);
  });
});
