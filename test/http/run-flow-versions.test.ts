// A saved flow is parsed and ordered once per version (services/flows/flow-plans.ts): a run after a
// save runs the saved flow, never the plan of the version before, and what one run changes
// (tweaks, input) never reaches the next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { CHAT_OUTPUT_ID, createApiKeyFor, createFlowVia, promptFlowData, PROMPT_ID } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('runs of a saved flow on $kind', (kind) => {
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const owner = await createUser(server);
    key = (await createApiKeyFor(server, owner.id)).key;
  });
  afterAll(() => server?.close());

  async function runText(flowId: string, body: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()).outputs[0].outputs[0];
    expect(result.component_id).toBe(CHAT_OUTPUT_ID);
    return result.results.message.text;
  }

  async function save(flowId: string, data: unknown): Promise<void> {
    const response = await fetch(`${server.url}/api/v1/flows/${flowId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ data }),
    });
    expect(response.status).toBe(200);
  }

  it('runs the saved version after every save, not the one run before', async () => {
    const flowId = await createFlowVia(server, key, promptFlowData('First: {question}'));
    expect(await runText(flowId, { input_value: 'hello' })).toBe('First: hello');
    expect(await runText(flowId, { input_value: 'again' })).toBe('First: again');
    await save(flowId, promptFlowData('Second: {question}'));
    expect(await runText(flowId, { input_value: 'hello' })).toBe('Second: hello');
    await save(flowId, promptFlowData('Third: {question}'));
    expect(await runText(flowId, { input_value: 'hello' })).toBe('Third: hello');
  });

  it('a saved graph that no longer builds is refused, and runs again once fixed', async () => {
    const flowId = await createFlowVia(server, key, promptFlowData('Good: {question}'));
    expect(await runText(flowId, { input_value: 'x' })).toBe('Good: x');
    const broken = promptFlowData('Good: {question}');
    // An edge into a component that is not in the flow.
    broken.edges.push({ ...broken.edges[0], target: 'Missing-zzz' });
    await save(flowId, broken);
    const refused = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ input_value: 'x' }),
    });
    expect(refused.status).toBe(400);
    await save(flowId, promptFlowData('Fixed: {question}'));
    expect(await runText(flowId, { input_value: 'x' })).toBe('Fixed: x');
  });

  it("one run's tweaks and input do not reach the next run of the same version", async () => {
    const flowId = await createFlowVia(server, key, promptFlowData('Plain: {question}'));
    expect(await runText(flowId, { input_value: 'one', tweaks: { [PROMPT_ID]: { template: 'Tweaked: {question}' } } })).toBe('Tweaked: one');
    expect(await runText(flowId, { input_value: 'two' })).toBe('Plain: two');
    // No input at all: the Chat Input's saved value (empty), not the previous run's.
    expect(await runText(flowId, {})).toBe('Plain: ');
  });
});
