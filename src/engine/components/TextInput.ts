// Langflow's Text Input: the request's input_value (or the typed text) as plain text.
import { multilineField } from '../catalogue/fields.js';
import type { Component } from '../component.js';
import { createMessage } from '../message.js';

export const TextInput: Component = {
  type: 'TextInput',
  displayName: 'Text Input',
  definition: {
    category: 'input_output',
    description: 'Get text inputs from the Playground.',
    icon: 'type',
    fields: [multilineField('input_value', 'Text', '', { info: 'Text to be passed as input.' })],
    outputs: [{ name: 'text', display_name: 'Output Text', method: 'text_response', types: ['Message'] }],
  },
  async run(ctx) {
    return { outputName: 'text', value: createMessage({ text: ctx.text('input_value'), timestamp: ctx.timestamp() }) };
  },
};
