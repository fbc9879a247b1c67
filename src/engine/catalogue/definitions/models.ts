// Catalogue definitions of the model components (Language Model, OpenAI) and Message History,
// with Langflow 1.8's field names, so flows drawn from the catalogue run in the engine and
// open in Langflow.
import type { ComponentDefinition, FieldJson } from '../definition.js';
import { boolField, dropdownField, floatField, intField, multilineField, textField } from '../fields.js';

/** The models offered in the picker; any other name can still be written into a flow. */
export const MODEL_OPTIONS = [
  { provider: 'OpenAI', name: 'gpt-4o-mini' },
  { provider: 'OpenAI', name: 'gpt-4o' },
  { provider: 'OpenAI', name: 'gpt-4.1-mini' },
  { provider: 'OpenAI', name: 'gpt-4.1' },
  { provider: 'Anthropic', name: 'claude-3-5-haiku-latest' },
  { provider: 'Anthropic', name: 'claude-sonnet-4-0' },
  { provider: 'Ollama', name: 'llama3.2' },
];

export function apiKeyField(info: string): FieldJson {
  return {
    _input_type: 'SecretStrInput',
    advanced: false,
    display_name: 'API Key',
    dynamic: false,
    info,
    input_types: [],
    load_from_db: false,
    name: 'api_key',
    password: true,
    placeholder: '',
    required: false,
    show: true,
    title_case: false,
    type: 'str',
    value: '',
  };
}

/** Langflow's `model` field (ModelInput): a list like `[{"provider": "OpenAI", "name": "gpt-4o-mini"}]`. */
export function modelField(): FieldJson {
  return {
    _input_type: 'ModelInput',
    advanced: false,
    display_name: 'Language Model',
    dynamic: false,
    info: 'Select your model provider',
    input_types: [],
    list: false,
    name: 'model',
    options: MODEL_OPTIONS,
    placeholder: '',
    required: true,
    show: true,
    title_case: false,
    tool_mode: false,
    trace_as_metadata: true,
    type: 'model',
    value: [MODEL_OPTIONS[0]],
  };
}

const modelOutputs = [
  { name: 'text_output', display_name: 'Model Response', method: 'text_response', types: ['Message'] },
  { name: 'model_output', display_name: 'Language Model', method: 'build_model', types: ['LanguageModel'] },
];

const sharedFields = (): FieldJson[] => [
  textField('input_value', 'Input', '', { _input_type: 'MessageInput', info: 'The input text to send to the model' }),
  multilineField('system_message', 'System Message', '', { info: 'A system message that helps set the behavior of the assistant' }),
  boolField('stream', 'Stream', false, { advanced: true, info: 'Whether to stream the response' }),
  floatField('temperature', 'Temperature', 0.1, { advanced: true, info: 'Controls randomness in responses' }),
];

export const languageModelDefinition: ComponentDefinition = {
  category: 'models_and_agents',
  description: 'Runs a language model given a specified provider.',
  icon: 'brain-circuit',
  fields: [
    modelField(),
    apiKeyField("The provider's API key. Empty: your Credential variable for the provider (OPENAI_API_KEY, ANTHROPIC_API_KEY)."),
    ...sharedFields(),
    textField('ollama_base_url', 'Ollama API URL', '', { advanced: true, info: 'The address of your Ollama server (Ollama only)' }),
  ],
  outputs: modelOutputs,
};

export const openAIModelDefinition: ComponentDefinition = {
  category: 'openai',
  description: 'Generates text using OpenAI LLMs.',
  icon: 'OpenAI',
  fields: [
    dropdownField('model_name', 'Model Name', MODEL_OPTIONS.filter((m) => m.provider === 'OpenAI').map((m) => m.name), 'gpt-4o-mini', { combobox: true }),
    apiKeyField('The OpenAI API Key to use for the OpenAI model. Empty: your OPENAI_API_KEY Credential variable.'),
    ...sharedFields(),
    textField('openai_api_base', 'OpenAI API Base', '', { advanced: true, input_types: [], info: 'An OpenAI-compatible server (empty: the one the operator configured)' }),
    intField('max_tokens', 'Max Tokens', '', { advanced: true, info: 'The maximum number of tokens to generate. Set to 0 for unlimited tokens.' }),
  ],
  outputs: modelOutputs,
};

export const memoryDefinition: ComponentDefinition = {
  category: 'models_and_agents',
  description: 'Stores or retrieves stored chat messages from Langflow tables or an external memory.',
  icon: 'message-square-more',
  fields: [
    dropdownField('mode', 'Mode', ['Retrieve', 'Store'], 'Retrieve', { _input_type: 'TabInput', info: 'Operation mode: Store messages or Retrieve messages.' }),
    textField('message', 'Message', '', { info: 'The chat message to be stored (Store mode).' }),
    intField('n_messages', 'Number of Messages', 100, { advanced: true, info: 'Number of messages to retrieve.' }),
    dropdownField('order', 'Order', ['Ascending', 'Descending'], 'Ascending', { advanced: true, info: 'Order of the messages.' }),
    dropdownField('sender_type', 'Sender Type', ['Machine', 'User', 'Machine and User'], 'Machine and User', { advanced: true, info: 'Filter by sender type.' }),
    textField('session_id', 'Session ID', '', { advanced: true, info: 'The session ID of the chat. If empty, the current session ID parameter will be used.' }),
    multilineField('template', 'Template', '{sender_name}: {text}', { advanced: true, info: 'The template to use for formatting the data.' }),
  ],
  outputs: [
    { name: 'messages_text', display_name: 'Message', method: 'retrieve_messages_as_text', types: ['Message'] },
    { name: 'dataframe', display_name: 'Dataframe', method: 'retrieve_messages_dataframe', types: ['DataFrame'] },
  ],
};
