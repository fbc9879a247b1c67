// A flow's graph parsed and ordered once, for as long as the saved flow does not change
// (services/flows/flow-plans.ts keeps one per flow version). Each run works on its own copy: tweaks,
// the input value and variables replace template fields (never change them in place), so a
// copy of each node's template map is enough, and the shared fields are frozen to keep it so.
import { parseFlow, topologicalOrder, type FlowGraph, type FlowNode } from './flow-graph.js';

export interface PreparedFlow {
  readonly prepared: true;
  readonly graph: FlowGraph;
  /** Every component in run order (dependencies first). */
  readonly order: readonly FlowNode[];
}

/** Parses and orders `data`; throws FlowBuildError as parseFlow and topologicalOrder do. */
export function prepareFlow(data: unknown): PreparedFlow {
  const graph = parseFlow(data);
  const order = topologicalOrder(graph);
  for (const node of graph.nodes) {
    for (const field of Object.values(node.template)) Object.freeze(field);
    Object.freeze(node);
  }
  for (const edge of graph.edges) Object.freeze(edge);
  return { prepared: true, graph, order };
}

export function isPreparedFlow(value: unknown): value is PreparedFlow {
  return typeof value === 'object' && value !== null && (value as { prepared?: unknown }).prepared === true && 'graph' in value;
}

/** A run's own graph and order: new nodes and template maps over the shared (frozen) fields. */
export function graphForRun(prepared: PreparedFlow): { graph: FlowGraph; order: FlowNode[] } {
  const byId = new Map<string, FlowNode>();
  const nodes = prepared.graph.nodes.map((node) => {
    const copy: FlowNode = { ...node, template: { ...node.template } };
    byId.set(copy.id, copy);
    return copy;
  });
  const { edges, incoming, outgoing } = prepared.graph;
  return { graph: { nodes, byId, edges, incoming, outgoing }, order: prepared.order.map((node) => byId.get(node.id)!) };
}
