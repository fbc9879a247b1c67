// Builds the context a component runs with: its inputs come from the outputs of the
// components upstream (by edge, the output the edge names) or, for unconnected fields, from
// its template. An agent calling a component as a tool sets some fields itself (`overrides`),
// which win over both.
import { randomUUID } from 'node:crypto';
import type { ComponentContext, ComponentOutput } from './component.js';
import type { EventSink } from './events.js';
import type { FlowEdge, FlowGraph, FlowNode } from './flow-graph.js';
import { messageTimestamp, textOf } from './message.js';
import type { ModelEnvironment } from './models/model-environment.js';
import type { RunServices } from './run-services.js';
import type { VariableResolver } from './variables.js';

export interface ContextEnvironment {
  graph: FlowGraph;
  /** Outputs of the components that have run, by node id. */
  results: ReadonlyMap<string, ComponentOutput>;
  flowId: string;
  sessionId: string;
  signal: AbortSignal;
  now: () => Date;
  services: RunServices;
  /** The caller's global variables; none when absent. */
  resolveVariable?: VariableResolver;
  /** The operator's model provider addresses; the providers' own when absent. */
  models?: ModelEnvironment;
  /** Streaming runs: where `token` events go. */
  onEvent?: EventSink;
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
  const incoming = env.graph.incoming.get(node.id) ?? [];
  const outgoing = env.graph.outgoing.get(node.id) ?? [];
  const edgesInto = (field: string): FlowEdge[] => incoming.filter((edge) => edge.fieldName === field);
  const input = (field: string): unknown => {
    if (Object.hasOwn(overrides, field)) return overrides[field];
    const edges = edgesInto(field);
    if (edges.length === 0) return node.template[field]?.value;
    const values = edges.map((edge) => edgeValue(edge, env.results));
    return values.length === 1 ? values[0] : values;
  };
  const timestamp = () => messageTimestamp(env.now());
  return {
    node,
    flowId: env.flowId,
    sessionId: env.sessionId,
    signal: env.signal,
    input,
    text: (field) => textOf(input(field)),
    sources: (field) => edgesInto(field).map((edge) => env.graph.byId.get(edge.source)!),
    timestamp,
    newId: () => randomUUID(),
    // Every request of a component ends with the run (time limit, client gone).
    fetch: (url, init) => env.services.fetch(url, { ...init, signal: withRunSignal(init?.signal, env.signal) }),
    trustedFetch: (url, init) => env.services.trustedFetch(url, { ...init, signal: withRunSignal(init?.signal, env.signal) }),
    files: env.services.files,
    messages: env.services.messages,
    models: env.models ?? {},
    variable: (name) => env.resolveVariable?.(name) ?? Promise.resolve(undefined),
    fieldVariable: (field) => {
      const from = node.template[field]?.fromVariable;
      return typeof from === 'string' ? from : undefined;
    },
    outputUsed: (output) => outgoing.some((edge) => edge.sourceOutput === undefined || edge.sourceOutput === output),
    tokenStream: () => {
      const sink = env.onEvent;
      if (!sink || !reachesChatOutput(env.graph, node.id)) return undefined;
      const id = randomUUID();
      const at = timestamp();
      return { id, push: (chunk) => sink('token', { chunk, id, timestamp: at }) };
    },
    streamedId: (field) => {
      const edges = edgesInto(field);
      return edges.length === 1 ? env.results.get(edges[0]!.source)?.streamedId : undefined;
    },
  };
}

function withRunSignal(own: AbortSignal | undefined, run: AbortSignal): AbortSignal {
  return own ? AbortSignal.any([own, run]) : run;
}

/** Langflow streams a model's tokens only when its text goes straight into a Chat Output. */
function reachesChatOutput(graph: FlowGraph, nodeId: string): boolean {
  return (graph.outgoing.get(nodeId) ?? []).some((edge) => edge.fieldName === 'input_value' && graph.byId.get(edge.target)?.type === 'ChatOutput');
}
