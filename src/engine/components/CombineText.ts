// Langflow's Combine Text: text1 + delimiter + text2.
import { textField } from '../catalogue/fields.js';
import type { Component } from '../component.js';
import { createMessage, textOf } from '../message.js';

export const CombineText: Component = {
  type: 'CombineText',
  displayName: 'Combine Text',
  definition: {
    category: 'processing',
    description: 'Concatenate two text sources into a single text chunk using a specified delimiter.',
    icon: 'merge',
    fields: [
      textField('delimiter', 'Delimiter', ' ', { info: 'A string used to separate the two text inputs. Defaults to a whitespace.' }),
      textField('text1', 'First Text', '', { info: 'The first text input to concatenate.' }),
      textField('text2', 'Second Text', '', { info: 'The second text input to concatenate.' }),
    ],
    outputs: [{ name: 'combined_text', display_name: 'Combined Text', method: 'combine_texts', types: ['Message'] }],
  },
  async run(ctx) {
    // Langflow's default delimiter is a space; an explicitly empty one joins without a gap.
    const delimiter = ctx.input('delimiter');
    const text = [ctx.text('text1'), ctx.text('text2')].join(delimiter === undefined ? ' ' : textOf(delimiter));
    return { outputName: 'combined_text', value: createMessage({ text, timestamp: ctx.timestamp() }) };
  },
};
