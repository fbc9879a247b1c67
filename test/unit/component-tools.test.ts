// Tool mode: a component feeding an agent's `tools` through `component_as_tool` becomes tools
// named and described by its `tools_metadata`; calling one runs the component with the tool's
// arguments in its fields. Checked on Langflow's Simple Agent starter, unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponentContext, type ContextEnvironment } from '../../src/engine/component-context.js';
import { componentFor } from '../../src/engine/component-registry.js';
import { parseFlow, type FlowGraph } from '../../src/engine/flow-graph.js';
import { createOutbound, type Outbound } from '../../src/engine/net/outbound.js';
import { noRunServices } from '../../src/engine/run-services.js';
import { componentTools, isToolProvider, type Tool } from '../../src/engine/tools.js';
import { startSite, type Site } from '../helpers/component-flows.js';

const starter = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/langflow-starters/Simple Agent.json'), 'utf8'));

describe('components as tools (Simple Agent starter)', () => {
  let graph: FlowGraph;
  let site: Site;
  let outbound: Outbound;
  let tools: Tool[];

  beforeAll(async () => {
    site = await startSite({ '/doc': '<html><head><title>Doc</title></head><body><p>Tool fetched me.</p></body></html>' });
    outbound = createOutbound({ policy: { protect: true, allowedHosts: ['127.0.0.1'], maxResponseBytes: 1 << 20, timeoutMs: 5000 } });
    graph = parseFlow(starter.data);
    const env: ContextEnvironment = {
      graph,
      results: new Map(),
      flowId: 'flow',
      sessionId: 'session',
      signal: new AbortController().signal,
      now: () => new Date('2026-01-01T00:00:00Z'),
      services: { ...noRunServices, fetch: outbound.fetch },
    };
    tools = graph.nodes
      .filter((node) => isToolProvider(node, graph.edges))
      .flatMap((node) => componentTools(node, componentFor(node), (overrides) => componentFor(node).run(createComponentContext(node, env, overrides))));
  });
  afterAll(async () => {
    await outbound?.close();
    await site?.close();
  });

  it('finds the tool components (tool_mode, component_as_tool edges) and not the others', () => {
    const providers = graph.nodes.filter((node) => isToolProvider(node, graph.edges)).map((node) => node.type);
    expect(providers.sort()).toEqual(['CalculatorComponent', 'URLComponent']);
  });

  it('names and describes each tool as tools_metadata says, with a JSON schema of its arguments', () => {
    expect(tools.map((tool) => [tool.name, tool.description])).toEqual([
      ['evaluate_expression', 'CalculatorComponent. evaluate_expression() - Perform basic arithmetic operations on a given expression.'],
      ['fetch_content', 'Fetch content from one or more web pages, following links recursively.'],
    ]);
    expect(tools[0].parameters).toEqual({
      type: 'object',
      properties: { expression: { type: 'string', description: "The arithmetic expression to evaluate (e.g., '4*4*(33/22)+12-20')." } },
      required: ['expression'],
    });
    expect(tools[1].parameters.properties.urls).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it('runs the calculator with the agent\'s arguments and returns the Data as JSON', async () => {
    expect(await tools[0].invoke({ expression: '4*4*(33/22)+12-20' })).toBe('{"result":"16"}');
    expect(await tools[0].invoke({ expression: '1/0', ignored: 'x' })).toBe('{"error":"Error: Division by zero","input":"1/0"}');
  });

  it('runs the URL component through the guarded fetch and returns its rows as JSON', async () => {
    const rows = JSON.parse(await tools[1].invoke({ urls: [`${site.url}/doc`] }));
    expect(rows).toEqual([
      { text: 'Tool fetched me.', url: `${site.url}/doc`, title: 'Doc', description: '', content_type: 'text/html; charset=utf-8', language: '' },
    ]);
    await expect(tools[1].invoke({ urls: ['http://169.254.169.254/latest/meta-data/'] })).rejects.toThrow('Requests to 169.254.169.254 are blocked');
  });

  it('leaves out a tool switched off in tools_metadata and uses a renamed one\'s name', () => {
    const node = graph.nodes.find((n) => n.type === 'CalculatorComponent')!;
    const renamed = { ...node, template: { ...node.template, tools_metadata: { value: [{ name: 'calc', description: 'Adds things', tags: ['evaluate_expression'], status: true }] } } };
    expect(componentTools(renamed, componentFor(node), async () => { throw new Error('not called'); }).map((t) => [t.name, t.description])).toEqual([['calc', 'Adds things']]);
    const off = { ...node, template: { ...node.template, tools_metadata: { value: [{ name: 'evaluate_expression', status: false, tags: ['evaluate_expression'] }] } } };
    expect(componentTools(off, componentFor(node), async () => { throw new Error('not called'); })).toEqual([]);
  });
});
