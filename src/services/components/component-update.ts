// POST /api/v1/custom_component/update: Langflow's editor asks it when a field marked
// `real_time_refresh` changes, and for every model field when a flow opens. Langflow compiles
// the node's code and runs its update_build_config; Flowgate never runs code from a request. It
// finds the component it runs by the class the code names (LanguageModelComponent,
// OpenAIModelComponent, …), or for a node drawn from Flowgate's catalogue (no code) by its exact
// set of fields, writes the changed value into the template, fills every `model`
// field's options from the user's enabled providers, and answers the node with the component's
// outputs. Fields are never shown, hidden or added as Langflow's Python components may do, with
// one exception Langflow's editor relies on: `tool_mode` on answers the Toolset output and the
// `tools_metadata` field (kept as the node has it), off the component's own outputs without it.
import { registeredComponents } from '../../engine/component-registry.js';
import { frontendNode, type FrontendNode } from '../../engine/catalogue/frontend-node.js';
import { TOOLSET_OUTPUT, toolsMetadataField } from '../../engine/catalogue/tool-mode.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError } from '../errors.js';
import { modelOptionsFor } from './model-providers.js';

export interface ComponentUpdateRequest {
  code?: string | null;
  template: Record<string, unknown>;
  field: string;
  field_value?: unknown;
  tool_mode?: boolean | null;
}

// What Langflow's editor adds to the template it sends; not part of the node.
const REQUEST_ONLY_KEYS = ['is_refresh', '_frontend_node_flow_id', '_frontend_node_folder_id'];

export async function updateComponentNode(deps: AppDeps, userId: string, request: ComponentUpdateRequest): Promise<FrontendNode> {
  const component = componentNamedIn(request.code ?? '') ?? componentWithFields(request.template);
  if (!component?.definition) {
    throw new BadRequestError('Flowgate updates only the components it runs; this node is none of them');
  }
  const template = structuredClone(request.template);
  for (const key of REQUEST_ONLY_KEYS) delete template[key];
  const changed = template[request.field];
  if (isRecord(changed)) changed.value = request.field_value;
  const toolMode = request.tool_mode ?? false;
  if (toolMode && !component.tools?.length) {
    const tools = registeredComponents().filter((c) => c.definition && c.tools?.length).map((c) => c.displayName);
    throw new BadRequestError(`${component.displayName} cannot be used as a tool in Flowgate; the components that can are ${tools.join(', ')}`);
  }
  if (toolMode) template.tools_metadata ??= toolsMetadataField(component);
  else delete template.tools_metadata;
  const fields = Object.values(template).filter(isRecord);
  if (fields.some((field) => field.type === 'model')) {
    const options = await modelOptionsFor(deps, userId);
    for (const field of fields) if (field.type === 'model') field.options = options;
  }
  const definition = toolMode ? { ...component.definition, outputs: [TOOLSET_OUTPUT] } : component.definition;
  return { ...frontendNode(component.displayName, definition), template, tool_mode: toolMode };
}

/** The registered component whose class the code defines (`class LanguageModelComponent(…)`). */
function componentNamedIn(code: string) {
  const classes = [...code.slice(0, 200_000).matchAll(/^class\s+([A-Za-z_]\w*)\s*[(:]/gm)].map((match) => match[1]);
  return registeredComponents().find((component) => classes.some((name) => name === component.type || name === `${component.type}Component`));
}

/** The registered component whose catalogue fields are exactly the template's. */
function componentWithFields(template: Record<string, unknown>) {
  const names = Object.keys(template).filter((key) => !['_type', 'code', 'tools_metadata'].includes(key) && !REQUEST_ONLY_KEYS.includes(key)).sort().join('\n');
  return registeredComponents().find((component) => component.definition && component.definition.fields.map((field) => field.name).sort().join('\n') === names);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
