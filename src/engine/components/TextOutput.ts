// Langflow's Text Output: its input as plain text, one of the run's outputs.
import { multilineField } from '../catalogue/fields.js';
import type { Component } from '../component.js';
import { createMessage } from '../message.js';

export const TextOutput: Component = {
  type: 'TextOutput',
  displayName: 'Text Output',
  definition: {
    category: 'input_output',
    description: 'Sends text output via API.',
    icon: 'type',
    fields: [multilineField('input_value', 'Inputs', '', { info: 'Text to be passed as output.' })],
    outputs: [{ name: 'text', display_name: 'Output Text', method: 'text_response', types: ['Message'] }],
  },
  async run(ctx) {
    return { outputName: 'text', value: createMessage({ text: ctx.text('input_value'), timestamp: ctx.timestamp() }) };
  },
};
