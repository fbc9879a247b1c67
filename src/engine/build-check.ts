// Checks made before anything runs, so a broken flow fails whole (no half-sent events):
// required inputs (the component's list and template fields marked `required`) must have an
// incoming edge or a non-empty value; then each component's own checks.
import type { Component } from './component.js';
import { FlowBuildError } from './errors.js';
import { describeNode, type FlowEdge, type FlowNode } from './flow-graph.js';

/** `incoming`: each node's incoming edges (FlowGraph.incoming). */
export function checkBuild(
  order: readonly FlowNode[],
  incoming: ReadonlyMap<string, readonly FlowEdge[]>,
  componentOf: (node: FlowNode) => Component,
): void {
  for (const node of order) {
    const component = componentOf(node);
    const connected = new Set((incoming.get(node.id) ?? []).map((edge) => edge.fieldName));
    const required = new Set(component.required ?? []);
    for (const [name, field] of Object.entries(node.template)) {
      // `code` holds Langflow's Python source; the engine does not use it.
      if (field.required === true && field.show !== false && name !== 'code') required.add(name);
    }
    for (const field of required) {
      if (!connected.has(field) && isEmpty(node.template[field]?.value)) {
        throw new FlowBuildError(`${describeNode(node)} is missing its required input "${field}"`, node.id);
      }
    }
    component.validate?.({ node, connected });
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
