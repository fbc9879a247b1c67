// Langflow's Message History (type `Memory`). Retrieve: the last `n_messages` of the session
// (default the run's), optionally of one sender (`sender_type`: Machine, User, or both) or
// sender name, formatted one per line with `template` (`{sender_name}: {text}`), or as a
// DataFrame. Store: saves the `message` input in the session. Only the caller's own messages
// are ever read or written.
import { memoryDefinition } from '../catalogue/definitions/models.js';
import type { Component, ComponentContext } from '../component.js';
import { createDataFrame } from '../data.js';
import { ComponentRunError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import { createMessage, isMessage, type Message } from '../message.js';

const DEFAULT_TEMPLATE = '{sender_name}: {text}';
const DEFAULT_COUNT = 100;

export const Memory: Component = {
  type: 'Memory',
  displayName: 'Message History',
  definition: memoryDefinition,
  async run(ctx) {
    if (!ctx.messages) throw new ComponentRunError(`${describeNode(ctx.node)} needs the message history, which this run does not have`, ctx.node.id);
    const sessionId = ctx.text('session_id').trim() || ctx.sessionId;
    if (ctx.text('mode') === 'Store') return store(ctx, sessionId);
    const history = await retrieve(ctx, sessionId);
    const template = ctx.text('template') || DEFAULT_TEMPLATE;
    const text = history.map((message) => formatMessage(template, message)).join('\n');
    const value = createMessage({ text, timestamp: ctx.timestamp() });
    return {
      outputName: 'messages_text',
      value,
      outputs: { messages_text: value, messages: history, dataframe: createDataFrame(history.map((m) => ({ ...m }))) },
    };
  },
};

async function retrieve(ctx: ComponentContext, sessionId: string): Promise<Message[]> {
  const count = Number(ctx.input('n_messages') ?? DEFAULT_COUNT);
  if (count === 0) return [];
  // `sender_type` in Langflow 1.8 (older flows: `sender`); "Machine and User" means both.
  const senderType = ctx.text('sender_type') || ctx.text('sender');
  const sender = senderType === 'Machine' || senderType === 'User' ? senderType : undefined;
  const senderName = ctx.text('sender_name').trim() || undefined;
  const limit = Number.isInteger(count) && count > 0 ? count : undefined;
  const history = await ctx.messages!.history({ sessionId, sender, senderName, limit });
  // As Langflow: the last N, newest first when asked for Descending.
  return ctx.text('order') === 'Descending' ? [...history].reverse() : history;
}

async function store(ctx: ComponentContext, sessionId: string) {
  const input = ctx.input('message');
  const stored = createMessage({
    id: ctx.newId(),
    timestamp: ctx.timestamp(),
    text: isMessage(input) ? input.text : ctx.text('message'),
    sender: ctx.text('sender') || (isMessage(input) ? input.sender : null) || 'Machine',
    sender_name: ctx.text('sender_name') || (isMessage(input) ? input.sender_name : null) || 'AI',
    session_id: sessionId,
    flow_id: ctx.flowId,
  });
  await ctx.messages!.store(stored);
  return { outputName: 'stored_messages', value: stored, outputs: { stored_messages: stored, messages_text: stored } };
}

/** Langflow's data_to_text for one message: `{field}` replaced by the message's field. */
function formatMessage(template: string, message: Message): string {
  const fields = message as unknown as Record<string, unknown>;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = fields[name];
    return value === undefined || value === null ? whole : String(value);
  });
}
