// Reads Langflow's flow `data` ({nodes, edges}) into a graph the runner can walk, and orders it.
// Only what the engine needs is read; every other field of a real export is ignored. The
// structures returned are fresh copies: tweaks and variables may change them freely without
// touching the caller's data.
import { FlowBuildError } from './errors.js';
import { sourceOutputName, targetFieldName } from './handles.js';

/** One field of a node's template. Langflow stores many more keys; these are the ones read. */
export interface TemplateField {
  value?: unknown;
  load_from_db?: boolean;
  required?: boolean;
  show?: boolean;
  type?: string;
  [key: string]: unknown;
}

export interface FlowNode {
  id: string;
  /** Langflow's component type name: `ChatInput`, `Prompt`, … */
  type: string;
  displayName: string;
  template: Record<string, TemplateField>;
  /** Langflow's `tool_mode`: the component is offered to an agent as tools. */
  toolMode: boolean;
}

export interface FlowEdge {
  source: string;
  target: string;
  /** The target's field this edge feeds. */
  fieldName: string;
  /** The source's output this edge reads, when the edge says. */
  sourceOutput: string | undefined;
}

export interface FlowGraph {
  /** Components in file order (note nodes left out). */
  nodes: FlowNode[];
  byId: Map<string, FlowNode>;
  edges: FlowEdge[];
}

/** `Chat Output (ChatOutput-abc12)`: how every message names a component. */
export function describeNode(node: Pick<FlowNode, 'id' | 'displayName'>): string {
  return node.displayName && node.displayName !== node.id ? `${node.displayName} (${node.id})` : node.id;
}

export function parseFlow(data: unknown): FlowGraph {
  const root = record(data);
  if (!root || !Array.isArray(root.nodes)) {
    throw new FlowBuildError('The flow has no data: expected an object with a "nodes" array');
  }
  if (root.edges !== undefined && !Array.isArray(root.edges)) {
    throw new FlowBuildError('The flow\'s "edges" must be an array');
  }
  const nodes: FlowNode[] = [];
  const byId = new Map<string, FlowNode>();
  root.nodes.forEach((raw, index) => {
    const node = parseNode(raw, index);
    if (!node) return;
    if (byId.has(node.id)) throw new FlowBuildError(`Two components share the id "${node.id}"`, node.id);
    byId.set(node.id, node);
    nodes.push(node);
  });
  const edges = ((root.edges as unknown[] | undefined) ?? []).map((raw, index) => parseEdge(raw, index, byId));
  return { nodes, byId, edges };
}

function parseNode(raw: unknown, index: number): FlowNode | undefined {
  const node = record(raw);
  if (!node) throw new FlowBuildError(`Node #${index + 1} of the flow is not an object`);
  const data = record(node.data);
  const id = typeof node.id === 'string' && node.id !== '' ? node.id : typeof data?.id === 'string' ? data.id : '';
  // Sticky notes are drawings, not components.
  if (node.type === 'noteNode' || data?.type === 'note' || data?.type === 'noteNode') return undefined;
  if (!id) throw new FlowBuildError(`Node #${index + 1} of the flow has no id`);
  if (!data || typeof data.type !== 'string' || data.type === '') {
    throw new FlowBuildError(`Component ${id} has no type`, id);
  }
  const inner = record(data.node);
  const displayName =
    typeof inner?.display_name === 'string' && inner.display_name !== ''
      ? inner.display_name
      : typeof data.display_name === 'string' && data.display_name !== ''
        ? data.display_name
        : data.type;
  const template: Record<string, TemplateField> = {};
  for (const [name, field] of Object.entries(record(inner?.template) ?? {})) {
    const fieldRecord = record(field);
    if (fieldRecord) template[name] = { ...fieldRecord };
  }
  return { id, type: data.type, displayName, template, toolMode: inner?.tool_mode === true };
}

function parseEdge(raw: unknown, index: number, byId: Map<string, FlowNode>): FlowEdge {
  const edge = record(raw);
  if (!edge || typeof edge.source !== 'string' || typeof edge.target !== 'string') {
    throw new FlowBuildError(`Edge #${index + 1} of the flow has no source or target`);
  }
  const source = byId.get(edge.source);
  const target = byId.get(edge.target);
  if (!source || !target) {
    const known = source ?? target;
    const missing = source ? edge.target : edge.source;
    throw new FlowBuildError(
      known
        ? `An edge connects ${describeNode(known)} to "${missing}", which is not a component of this flow`
        : `An edge connects "${edge.source}" to "${edge.target}", neither of which is a component of this flow`,
      known?.id,
    );
  }
  const fieldName = targetFieldName(edge);
  if (!fieldName) {
    throw new FlowBuildError(
      `The edge from ${describeNode(source)} to ${describeNode(target)} does not say which field it feeds`,
      target.id,
    );
  }
  return { source: source.id, target: target.id, fieldName, sourceOutput: sourceOutputName(edge) };
}

/**
 * Kahn's algorithm; ties keep file order, so runs are deterministic. A cycle is a
 * FlowBuildError naming the components on it, in order.
 */
export function topologicalOrder(graph: FlowGraph): FlowNode[] {
  const indegree = new Map(graph.nodes.map((node) => [node.id, 0]));
  const next = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) {
    indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
    next.get(edge.source)!.push(edge.target);
  }
  const position = new Map(graph.nodes.map((node, index) => [node.id, index]));
  const ready = graph.nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  const order: FlowNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(graph.byId.get(id)!);
    for (const target of next.get(id)!) {
      const remaining = indegree.get(target)! - 1;
      indegree.set(target, remaining);
      if (remaining === 0) ready.push(target);
    }
  }
  if (order.length < graph.nodes.length) {
    const cycle = findCycle(graph, new Set(order.map((node) => node.id)), next);
    throw new FlowBuildError(
      `The flow has a cycle: ${cycle.map((id) => describeNode(graph.byId.get(id)!)).join(' → ')}`,
      cycle[0],
    );
  }
  return order;
}

/** One cycle among the nodes Kahn could not order, as ids, first id repeated at the end. */
function findCycle(graph: FlowGraph, ordered: Set<string>, next: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 'open');
    stack.push(id);
    for (const target of next.get(id)!) {
      if (ordered.has(target)) continue;
      if (state.get(target) === 'open') return [...stack.slice(stack.indexOf(target)), target];
      if (!state.has(target)) {
        const found = visit(target);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const node of graph.nodes) {
    if (ordered.has(node.id) || state.has(node.id)) continue;
    const found = visit(node.id);
    if (found) return found;
  }
  // Unreachable: nodes Kahn cannot order always contain a cycle.
  return graph.nodes.filter((node) => !ordered.has(node.id)).map((node) => node.id);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
