// Langflow's Chat Input: the request's input_value (or the typed text) as a User message.
import { chatFields, multilineField } from '../catalogue/fields.js';
import type { Component } from '../component.js';
import { createMessage } from '../message.js';
import { storeMessage } from '../message-store.js';

export const ChatInput: Component = {
  type: 'ChatInput',
  displayName: 'Chat Input',
  definition: {
    category: 'input_output',
    description: 'Get chat inputs from the Playground.',
    icon: 'MessagesSquare',
    fields: [
      multilineField('input_value', 'Input Text', '', { info: 'Message to be passed as input.', input_types: [] }),
      ...chatFields('User', 'User'),
    ],
    outputs: [{ name: 'message', display_name: 'Chat Message', method: 'message_response', types: ['Message'] }],
  },
  async run(ctx) {
    const message = createMessage({
      id: ctx.newId(),
      timestamp: ctx.timestamp(),
      text: ctx.text('input_value'),
      sender: ctx.text('sender') || 'User',
      sender_name: ctx.text('sender_name') || 'User',
      session_id: ctx.text('session_id') || ctx.sessionId,
      flow_id: ctx.flowId,
      icon: ctx.text('chat_icon'),
      background_color: ctx.text('background_color'),
      text_color: ctx.text('text_color'),
    });
    await storeMessage(ctx, message);
    return { outputName: 'message', value: message, send: 'message' };
  },
};
