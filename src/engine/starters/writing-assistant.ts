// "Writing Assistant": Chat Input + Text Input (the tone) → Prompt → Chat Output.
import { chatInputNode, chatOutputNode, edge, promptNode, textInputNode } from './langflow-nodes.js';

export const writingAssistant = {
  name: 'Writing Assistant',
  tags: ['content-generation'],
  description: 'Turn a request and a tone into a ready-to-use writing prompt. Tweak "Tone" to change the style.',
  data: {
    nodes: [
      chatInputNode('ChatInput-Hn4vE', { x: 180.0, y: 260.0 }),
      textInputNode('TextInput-b8YcW', { x: 180.0, y: 560.0 }, 'friendly and concise', 'Tone'),
      promptNode(
        'Prompt-Tg5sK',
        { x: 600.0, y: 380.0 },
        'You are a writing assistant. Write in a {tone} tone.\n\nRequest: {request}\n\nKeep placeholders such as {{name}} as they are.',
        { tone: '', request: '' },
      ),
      chatOutputNode('ChatOutput-Wq2xP', { x: 1020.0, y: 420.0 }),
    ],
    edges: [
      edge({ id: 'ChatInput-Hn4vE', type: 'ChatInput', name: 'message' }, { id: 'Prompt-Tg5sK', name: 'request' }),
      edge({ id: 'TextInput-b8YcW', type: 'TextInput', name: 'text' }, { id: 'Prompt-Tg5sK', name: 'tone' }),
      edge(
        { id: 'Prompt-Tg5sK', type: 'Prompt', name: 'prompt' },
        { id: 'ChatOutput-Wq2xP', name: 'input_value', inputTypes: ['Data', 'DataFrame', 'Message'] },
      ),
    ],
    viewport: { x: 0, y: 0, zoom: 0.9 },
  },
};
