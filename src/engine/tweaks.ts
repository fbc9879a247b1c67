// Langflow's tweaks: `{ [componentIdOrDisplayName]: { field: value } }` override template
// values before the run. As in Langflow: an id wins over a display name; a display name shared
// by several components reaches the last of them; fields the template does not have, and the
// `code` field, are ignored; a tweaked field is a plain value (no longer `load_from_db`).
// Entries whose value is not an object (Langflow's flat legacy form) are ignored.
import type { FlowGraph, FlowNode } from './flow-graph.js';

export type Tweaks = Record<string, Record<string, unknown>>;

export function applyTweaks(graph: FlowGraph, tweaks: Tweaks | undefined): void {
  if (!tweaks) return;
  const byDisplayName = new Map<string, FlowNode>();
  for (const node of graph.nodes) byDisplayName.set(node.displayName, node);
  for (const [key, fields] of Object.entries(tweaks)) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) continue;
    const node = graph.byId.get(key) ?? byDisplayName.get(key);
    if (node) tweakNode(node, fields);
  }
}

function tweakNode(node: FlowNode, fields: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(fields)) {
    const field = node.template[name];
    if (!field || name === 'code') continue;
    node.template[name] = { ...field, value, load_from_db: false };
  }
}
