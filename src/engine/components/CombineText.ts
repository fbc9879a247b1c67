// Langflow's Combine Text: text1 + delimiter + text2.
import type { Component } from '../component.js';
import { createMessage, textOf } from '../message.js';

export const CombineText: Component = {
  type: 'CombineText',
  displayName: 'Combine Text',
  async run(ctx) {
    // Langflow's default delimiter is a space; an explicitly empty one joins without a gap.
    const delimiter = ctx.input('delimiter');
    const text = [ctx.text('text1'), ctx.text('text2')].join(delimiter === undefined ? ' ' : textOf(delimiter));
    return { outputName: 'combined_text', value: createMessage({ text, timestamp: ctx.timestamp() }) };
  },
};
