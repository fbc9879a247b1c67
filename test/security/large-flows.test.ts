// Finding 6: one small flow stopped the whole server. A 20,000-node flow (870 kB) held the event
// loop for seconds per run (quadratic ordering), a 2.6 MB upload for 74 s, and /health waited
// behind them. Now: graph work is linear, a flow's nodes and edges are capped
// (LANGFLOW_MAX_FLOW_NODES / _EDGES) on create, batch, update, upload and run, and a run gives
// the event loop back between components, so /health answers while a large run is going.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowBuildError } from '../../src/engine/errors.js';
import { parseFlow, topologicalOrder } from '../../src/engine/flow-graph.js';
import { createUser } from '../helpers/auth.js';
import { componentNode, link } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor, createFlowVia, insertFlowFor } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Chat Input → `size - 2` Text Outputs in a chain → Chat Output: `size` nodes, `size - 1` edges. */
function chainFlow(size: number) {
  const nodes = [componentNode('ChatInput-0', 'ChatInput', { input_value: '' })];
  const edges = [];
  let previous = { id: 'ChatInput-0', output: 'message' };
  for (let i = 1; i < size - 1; i++) {
    nodes.push(componentNode(`TextOutput-${i}`, 'TextOutput', { input_value: '' }));
    edges.push(link(previous.id, previous.output, `TextOutput-${i}`, 'input_value'));
    previous = { id: `TextOutput-${i}`, output: 'text' };
  }
  nodes.push(componentNode('ChatOutput-end', 'ChatOutput', { input_value: '' }));
  edges.push(link(previous.id, previous.output, 'ChatOutput-end', 'input_value'));
  return { nodes, edges };
}

/** Many unconnected nodes of a few bytes each: the cheapest way to send a huge node count. */
function tinyNodes(count: number) {
  return { nodes: Array.from({ length: count }, (_, i) => ({ id: `n${i}`, data: { type: 'TextInput' } })), edges: [] };
}

describe('ordering a long flow', () => {
  it('names a 50,000-node cycle by its first nodes instead of overflowing the stack', () => {
    const size = 50_000;
    const nodes = Array.from({ length: size }, (_, i) => ({ id: `T-${i}`, data: { type: 'TextOutput' } }));
    const edges = nodes.map((_, i) => ({ source: `T-${i}`, target: `T-${(i + 1) % size}`, data: { targetHandle: { fieldName: 'input_value' } } }));
    let error: unknown;
    try {
      topologicalOrder(parseFlow({ nodes, edges }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FlowBuildError);
    expect((error as Error).message).toMatch(/^The flow has a cycle: TextOutput \(T-0\) → TextOutput \(T-1\) → .* → TextOutput \(T-8\) → … → TextOutput \(T-0\)$/);
  });
});

describe.each(databaseKinds())('flow size limits on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  let userId: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_MAX_FLOW_NODES: '50', LANGFLOW_MAX_FLOW_EDGES: '60' } });
    const user = await createUser(server);
    userId = user.id;
    key = (await createApiKeyFor(server, user.id)).key;
  });
  afterAll(async () => server?.close());

  const headers = () => ({ 'x-api-key': key });
  const flowCount = async () => (await api(server.url, 'GET', '/api/v1/flows/?get_all=true', { headers: headers() })).body.length;

  it('refuses too many nodes or edges on create, batch and update (422, nothing stored)', async () => {
    const before = await flowCount();
    const created = await api(server.url, 'POST', '/api/v1/flows/', { headers: headers(), body: { name: 'big', data: chainFlow(51) } });
    expect(created.status).toBe(422);
    expect(created.body.detail[0].loc).toEqual(['body', 'data', 'nodes']);
    expect(created.body.detail[0].msg).toBe('List should have at most 50 items after validation, not 51');

    const edges = chainFlow(40);
    edges.edges.push(...edges.edges.slice(0, 22));
    const tooManyEdges = await api(server.url, 'POST', '/api/v1/flows/', { headers: headers(), body: { name: 'edgy', data: edges } });
    expect(tooManyEdges.status).toBe(422);
    expect(tooManyEdges.body.detail[0].loc).toEqual(['body', 'data', 'edges']);

    const batch = await api(server.url, 'POST', '/api/v1/flows/batch/', {
      headers: headers(),
      body: { flows: [{ name: 'ok', data: chainFlow(3) }, { name: 'big', data: tinyNodes(51) }] },
    });
    expect(batch.status).toBe(422);
    expect(batch.body.detail[0].loc).toEqual(['body', 'flows', 1, 'data', 'nodes']);

    const id = await createFlowVia(server, key, chainFlow(50));
    const patched = await api(server.url, 'PATCH', `/api/v1/flows/${id}`, { headers: headers(), body: { data: tinyNodes(51) } });
    expect(patched.status).toBe(422);
    const stored = await api(server.url, 'GET', `/api/v1/flows/${id}`, { headers: headers() });
    expect(stored.body.data.nodes).toHaveLength(50);
    expect(await flowCount()).toBe(before + 1);
  });

  it('refuses a 2.6 MB upload of tiny nodes (422, nothing stored)', async () => {
    const before = await flowCount();
    const content = JSON.stringify(tinyNodesFlow(60_000));
    expect(content.length).toBeGreaterThan(2_600_000);
    const form = new FormData();
    form.append('file', new Blob([content]), 'big.json');
    const response = await fetch(`${server.url}/api/v1/flows/upload/`, { method: 'POST', headers: headers(), body: form });
    expect(response.status).toBe(422);
    expect((await response.json()).detail[0].loc).toEqual(['body', 'flows', 0, 'data', 'nodes']);
    expect(await flowCount()).toBe(before);
  });

  it('refuses to run a flow stored before the limit was lowered (400)', async () => {
    const id = await insertFlowFor(server, userId, chainFlow(51));
    const response = await api(server.url, 'POST', `/api/v1/run/${id}`, { headers: headers(), body: { input_value: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('LANGFLOW_MAX_FLOW_NODES');
  });
});

function tinyNodesFlow(count: number) {
  return { name: 'huge', data: tinyNodes(count) };
}

describe.each(databaseKinds())('the event loop during a large run on $kind', (kind) => {
  const SIZE = 10_000;
  let server: TestServer;
  let key: string;
  let flowId: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_MAX_FLOW_NODES: String(SIZE), LANGFLOW_MAX_FLOW_EDGES: String(SIZE) } });
    const user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
    flowId = await insertFlowFor(server, user.id, chainFlow(SIZE));
  });
  afterAll(async () => server?.close());

  it('answers /health before a run of an allowed 10,000-node flow finishes', async () => {
    const order: string[] = [];
    const response = await fetch(`${server.url}/api/v1/run/${flowId}?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ input_value: 'hello' }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let health: Promise<void> | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      // The first event (Chat Input's message) is out: the run has started, and the chain is
      // still ahead of it. Ask for /health now.
      health ??= fetch(`${server.url}/health`).then(async (answer) => {
        expect(answer.status).toBe(200);
        await answer.text();
        order.push('health');
      });
    }
    order.push('run finished');
    await health;
    expect(text).toContain('"event":"end"');
    expect(text).toContain('hello');
    expect(order).toEqual(['health', 'run finished']);
  });
});
