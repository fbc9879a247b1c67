// "Text Combiner": two Text Inputs → Combine Text → Text Output.
import { combineTextNode, edge, textInputNode, textOutputNode } from './langflow-nodes.js';

export const textCombiner = {
  name: 'Text Combiner',
  tags: [],
  description:
    'Join two texts with a delimiter. Run it with output_type "text"; set the texts with tweaks, e.g. {"First Text": {"input_value": "Hi"}}.',
  data: {
    nodes: [
      textInputNode('TextInput-Qw3rT', { x: 210.5, y: 320.0 }, 'Hello', 'First Text'),
      textInputNode('TextInput-zX9aB', { x: 210.5, y: 640.0 }, 'world', 'Second Text'),
      combineTextNode('CombineText-k2LmN', { x: 620.25, y: 455.5 }, ', '),
      textOutputNode('TextOutput-pR7sD', { x: 1010.75, y: 480.0 }),
    ],
    edges: [
      edge({ id: 'TextInput-Qw3rT', type: 'TextInput', name: 'text' }, { id: 'CombineText-k2LmN', name: 'text1' }),
      edge({ id: 'TextInput-zX9aB', type: 'TextInput', name: 'text' }, { id: 'CombineText-k2LmN', name: 'text2' }),
      edge({ id: 'CombineText-k2LmN', type: 'CombineText', name: 'combined_text' }, { id: 'TextOutput-pR7sD', name: 'input_value' }),
    ],
    viewport: { x: 12.4, y: -40.2, zoom: 0.85 },
  },
};
