// Langflow's Text Input: the request's input_value (or the typed text) as plain text.
import type { Component } from '../component.js';
import { createMessage } from '../message.js';

export const TextInput: Component = {
  type: 'TextInput',
  displayName: 'Text Input',
  async run(ctx) {
    return { outputName: 'text', value: createMessage({ text: ctx.text('input_value'), timestamp: ctx.timestamp() }) };
  },
};
