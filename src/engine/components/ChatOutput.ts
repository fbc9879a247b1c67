// Langflow's Chat Output: its input as a Machine/AI chat message, streamed then announced
// (unless the model feeding it streamed its own tokens as they came).
import { chatFields, textField } from '../catalogue/fields.js';
import type { Component } from '../component.js';
import { chatText } from '../data.js';
import { createMessage, isMessage } from '../message.js';
import { storeMessage } from '../message-store.js';

export const ChatOutput: Component = {
  type: 'ChatOutput',
  displayName: 'Chat Output',
  definition: {
    category: 'input_output',
    description: 'Display a chat message in the Playground.',
    icon: 'MessagesSquare',
    fields: [
      textField('input_value', 'Inputs', '', {
        _input_type: 'MessageInput',
        info: 'Message to be passed as output.',
        input_types: ['Data', 'DataFrame', 'Message'],
        required: true,
      }),
      ...chatFields('Machine', 'AI'),
    ],
    outputs: [{ name: 'message', display_name: 'Output Message', method: 'message_response', types: ['Message'] }],
  },
  required: ['input_value'],
  async run(ctx) {
    const source = ctx.sources('input_value')[0];
    // A model that streamed its tokens already announced them under the id this message takes.
    const streamedId = ctx.streamedId('input_value');
    const message = createMessage({
      id: streamedId ?? ctx.newId(),
      timestamp: ctx.timestamp(),
      text: chatText(ctx.input('input_value')),
      sender: ctx.text('sender') || 'Machine',
      sender_name: ctx.text('sender_name') || 'AI',
      session_id: ctx.text('session_id') || ctx.sessionId,
      flow_id: ctx.flowId,
      source: source ? { id: source.id, display_name: source.displayName } : {},
      icon: ctx.text('chat_icon'),
      background_color: ctx.text('background_color'),
      text_color: ctx.text('text_color'),
    });
    // An agent's steps (its tool calls) travel with the answer, as in Langflow's chat.
    const input = ctx.input('input_value');
    if (isMessage(input) && input.content_blocks.length > 0) message.content_blocks = structuredClone(input.content_blocks);
    await storeMessage(ctx, message);
    return { outputName: 'message', value: message, send: 'stream', streamedId };
  },
};
