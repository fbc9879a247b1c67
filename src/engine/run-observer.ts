// What the build API learns about a run component by component (Langflow's vertices_sorted and
// end_vertex events). /run has no observer.
import type { ComponentOutput } from './component.js';
import type { FlowGraph, FlowNode } from './flow-graph.js';

export interface RunObserver {
  /** The components that will run, in run order, once the flow has passed its build checks. */
  sorted?(order: readonly FlowNode[], graph: FlowGraph): void;
  /** A component finished (after its chat message, if any, was announced). */
  built?(node: FlowNode, output: ComponentOutput): void;
  /** A component failed; the run stops with this error right after. Not called when the run was cancelled. */
  failed?(node: FlowNode, error: unknown): void;
  /** An agent calls a component as a tool (Langflow's build_start / build_end). */
  toolStarted?(node: FlowNode): void;
  toolFinished?(node: FlowNode): void;
}
