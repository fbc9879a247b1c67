// Builds the context a component runs with: its inputs come from the outputs of the
// components upstream (by edge) or, for unconnected fields, from its template. An agent calling
// a component as a tool sets some fields itself (`overrides`), which win over both.
import { randomUUID } from 'node:crypto';
import type { ComponentContext, ComponentOutput } from './component.js';
import type { FlowEdge, FlowGraph, FlowNode } from './flow-graph.js';
import { messageTimestamp, textOf } from './message.js';
import type { RunServices } from './run-services.js';

export interface ContextEnvironment {
  graph: FlowGraph;
  /** Outputs of the components that have run, by node id. */
  results: ReadonlyMap<string, ComponentOutput>;
  flowId: string;
  sessionId: string;
  signal: AbortSignal;
  now: () => Date;
  services: RunServices;
}

/** The value an edge carries: the output it names, else the source's main value. */
export function edgeValue(edge: FlowEdge, results: ReadonlyMap<string, ComponentOutput>): unknown {
  const result = results.get(edge.source);
  if (!result) return undefined;
  if (edge.sourceOutput && result.outputs && edge.sourceOutput in result.outputs) return result.outputs[edge.sourceOutput];
  return result.value;
}

export function createComponentContext(
  node: FlowNode,
  env: ContextEnvironment,
  overrides: Readonly<Record<string, unknown>> = {},
): ComponentContext {
  const incoming = env.graph.edges.filter((edge) => edge.target === node.id);
  const edgesInto = (field: string): FlowEdge[] => incoming.filter((edge) => edge.fieldName === field);
  const input = (field: string): unknown => {
    if (Object.hasOwn(overrides, field)) return overrides[field];
    const edges = edgesInto(field);
    if (edges.length === 0) return node.template[field]?.value;
    const values = edges.map((edge) => edgeValue(edge, env.results));
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
    // Every request of a component ends with the run (time limit, client gone).
    fetch: (url, init) => env.services.fetch(url, { ...init, signal: withRunSignal(init?.signal, env.signal) }),
    trustedFetch: (url, init) => env.services.trustedFetch(url, { ...init, signal: withRunSignal(init?.signal, env.signal) }),
    files: env.services.files,
  };
}

function withRunSignal(own: AbortSignal | undefined, run: AbortSignal): AbortSignal {
  return own ? AbortSignal.any([own, run]) : run;
}
