// A tool's input schema, as Langflow's json_schema_from_flow: the shown, non-advanced fields of
// the flow's input components (Chat Input, Text Input), with Langflow's type mapping.
import { parseFlow } from '../../engine/flow-graph.js';
import { takesInputValue } from '../../engine/io-types.js';

export interface ToolInputSchema {
  [key: string]: unknown;
  type: 'object';
  properties: Record<string, { type: string; description: string }>;
  required: string[];
}

const TYPES: Record<string, string> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean' };

export function inputSchemaOf(data: unknown): ToolInputSchema {
  const schema: ToolInputSchema = { type: 'object', properties: {}, required: [] };
  let nodes;
  try {
    nodes = parseFlow(data).nodes;
  } catch {
    return schema; // a broken flow is still listed; calling it reports the build error
  }
  for (const node of nodes) {
    if (!takesInputValue(node.type, 'any')) continue;
    for (const [name, field] of Object.entries(node.template)) {
      if (!field.show || field.advanced) continue;
      const info = typeof field.info === 'string' && field.info ? field.info : `Input for ${name}`;
      schema.properties[name] = { type: TYPES[String(field.type ?? 'str')] ?? 'string', description: info };
      if (field.required && !schema.required.includes(name)) schema.required.push(name);
    }
  }
  return schema;
}
