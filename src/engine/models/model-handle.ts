// What a model component's `model_output` (Langflow's LanguageModel output) carries to an
// Agent or a Structured Output: the ready model and the settings chosen on the model's node.
import type { ComponentContext } from '../component.js';
import { ComponentRunError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import type { ChatModel } from './chat-types.js';
import { chatModelFor, modelSelectionOf, type ModelFieldNames } from './model-selection.js';

export interface ModelHandle {
  kind: 'language-model';
  model: ChatModel;
  temperature: number | undefined;
  maxTokens: number | undefined;
}

export function isModelHandle(value: unknown): value is ModelHandle {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'language-model';
}

/** The model a component uses: a connected model component's, else its own `model` field's. */
export async function modelOf(ctx: ComponentContext, fields: ModelFieldNames = {}): Promise<ModelHandle> {
  const value = ctx.input('model');
  if (isModelHandle(value)) return value;
  const selection = modelSelectionOf(value);
  if (!selection) throw new ComponentRunError(`${describeNode(ctx.node)} has no model chosen: pick a provider and model in its Language Model field`);
  return { kind: 'language-model', model: await chatModelFor(ctx, selection, fields), temperature: numberField(ctx, 'temperature'), maxTokens: positiveInt(ctx, 'max_tokens') };
}

export function numberField(ctx: ComponentContext, field: string): number | undefined {
  const value = ctx.input(field);
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

export function positiveInt(ctx: ComponentContext, field: string): number | undefined {
  const number = numberField(ctx, field);
  return number !== undefined && Number.isInteger(number) && number > 0 ? number : undefined;
}

export function boolField(ctx: ComponentContext, field: string): boolean {
  const value = ctx.input(field);
  return value === true || value === 'true' || value === 'True';
}
