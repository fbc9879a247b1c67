// "Basic Prompting", as Langflow 1.8's starter: Chat Input → Language Model (its input), Prompt →
// Language Model (its system message), Language Model → Chat Output. Same node ids, positions
// and prompt as Langflow's export; the model is OpenAI's gpt-4o-mini, keyed by the user's
// OPENAI_API_KEY Credential (or the node's API Key field). Langflow's two note nodes are left out.
import { chatInputNode, chatOutputNode, edge, languageModelNode, promptNode } from './langflow-nodes.js';

export const basicPrompting = {
  name: 'Basic Prompting',
  description: 'Perform basic prompting with an OpenAI model.',
  tags: ['chatbots'],
  data: {
    nodes: [
      chatInputNode('ChatInput-ybSRx', { x: 689.57, y: 765.16 }),
      promptNode(
        'Prompt-xvuxC',
        { x: 688.92, y: 1044.5 },
        'Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.',
        {},
        260,
      ),
      languageModelNode('LanguageModelComponent-LsJMR', { x: 1081.95, y: 793.61 }, 'OpenAI', 'gpt-4o-mini'),
      chatOutputNode('ChatOutput-hJNhd', { x: 1460.07, y: 872.73 }),
    ],
    edges: [
      edge({ id: 'ChatInput-ybSRx', type: 'ChatInput', name: 'message' }, { id: 'LanguageModelComponent-LsJMR', name: 'input_value' }),
      edge({ id: 'Prompt-xvuxC', type: 'Prompt', name: 'prompt' }, { id: 'LanguageModelComponent-LsJMR', name: 'system_message' }),
      edge(
        { id: 'LanguageModelComponent-LsJMR', type: 'LanguageModelComponent', name: 'text_output' },
        { id: 'ChatOutput-hJNhd', name: 'input_value', inputTypes: ['Data', 'DataFrame', 'Message'] },
      ),
    ],
    viewport: { x: -221.12, y: -557.59, zoom: 0.94 },
  },
};
