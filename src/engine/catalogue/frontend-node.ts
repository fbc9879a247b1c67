// A component's definition as Langflow's "frontend node": the `data.node` object of a node in
// an exported flow, and the value of each entry of GET /api/v1/all.
import type { ComponentDefinition, FieldJson } from './definition.js';

export type FrontendNode = Record<string, unknown> & {
  display_name: string;
  template: Record<string, unknown>;
  outputs: Record<string, unknown>[];
};

/** The Langflow version whose node format this follows (written into nodes as `lf_version`). */
export const LANGFLOW_NODE_VERSION = '1.4.2';

export function frontendNode(displayName: string, definition: ComponentDefinition, fields: readonly FieldJson[] = definition.fields): FrontendNode {
  const outputTypes = [...new Set(definition.outputs.flatMap((output) => output.types))];
  return {
    base_classes: [...(definition.baseClasses ?? outputTypes)],
    beta: definition.beta ?? false,
    conditional_paths: [],
    custom_fields: {},
    description: definition.description,
    display_name: displayName,
    documentation: '',
    edited: false,
    field_order: fields.map((field) => field.name),
    frozen: false,
    icon: definition.icon,
    legacy: definition.legacy ?? false,
    lf_version: LANGFLOW_NODE_VERSION,
    metadata: {},
    minimized: false,
    output_types: [],
    outputs: definition.outputs.map((output) => ({
      allows_loop: false,
      cache: true,
      display_name: output.display_name,
      group_outputs: false,
      method: output.method,
      name: output.name,
      selected: output.types[0],
      tool_mode: true,
      types: [...output.types],
      value: '__UNDEFINED__',
    })),
    pinned: false,
    template: { _type: 'Component', ...Object.fromEntries(fields.map((field) => [field.name, structuredClone(field)])) },
    tool_mode: false,
  };
}
