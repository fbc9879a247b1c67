// Catalogue definitions of Agent and Structured Output, with Langflow 1.8's categories, field
// names, labels and defaults (lfx components models_and_agents/agent.py and
// llm_operations/structured_output.py). Only the fields the engine honours are offered: Langflow's
// Agent also has context_id, format_instructions, output_schema, handle_parsing_errors, verbose
// and agent_description, which a flow may carry but which change nothing here. Neither is offered
// in tool mode (Langflow marks their input `tool_mode`): Flowgate cannot run them as tools.
import type { ComponentDefinition, FieldJson } from '../definition.js';
import { FIELD_BASE, boolField, handleField, intField, multilineField, textField } from '../fields.js';
import { apiKeyField, modelField } from './models.js';

const API_KEY_INFO = "Model Provider API key. Empty: your Credential variable for the provider (OPENAI_API_KEY, ANTHROPIC_API_KEY).";

const FORMAT_INSTRUCTIONS =
  'You are an AI that extracts structured JSON objects from unstructured text. ' +
  'Use a predefined schema with expected types (str, int, float, bool, dict). ' +
  'Extract ALL relevant instances that match the schema - if multiple patterns exist, capture them all. ' +
  'Fill missing or ambiguous values with defaults: null for missing values. ' +
  'Remove exact duplicates but keep variations that have different field values. ' +
  'Always return valid JSON in the expected format, never throw errors. ' +
  'If multiple objects can be extracted, return them all in the structured format.';

/** Structured Output's `output_schema`: Langflow's TableInput of name, description, type, multiple. */
function outputSchemaField(): FieldJson {
  return {
    ...FIELD_BASE,
    _input_type: 'TableInput',
    display_name: 'Output Schema',
    info: "Define the structure and data types for the model's output.",
    is_list: true,
    list_add_label: 'Add More',
    name: 'output_schema',
    required: true,
    table_icon: 'Table',
    table_schema: [
      { name: 'name', display_name: 'Name', type: 'str', description: 'Specify the name of the output field.', default: 'field', edit_mode: 'inline', formatter: 'text' },
      { name: 'description', display_name: 'Description', type: 'str', description: 'Describe the purpose of the output field.', default: 'description of field', edit_mode: 'popover', formatter: 'text' },
      {
        name: 'type',
        display_name: 'Type',
        type: 'str',
        description: 'Indicate the data type of the output field (e.g., str, int, float, bool, dict).',
        options: ['str', 'int', 'float', 'bool', 'dict'],
        default: 'str',
        edit_mode: 'inline',
        formatter: 'text',
      },
      { name: 'multiple', display_name: 'As List', type: 'boolean', description: 'Set to True if this output field should be a list of the specified type.', default: 'False', edit_mode: 'inline', formatter: 'text' },
    ],
    trigger_icon: 'Table',
    trigger_text: 'Open table',
    type: 'table',
    value: [{ name: 'field', description: 'description of field', type: 'str', multiple: 'False' }],
  };
}

export const agentDefinition: ComponentDefinition = {
  category: 'models_and_agents',
  description: "Define the agent's instructions, then enter a task to complete using tools.",
  icon: 'bot',
  fields: [
    modelField(),
    { ...apiKeyField(API_KEY_INFO), advanced: true },
    multilineField('system_prompt', 'Agent Instructions', 'You are a helpful assistant that can use tools to answer questions and perform tasks.', {
      info: "System Prompt: Initial instructions and context provided to guide the agent's behavior.",
    }),
    intField('n_messages', 'Number of Chat History Messages', 100, { advanced: true, info: 'Number of chat history messages to retrieve.' }),
    handleField('tools', 'Tools', ['Tool'], { list: true, info: 'These are the tools that the agent can use to help with tasks.' }),
    textField('input_value', 'Input', '', { _input_type: 'MessageInput', info: 'The input provided by the user for the agent to process.' }),
    intField('max_iterations', 'Max Iterations', 15, { advanced: true, info: 'The maximum number of attempts the agent can make to complete its task before it stops.' }),
    boolField('add_current_date_tool', 'Current Date', true, { advanced: true, info: 'If true, will add a tool to the agent that returns the current date.' }),
  ],
  outputs: [{ name: 'response', display_name: 'Response', method: 'message_response', types: ['Message'] }],
};

export const structuredOutputDefinition: ComponentDefinition = {
  category: 'llm_operations',
  description: 'Uses an LLM to generate structured data. Ideal for extraction and consistency.',
  icon: 'braces',
  fields: [
    modelField(),
    { ...apiKeyField(API_KEY_INFO), advanced: true },
    multilineField('input_value', 'Input Message', '', { info: 'The input message to the language model.', required: true }),
    multilineField('system_prompt', 'Format Instructions', FORMAT_INSTRUCTIONS, {
      advanced: true,
      info: 'The instructions to the language model for formatting the output.',
      required: true,
    }),
    textField('schema_name', 'Schema Name', '', { advanced: true, info: 'Provide a name for the output data schema.' }),
    outputSchemaField(),
  ],
  outputs: [
    { name: 'structured_output', display_name: 'Structured Output', method: 'build_structured_output', types: ['Data'] },
    { name: 'dataframe_output', display_name: 'Structured Output', method: 'build_structured_dataframe', types: ['DataFrame'] },
  ],
};
