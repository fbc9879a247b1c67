// Which components become runnable as others finish: Langflow's vertices_sorted `ids` (the
// first layer) and each end_vertex's `next_vertices_ids`, over the components this build runs.
import type { FlowGraph, FlowNode } from '../../engine/flow-graph.js';

export class BuildProgress {
  private readonly waitingOn = new Map<string, Set<string>>();
  private readonly successors = new Map<string, Set<string>>();
  readonly order: string[];

  constructor(order: readonly FlowNode[], graph: FlowGraph) {
    this.order = order.map((node) => node.id);
    const selected = new Set(this.order);
    for (const id of this.order) {
      this.waitingOn.set(id, new Set());
      this.successors.set(id, new Set());
    }
    for (const edge of graph.edges) {
      if (!selected.has(edge.source) || !selected.has(edge.target)) continue;
      this.waitingOn.get(edge.target)!.add(edge.source);
      this.successors.get(edge.source)!.add(edge.target);
    }
  }

  /** The components that wait on nothing. */
  firstLayer(): string[] {
    return this.order.filter((id) => this.waitingOn.get(id)!.size === 0);
  }

  /** Marks `id` done; returns the components that now wait on nothing. */
  done(id: string): string[] {
    const next: string[] = [];
    for (const target of this.successors.get(id) ?? []) {
      const waiting = this.waitingOn.get(target)!;
      waiting.delete(id);
      if (waiting.size === 0) next.push(target);
    }
    return next;
  }
}
