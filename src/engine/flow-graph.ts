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
  /** Edges by target id and by source id (every node has an entry), so no walk scans all edges. */
  incoming: Map<string, FlowEdge[]>;
  outgoing: Map<string, FlowEdge[]>;
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
  const incoming = new Map<string, FlowEdge[]>(nodes.map((node) => [node.id, []]));
  const outgoing = new Map<string, FlowEdge[]>(nodes.map((node) => [node.id, []]));
  for (const edge of edges) {
    incoming.get(edge.target)!.push(edge);
    outgoing.get(edge.source)!.push(edge);
  }
  return { nodes, byId, edges, incoming, outgoing };
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
 * Kahn's algorithm; ties keep file order (a min-heap of file positions), so runs are
 * deterministic and ordering costs O((nodes + edges) log nodes). A cycle is a FlowBuildError
 * naming the components on it, in order.
 */
export function topologicalOrder(graph: FlowGraph): FlowNode[] {
  const position = new Map(graph.nodes.map((node, index) => [node.id, index]));
  const indegree = graph.nodes.map((node) => graph.incoming.get(node.id)!.length);
  const ready = new MinHeap();
  indegree.forEach((count, index) => {
    if (count === 0) ready.push(index);
  });
  const order: FlowNode[] = [];
  while (ready.size > 0) {
    const node = graph.nodes[ready.pop()]!;
    order.push(node);
    for (const edge of graph.outgoing.get(node.id)!) {
      const target = position.get(edge.target)!;
      if (--indegree[target]! === 0) ready.push(target);
    }
  }
  if (order.length < graph.nodes.length) {
    const cycle = findCycle(graph, new Set(order.map((node) => node.id)));
    // A cycle through thousands of nodes is named by its first few (the message goes to clients).
    const named = cycle.length > MAX_NAMED_IN_CYCLE ? [...cycle.slice(0, MAX_NAMED_IN_CYCLE - 1), '…', cycle[cycle.length - 1]!] : cycle;
    throw new FlowBuildError(
      `The flow has a cycle: ${named.map((id) => (id === '…' ? id : describeNode(graph.byId.get(id)!))).join(' → ')}`,
      cycle[0],
    );
  }
  return order;
}

const MAX_NAMED_IN_CYCLE = 10;

/** A binary min-heap of numbers (file positions). */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= items.length) break;
        if (child + 1 < items.length && items[child + 1]! < items[child]!) child++;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

/**
 * One cycle among the nodes Kahn could not order, as ids, first id repeated at the end.
 * Iterative depth-first search: a long chain must not overflow the stack.
 */
function findCycle(graph: FlowGraph, ordered: Set<string>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of graph.nodes) {
    if (ordered.has(start.id) || state.has(start.id)) continue;
    const path: string[] = [start.id];
    const cursor: number[] = [0];
    state.set(start.id, 'open');
    while (path.length > 0) {
      const id = path[path.length - 1]!;
      const edges = graph.outgoing.get(id)!;
      const index = cursor[cursor.length - 1]!;
      if (index >= edges.length) {
        state.set(id, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = index + 1;
      const target = edges[index]!.target;
      if (ordered.has(target)) continue;
      if (state.get(target) === 'open') return [...path.slice(path.indexOf(target)), target];
      if (!state.has(target)) {
        state.set(target, 'open');
        path.push(target);
        cursor.push(0);
      }
    }
  }
  // Unreachable: nodes Kahn cannot order always contain a cycle.
  return graph.nodes.filter((node) => !ordered.has(node.id)).map((node) => node.id);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
