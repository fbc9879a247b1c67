// Which components a partial build runs (Langflow's stop_component_id / start_component_id):
// "run up to X" runs X and everything X depends on; "run from X" runs X, everything after it,
// and whatever those need. Flowgate keeps no results between builds, so what they need runs
// again rather than being taken from a cache as Langflow does.
import { FlowBuildError } from './errors.js';
import type { FlowGraph } from './flow-graph.js';

export interface ComponentSelection {
  stopComponentId?: string;
  startComponentId?: string;
}

/** The ids to run; undefined = all. Unknown ids are a FlowBuildError. */
export function selectComponents(graph: FlowGraph, selection: ComponentSelection | undefined): Set<string> | undefined {
  const { stopComponentId, startComponentId } = selection ?? {};
  if (!stopComponentId && !startComponentId) return undefined;
  for (const id of [stopComponentId, startComponentId]) {
    if (id && !graph.byId.has(id)) throw new FlowBuildError(`Component ${id} is not part of this flow`, id);
  }
  let selected = new Set(graph.nodes.map((node) => node.id));
  if (stopComponentId) selected = reach(graph, [stopComponentId], 'up', selected);
  if (startComponentId) {
    const after = reach(graph, [startComponentId], 'down', selected);
    selected = reach(graph, [...after], 'up', selected);
  }
  return selected;
}

/** The given ids and every component reachable from them along edges (up: sources; down: targets), within `within`. */
function reach(graph: FlowGraph, from: string[], direction: 'up' | 'down', within: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const stack = from.filter((id) => within.has(id));
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    const edges = (direction === 'up' ? graph.incoming : graph.outgoing).get(id) ?? [];
    for (const edge of edges) {
      const next = direction === 'up' ? edge.source : edge.target;
      if (within.has(next) && !found.has(next)) stack.push(next);
    }
  }
  return found;
}
