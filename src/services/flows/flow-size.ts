// How big one flow may be (LANGFLOW_MAX_FLOW_NODES / LANGFLOW_MAX_FLOW_EDGES). Ordering and
// running a flow cost time in proportion to its nodes and edges, so a flow of tens of thousands
// of tiny nodes could hold the server for seconds (issue 10, finding 6). Checked where a flow
// is stored (create, batch, update, upload) and again before a run, for flows stored earlier
// under a higher limit.
import type { Config } from '../../config/config-types.js';
import { BadRequestError, ValidationError } from '../errors.js';

type Limits = Pick<Config, 'maxFlowNodes' | 'maxFlowEdges'>;

function counts(data: unknown): { nodes: number; edges: number } {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  return {
    nodes: Array.isArray(record.nodes) ? record.nodes.length : 0,
    edges: Array.isArray(record.edges) ? record.edges.length : 0,
  };
}

/** 422 in pydantic's words for a list too long; `loc` is where `data` sits in the request. */
export function assertStorableFlowSize(limits: Limits, data: unknown, loc: (string | number)[]): void {
  const { nodes, edges } = counts(data);
  for (const [key, count, max] of [['nodes', nodes, limits.maxFlowNodes], ['edges', edges, limits.maxFlowEdges]] as const) {
    if (count > max) {
      throw new ValidationError([
        { type: 'too_long', loc: [...loc, key], msg: `List should have at most ${max} items after validation, not ${count}`, input: null },
      ]);
    }
  }
}

/** 400 before a run of a flow stored under a higher limit. */
export function assertRunnableFlowSize(limits: Limits, data: unknown): void {
  const { nodes, edges } = counts(data);
  if (nodes > limits.maxFlowNodes) {
    throw new BadRequestError(`The flow has ${nodes} nodes; at most ${limits.maxFlowNodes} may run (LANGFLOW_MAX_FLOW_NODES)`);
  }
  if (edges > limits.maxFlowEdges) {
    throw new BadRequestError(`The flow has ${edges} edges; at most ${limits.maxFlowEdges} may run (LANGFLOW_MAX_FLOW_EDGES)`);
  }
}
