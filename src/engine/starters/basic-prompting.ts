// "Basic Prompting": Chat Input → Prompt → Chat Output.
import { chatInputNode, chatOutputNode, edge, promptNode } from './langflow-nodes.js';

export const basicPrompting = {
  name: 'Basic Prompting',
  description: 'Wrap the chat message in a prompt template and answer with the formatted prompt.',
  data: {
    nodes: [
      chatInputNode('ChatInput-jFwUm', { x: 689.57, y: 765.16 }),
      promptNode(
        'Prompt-3SM2g',
        { x: 1071.3, y: 724.67 },
        'Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.\n\nUser: {user_input}\n\nAnswer: ',
        { user_input: '' },
      ),
      chatOutputNode('ChatOutput-gDYiJ', { x: 1460.07, y: 872.73 }),
    ],
    edges: [
      edge({ id: 'ChatInput-jFwUm', type: 'ChatInput', name: 'message' }, { id: 'Prompt-3SM2g', name: 'user_input', inputTypes: ['Message'] }),
      edge(
        { id: 'Prompt-3SM2g', type: 'Prompt', name: 'prompt' },
        { id: 'ChatOutput-gDYiJ', name: 'input_value', inputTypes: ['Data', 'DataFrame', 'Message'] },
      ),
    ],
    viewport: { x: -37.61, y: -155.91, zoom: 0.76 },
  },
};
