// Builds the context a component runs with: its inputs come from the outputs of the
// components upstream (by edge) or, for unconnected fields, from its template.
import { randomUUID } from 'node:crypto';
import type { ComponentContext, ComponentOutput } from './component.js';
import type { FlowEdge, FlowGraph, FlowNode } from './flow-graph.js';
import { messageTimestamp, textOf } from './message.js';

export interface ContextEnvironment {
  graph: FlowGraph;
  /** Outputs of the components that have run, by node id. */
  results: ReadonlyMap<string, ComponentOutput>;
  flowId: string;
  sessionId: string;
  signal: AbortSignal;
  now: () => Date;
}

export function createComponentContext(node: FlowNode, env: ContextEnvironment): ComponentContext {
  const incoming = env.graph.edges.filter((edge) => edge.target === node.id);
  const edgesInto = (field: string): FlowEdge[] => incoming.filter((edge) => edge.fieldName === field);
  const input = (field: string): unknown => {
    const edges = edgesInto(field);
    if (edges.length === 0) return node.template[field]?.value;
    const values = edges.map((edge) => env.results.get(edge.source)?.value);
    return values.length === 1 ? values[0] : values;
  };
  return {
    node,
    flowId: env.flowId,
    sessionId: env.sessionId,
    signal: env.signal,
    input,
    text: (field) => textOf(input(field)),
    sources: (field) => edgesInto(field).map((edge) => env.graph.byId.get(edge.source)!),
    timestamp: () => messageTimestamp(env.now()),
    newId: () => randomUUID(),
  };
}
