// Components in tool mode (Langflow's `component_as_tool` output): instead of running in the
// flow's order, such a component becomes tools an agent calls. Each tool is one of the
// component's ToolSpecs, named and described as the node's `tools_metadata` says (a user may
// rename a tool or switch it off there), whose arguments fill the component's tool-mode fields.
import type { Component, ComponentOutput, ToolSpec } from './component.js';
import { isData, isDataFrame } from './data.js';
import type { FlowEdge, FlowNode } from './flow-graph.js';
import { isMessage, textOf } from './message.js';

export const TOOL_OUTPUT = 'component_as_tool';

export interface Tool {
  /** The name the model calls it by (from `tools_metadata`, else the spec's). */
  name: string;
  description: string;
  /** JSON schema of the arguments object. */
  parameters: { type: 'object'; properties: Record<string, Record<string, unknown>>; required: string[] };
  componentId: string;
  componentDisplayName: string;
  /** Runs the component with the arguments; the result as text for the model. */
  invoke(args: Record<string, unknown>): Promise<string>;
}

/** A node that feeds an agent's tools: it is in tool mode or an edge reads its tool output. */
/** `edges`: the node's outgoing edges (FlowGraph.outgoing), or any superset of them. */
export function isToolProvider(node: FlowNode, edges: readonly FlowEdge[]): boolean {
  return node.toolMode || edges.some((edge) => edge.source === node.id && edge.sourceOutput === TOOL_OUTPUT);
}

interface ToolMetadata {
  name?: unknown;
  description?: unknown;
  status?: unknown;
  tags?: unknown;
}

/** The node's tools; `run` runs the component with some fields set by the agent. */
export function componentTools(
  node: FlowNode,
  component: Component,
  run: (overrides: Record<string, unknown>) => Promise<ComponentOutput>,
): Tool[] {
  const metadata = Array.isArray(node.template.tools_metadata?.value) ? (node.template.tools_metadata.value as ToolMetadata[]) : [];
  const tools: Tool[] = [];
  for (const spec of component.tools ?? []) {
    const entry = metadata.find(
      (m) => (Array.isArray(m.tags) && m.tags[0] === spec.name) || m.name === spec.name,
    );
    if (entry?.status === false) continue;
    const name = typeof entry?.name === 'string' && entry.name !== '' ? entry.name : spec.name;
    const description = typeof entry?.description === 'string' && entry.description !== '' ? entry.description : spec.description;
    tools.push({
      name,
      description,
      parameters: { type: 'object', properties: structuredClone(spec.args), required: Object.keys(spec.args) },
      componentId: node.id,
      componentDisplayName: node.displayName,
      invoke: async (args) => toolResultText(await run(pickArgs(spec, args)), spec),
    });
  }
  return tools;
}

function pickArgs(spec: ToolSpec, args: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of Object.keys(spec.args)) if (args && field in args) picked[field] = args[field];
  return picked;
}

/** What the model reads back: a message's text, structured values as JSON. */
export function toolResultText(output: ComponentOutput, spec: Pick<ToolSpec, 'output'>): string {
  const value = output.outputs && spec.output in output.outputs ? output.outputs[spec.output] : output.value;
  if (isMessage(value)) return value.text;
  if (isData(value)) return JSON.stringify(value.data);
  if (isDataFrame(value)) return JSON.stringify(value.rows);
  return textOf(value);
}
