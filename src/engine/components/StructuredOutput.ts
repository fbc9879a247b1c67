// Langflow's Structured Output: the model extracts objects matching `output_schema` (a table of
// name, description, type, multiple) from the input. The schema is offered as one tool the model
// must call (`{objects: [...]}`, as Langflow asks for every instance); outputs are
// `structured_output` (Data: the object, or `{results: [...]}` for several) and
// `dataframe_output` (one row per object).
import { structuredOutputDefinition } from '../catalogue/definitions/agents.js';
import type { Component, ComponentContext } from '../component.js';
import { createData, createDataFrame } from '../data.js';
import { ComponentRunError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import { createMessage } from '../message.js';
import type { ChatMessage } from '../models/chat-types.js';
import { modelOf } from '../models/model-handle.js';
import { userTurn } from '../models/user-turn.js';

const JSON_TYPES: Record<string, string> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean', dict: 'object', list: 'array' };

export const StructuredOutput: Component = {
  type: 'StructuredOutput',
  displayName: 'Structured Output',
  definition: structuredOutputDefinition,
  async run(ctx) {
    const handle = await modelOf(ctx);
    const item = itemSchema(ctx);
    const name = (ctx.text('schema_name').trim() || 'OutputModel').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
    const messages: ChatMessage[] = [];
    const system = ctx.text('system_prompt');
    if (system.trim() !== '') messages.push({ role: 'system', content: system });
    messages.push(await userTurn(ctx));
    const result = await handle.model.chat(
      {
        messages,
        tools: [{ name, description: `Extract every instance of ${name} from the text.`, parameters: { type: 'object', properties: { objects: { type: 'array', items: item } }, required: ['objects'] } }],
        toolChoice: { name },
        temperature: handle.temperature,
        maxTokens: handle.maxTokens,
      },
      ctx.signal,
    );
    const objects = objectsOf(ctx, result.toolCalls[0]?.arguments ?? result.text);
    const data = createData(objects.length === 1 ? objects[0]! : { results: objects });
    return {
      outputName: 'structured_output',
      value: createMessage({ text: JSON.stringify(data.data), timestamp: ctx.timestamp() }),
      outputs: { structured_output: data, dataframe_output: createDataFrame(objects) },
    };
  },
};

function itemSchema(ctx: ComponentContext): Record<string, unknown> {
  const rows = ctx.input('output_schema');
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new ComponentRunError(`${describeNode(ctx.node)} has no output schema: add at least one field`, ctx.node.id);
  }
  const properties: Record<string, Record<string, unknown>> = {};
  for (const row of rows as Record<string, unknown>[]) {
    const field = typeof row.name === 'string' ? row.name.trim() : '';
    if (!field) continue;
    const type = JSON_TYPES[String(row.type ?? 'str')] ?? 'string';
    const single: Record<string, unknown> = { type, description: String(row.description ?? '') };
    const multiple = row.multiple === true || row.multiple === 'True' || row.multiple === 'true';
    properties[field] = multiple ? { type: 'array', items: { type }, description: single.description } : single;
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

function objectsOf(ctx: ComponentContext, text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ComponentRunError(`${describeNode(ctx.node)}: the model did not answer with the structured output asked for`, ctx.node.id);
  }
  const list = typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { objects?: unknown }).objects) ? (parsed as { objects: unknown[] }).objects : [parsed];
  return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
}
