// Builders for starter flows in Langflow's export format (nodes as Langflow's editor draws
// them, edges with both handle forms), so a starter downloaded from Flowgate opens in Langflow
// and the other way round. Only the components the engine runs are here.

import type { Component } from '../component.js';
import { promptVariableField } from '../catalogue/fields.js';
import type { FieldJson } from '../catalogue/definition.js';
import { frontendNode } from '../catalogue/frontend-node.js';
import { ChatInput } from '../components/ChatInput.js';
import { ChatOutput } from '../components/ChatOutput.js';
import { CombineText } from '../components/CombineText.js';
import { LanguageModel } from '../components/LanguageModel.js';
import { Prompt } from '../components/Prompt.js';
import { TextInput } from '../components/TextInput.js';
import { TextOutput } from '../components/TextOutput.js';

type Json = Record<string, unknown>;
export interface Position {
  x: number;
  y: number;
}

interface NodeOptions {
  height: number;
  /** Field values by name, over the definition's defaults. */
  values?: Record<string, unknown>;
  /** Fields the node has beyond its definition (a Prompt's variables). */
  extraFields?: FieldJson[];
  customFields?: Json;
  displayName?: string;
}

/** A node as Langflow's editor draws it, from the component's catalogue definition. */
function node(component: Component, id: string, position: Position, options: NodeOptions): Json {
  const definition = component.definition;
  if (!definition) throw new Error(`${component.type} has no catalogue definition`);
  const fields = [...definition.fields, ...(options.extraFields ?? [])].map((field) =>
    options.values && field.name in options.values ? { ...field, value: options.values[field.name] } : field,
  );
  const displayName = options.displayName ?? component.displayName;
  const data = frontendNode(displayName, definition, fields);
  if (options.customFields) data.custom_fields = options.customFields;
  return {
    id,
    type: 'genericNode',
    position,
    positionAbsolute: position,
    width: 320,
    height: options.height,
    measured: { width: 320, height: options.height },
    selected: false,
    dragging: false,
    data: { id, type: component.type, description: definition.description, display_name: displayName, showNode: true, node: data },
  };
}

export function chatInputNode(id: string, position: Position, value = ''): Json {
  return node(ChatInput, id, position, { height: 234, values: { input_value: value } });
}

export function textInputNode(id: string, position: Position, value: string, display_name = 'Text Input'): Json {
  return node(TextInput, id, position, { height: 234, values: { input_value: value }, displayName: display_name });
}

/** A Prompt node; `variables` are its `{name}` fields, with their default values. */
export function promptNode(id: string, position: Position, template: string, variables: Record<string, string>, height = 347): Json {
  return node(Prompt, id, position, {
    height,
    values: { template },
    extraFields: Object.entries(variables).map(([name, value]) => promptVariableField(name, value)),
    customFields: { template: Object.keys(variables) },
  });
}

/** A Language Model node choosing `model` of `provider` (Langflow's value shape), with no key: a run uses the user's Credential for the provider. */
export function languageModelNode(id: string, position: Position, provider: string, model: string): Json {
  return node(LanguageModel, id, position, { height: 369, values: { model: [{ provider, name: model, icon: provider, metadata: {} }] } });
}

export function chatOutputNode(id: string, position: Position): Json {
  return node(ChatOutput, id, position, { height: 234 });
}

export function textOutputNode(id: string, position: Position): Json {
  return node(TextOutput, id, position, { height: 234 });
}

export function combineTextNode(id: string, position: Position, delimiter: string): Json {
  return node(CombineText, id, position, { height: 389, values: { delimiter } });
}

/** Python's json.dumps with `"` written `œ`: how Langflow spells handles in strings. */
function encodeHandle(handle: Json, compact: boolean): string {
  const entries = Object.entries(handle).map(([key, value]) => {
    const encoded = Array.isArray(value)
      ? `[${value.map((item) => JSON.stringify(item)).join(compact ? ',' : ', ')}]`
      : JSON.stringify(value);
    return `${JSON.stringify(key)}${compact ? ':' : ': '}${encoded}`;
  });
  return `{${entries.join(compact ? ',' : ', ')}}`.replaceAll('"', 'œ');
}

export interface EdgeEnd {
  /** Source: the node id; target: the node id. */
  id: string;
  /** Source: the node's type; target: unused. */
  type?: string;
  /** Source: the output name; target: the field name. */
  name: string;
  /** Target: the field's accepted types. */
  inputTypes?: string[];
}

export function edge(source: Required<Pick<EdgeEnd, 'id' | 'type' | 'name'>>, target: EdgeEnd): Json {
  const sourceHandle = { dataType: source.type, id: source.id, name: source.name, output_types: ['Message'] };
  const targetHandle = { fieldName: target.name, id: target.id, inputTypes: target.inputTypes ?? ['Message'], type: 'str' };
  return {
    animated: false,
    className: '',
    data: { sourceHandle, targetHandle },
    id: `reactflow__edge-${source.id}${encodeHandle(sourceHandle, true)}-${target.id}${encodeHandle(targetHandle, true)}`,
    selected: false,
    source: source.id,
    sourceHandle: encodeHandle(sourceHandle, false),
    target: target.id,
    targetHandle: encodeHandle(targetHandle, false),
  };
}
