// A component switched to tool mode, as Langflow's editor shows it: its outputs become the one
// `component_as_tool` output ("Toolset", type Tool) an Agent's Tools field takes, and its template
// gains `tools_metadata` ("Actions"), where the user may rename, describe or switch off each tool.
// Only components with ToolSpecs can be tools; the engine reads both back (tools.ts).
import type { Component } from '../component.js';
import { TOOL_OUTPUT } from '../tools.js';
import type { FieldJson, OutputDefinition } from './definition.js';
import { FIELD_BASE } from './fields.js';

export const TOOLSET_OUTPUT: OutputDefinition = { name: TOOL_OUTPUT, display_name: 'Toolset', method: 'to_toolkit', types: ['Tool'] };

/** Langflow's `tools_metadata` field (ToolsInput) listing the component's tools, all on. */
export function toolsMetadataField(component: Component): FieldJson {
  const tools = (component.tools ?? []).map((spec) => {
    // Langflow's default description for a component's tool.
    const description = `${component.type}. ${spec.name}() - ${spec.description}`;
    return { name: spec.name, display_name: spec.name, description, display_description: description, tags: [spec.name], status: true, args: structuredClone(spec.args) };
  });
  return {
    ...FIELD_BASE,
    _input_type: 'ToolsInput',
    display_name: 'Actions',
    info: 'Modify tool names and descriptions to help agents understand when to use each tool.',
    is_list: true,
    list_add_label: 'Add More',
    name: 'tools_metadata',
    real_time_refresh: true,
    type: 'tools',
    value: tools,
  };
}
