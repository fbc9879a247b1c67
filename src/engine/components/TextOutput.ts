// Langflow's Text Output: its input as plain text, one of the run's outputs.
import type { Component } from '../component.js';
import { createMessage } from '../message.js';

export const TextOutput: Component = {
  type: 'TextOutput',
  displayName: 'Text Output',
  async run(ctx) {
    return { outputName: 'text', value: createMessage({ text: ctx.text('input_value'), timestamp: ctx.timestamp() }) };
  },
};
