// The walk in Chromium: from an empty canvas, Chat Input → Prompt ({question} and
// {context}) → Language Model → Chat Output built by dragging and connecting; the model's API
// Key field loads the Credential OPENAI_API_KEY through the globe; an incompatible connection
// (a LanguageModel into a Message field) is refused; the flow runs in the Playground against a
// fake OpenAI server on loopback, which receives the user's decrypted key.
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers/auth.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, startUiServer, withServerAndBrowser } from './fixtures.js';

const WIDE = { width: 1900, height: 1000 };

async function nodeIdByTitle(page: Page, title: string): Promise<string> {
  const node = page.locator('.react-flow__node').filter({ has: page.locator('.canvas-node-title', { hasText: new RegExp(`^${title}$`) }) });
  await node.first().waitFor();
  return (await node.first().getAttribute('data-id'))!;
}

async function connect(page: Page, sourceId: string, output: string, targetId: string, field: string): Promise<void> {
  const from = (await page.locator(`.react-flow__handle[data-nodeid="${sourceId}"][data-handleid="out:${output}"]`).boundingBox())!;
  const to = (await page.locator(`.react-flow__handle[data-nodeid="${targetId}"][data-handleid="in:${field}"]`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('the editor with a language model', () => {
  let fake: FakeLlm;
  const ui = withServerAndBrowser(async () => {
    fake = await startFakeLlm();
    return startUiServer({ OPENAI_BASE_URL: fake.openaiUrl });
  });
  afterAll(() => fake?.close());

  it('builds Chat Input → Prompt → Language Model → Chat Output and runs it with the user\'s Credential', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'model-builder' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const headers = { 'x-api-key': key };
    const secret = 'sk-test-editor-0123456789';
    await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name: 'OPENAI_API_KEY', value: secret, type: 'Credential', default_fields: [] } });
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers, body: { name: 'Ask the model', data: { nodes: [], edges: [] } } });
    const flowId = created.body.id as string;

    const { page } = await openPage(browser, 'flow-editor-model', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${flowId}`);
    await page.getByRole('heading', { name: 'Ask the model' }).waitFor();

    const pane = page.locator('.react-flow__pane');
    await page.locator('[data-component-type="ChatInput"]').dragTo(pane, { targetPosition: { x: 20, y: 60 } });
    await page.locator('[data-component-type="Prompt"]').dragTo(pane, { targetPosition: { x: 330, y: 60 } });
    await page.locator('[data-component-type="LanguageModelComponent"]').dragTo(pane, { targetPosition: { x: 640, y: 60 } });
    await page.locator('[data-component-type="ChatOutput"]').dragTo(pane, { targetPosition: { x: 950, y: 60 } });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);

    const promptId = await nodeIdByTitle(page, 'Prompt');
    await page.locator(`.react-flow__node[data-id="${promptId}"]`).click();
    await page.getByRole('textbox', { name: 'Template', exact: true }).fill('Context: {context}\nQuestion: {question}');
    await page.locator(`.react-flow__handle[data-nodeid="${promptId}"][data-handleid="in:context"]`).waitFor();
    await page.getByRole('textbox', { name: 'context', exact: true }).fill('Flowgate runs Langflow flows.');

    const modelId = await nodeIdByTitle(page, 'Language Model');
    await page.locator(`.react-flow__node[data-id="${modelId}"]`).click();
    await page.getByRole('button', { name: 'Global variable for API Key' }).click();
    await page.getByRole('group', { name: 'Global variables for API Key' }).getByRole('button', { name: /^OPENAI_API_KEY/ }).click();

    const inputId = await nodeIdByTitle(page, 'Chat Input');
    const outputId = await nodeIdByTitle(page, 'Chat Output');
    // A model is not a message: this connection is refused.
    await connect(page, modelId, 'model_output', outputId, 'input_value');
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    await connect(page, inputId, 'message', promptId, 'question');
    await connect(page, promptId, 'prompt', modelId, 'input_value');
    await connect(page, modelId, 'text_output', outputId, 'input_value');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);

    await page.keyboard.press('Control+s');
    await page.getByText('All changes saved').waitFor();
    const saved = (await api(server.url, 'GET', `/api/v1/flows/${flowId}`, { headers })).body;
    const model = saved.data.nodes.find((n: { id: string }) => n.id === modelId);
    expect(model.data.node.template.api_key).toMatchObject({ value: 'OPENAI_API_KEY', load_from_db: true });
    // The three connections made, and not the refused one.
    const links = saved.data.edges.map((e: { source: string; target: string; data: { targetHandle: { fieldName: string } } }) => `${e.source}->${e.target}.${e.data.targetHandle.fieldName}`);
    expect(links.sort()).toEqual([`${inputId}->${promptId}.question`, `${modelId}->${outputId}.input_value`, `${promptId}->${modelId}.input_value`].sort());
    expect(saved.data.edges.some((e: { sourceHandle: string }) => e.sourceHandle.includes('model_output'))).toBe(false);
    expect(JSON.stringify(saved)).not.toContain(secret);
    await saveScreenshot(page, 'flow-editor-model');

    fake.script({ text: 'It runs them unchanged.' });
    await page.getByRole('button', { name: 'Playground' }).click();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('What does Flowgate do?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log', { name: 'Conversation' }).getByText('It runs them unchanged.').waitFor();

    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${secret}`);
    expect(JSON.stringify(request.body.messages)).toContain('Context: Flowgate runs Langflow flows.\\nQuestion: What does Flowgate do?');

    // After a reload the chat is one of the flow's stored sessions, and reopens whole.
    await page.reload();
    await page.getByRole('heading', { name: 'Ask the model' }).waitFor();
    await page.getByRole('button', { name: 'Playground' }).click();
    const sessions = page.getByRole('combobox', { name: 'Chat sessions' });
    await expect.poll(() => sessions.locator('option').count()).toBe(2);
    const stored = await sessions.locator('option:not(:has-text("(new)"))').getAttribute('value');
    await sessions.selectOption(stored!);
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.getByText('What does Flowgate do?').waitFor();
    await log.getByText('It runs them unchanged.').waitFor();
  });

  it('drags an Agent from Models & Agents, gives it a Calculator in tool mode, and runs it in the Playground; Structured Output is under LLM Operations', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'agent-builder' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const headers = { 'x-api-key': key };
    const secret = 'sk-test-agent-9876543210';
    await api(server.url, 'POST', '/api/v1/variables/', { headers, body: { name: 'OPENAI_API_KEY', value: secret, type: 'Credential', default_fields: [] } });
    const flowId = (await api(server.url, 'POST', '/api/v1/flows/', { headers, body: { name: 'An agent', data: { nodes: [], edges: [] } } })).body.id as string;

    const { page } = await openPage(browser, 'flow-editor-agent', WIDE);
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows/${flowId}`);
    await page.getByRole('heading', { name: 'An agent' }).waitFor();
    const sidebar = page.getByRole('complementary', { name: 'Components' });
    await sidebar.getByRole('region', { name: 'LLM Operations' }).getByRole('button', { name: 'Add Structured Output' }).waitFor();

    const pane = page.locator('.react-flow__pane');
    await page.locator('[data-component-type="ChatInput"]').dragTo(pane, { targetPosition: { x: 20, y: 60 } });
    await sidebar.getByRole('region', { name: 'Models & Agents' }).getByRole('button', { name: 'Add Agent' }).dragTo(pane, { targetPosition: { x: 400, y: 60 } });
    await page.locator('[data-component-type="ChatOutput"]').dragTo(pane, { targetPosition: { x: 800, y: 60 } });
    await page.locator('[data-component-type="CalculatorComponent"]').dragTo(pane, { targetPosition: { x: 20, y: 420 } });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    const inputId = await nodeIdByTitle(page, 'Chat Input');
    const agentId = await nodeIdByTitle(page, 'Agent');
    const outputId = await nodeIdByTitle(page, 'Chat Output');
    const calculatorId = await nodeIdByTitle(page, 'Calculator');

    // Tool mode turns the Calculator's output into a Toolset, which the Agent's Tools accept.
    await page.locator(`.react-flow__node[data-id="${calculatorId}"]`).click();
    await page.getByRole('region', { name: new RegExp(`^Calculator ${calculatorId}$`) }).getByRole('checkbox', { name: 'Tool mode' }).check();
    await page.locator(`.react-flow__handle[data-nodeid="${calculatorId}"][data-handleid="out:component_as_tool"]`).waitFor();
    expect(await page.locator(`.react-flow__handle[data-nodeid="${calculatorId}"][data-handleid="out:result"]`).count()).toBe(0);
    await connect(page, inputId, 'message', agentId, 'input_value');
    await connect(page, calculatorId, 'component_as_tool', agentId, 'tools');
    await connect(page, agentId, 'response', outputId, 'input_value');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await page.keyboard.press('Control+s');
    await page.getByText('All changes saved').waitFor();
    const saved = (await api(server.url, 'GET', `/api/v1/flows/${flowId}`, { headers })).body;
    const calculator = saved.data.nodes.find((n: { id: string }) => n.id === calculatorId);
    expect(calculator.data.node.tool_mode).toBe(true);
    expect(calculator.data.node.template.tools_metadata.value.map((t: { name: string }) => t.name)).toEqual(['evaluate_expression']);

    fake.reset();
    fake.script({ toolCalls: [{ id: 'call_calc', name: 'evaluate_expression', arguments: JSON.stringify({ expression: '6*7' }) }] }, { text: 'Six times seven is 42.' });
    await page.getByRole('button', { name: 'Playground' }).click();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('What is 6 times 7?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log', { name: 'Conversation' }).getByText('Six times seven is 42.').waitFor();
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
    expect(fake.requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name).sort()).toEqual(['evaluate_expression', 'get_current_date']);
    expect(fake.requests[1]!.body.messages.find((m: { role: string }) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_calc', content: '{"result":"42"}' });
  });
});
