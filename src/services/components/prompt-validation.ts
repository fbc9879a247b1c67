// POST /validate/prompt: what Langflow's editor calls as a Prompt template is edited. The
// template's `{variables}` become fields of the node at once: new ones are added (keeping a
// value the node already had), those no longer named are removed, and `custom_fields` lists them.
import { promptVariableField } from '../../engine/catalogue/fields.js';
import { PromptSyntaxError, promptVariables } from '../../engine/prompt-template.js';
import { BadRequestError } from '../errors.js';

// Names a variable cannot take: they are the Prompt's own fields in Langflow.
const RESERVED = new Set(['code', 'input_variables', 'output_parser', 'partial_variables', 'template', 'template_format', 'validate_template']);
// Characters Langflow refuses inside a variable name.
const INVALID_CHARACTERS = /[ ,.:;!?/\\()[\]]/;

export interface PromptValidationRequest {
  name: string;
  template: string;
  custom_fields?: Record<string, unknown> | null;
  frontend_node?: { template: Record<string, unknown>; custom_fields?: Record<string, unknown> | null; [key: string]: unknown } | null;
}

export interface PromptValidationResponse {
  input_variables: string[];
  frontend_node: Record<string, unknown> | null;
}

function variablesOf(template: string): string[] {
  let variables: string[];
  try {
    variables = promptVariables(template);
  } catch (error) {
    if (error instanceof PromptSyntaxError) throw new BadRequestError(`Invalid prompt: ${error.message}`);
    throw error;
  }
  const unique = [...new Set(variables)];
  const invalid = unique.filter((name) => INVALID_CHARACTERS.test(name) || /^\d/.test(name));
  if (invalid.length > 0) throw new BadRequestError(`Input variables contain invalid characters or formats. Invalid variables: ${invalid.join(', ')}.`);
  const reserved = unique.filter((name) => RESERVED.has(name));
  if (reserved.length > 0) throw new BadRequestError(`Invalid input variables. None of the variables can be named ${reserved.join(', ')}.`);
  return unique;
}

function fieldList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function validatePrompt(request: PromptValidationRequest): PromptValidationResponse {
  const inputVariables = variablesOf(request.template);
  if (!request.frontend_node) return { input_variables: inputVariables, frontend_node: null };

  const node = structuredClone(request.frontend_node);
  const template = node.template;
  const customFields: Record<string, unknown> = { ...(node.custom_fields ?? {}) };
  // Langflow's rule: with one custom-field list and no name, that list is the one meant.
  const keys = Object.keys(customFields);
  const name = request.name === '' && keys.length === 1 ? keys[0]! : request.name;
  const previous = fieldList(customFields[name]);

  for (const variable of previous) if (!inputVariables.includes(variable)) delete template[variable];
  for (const variable of inputVariables) {
    const existing = template[variable] as { value?: unknown } | undefined;
    template[variable] = promptVariableField(variable, typeof existing?.value === 'string' ? existing.value : '');
  }
  customFields[name] = inputVariables;
  node.custom_fields = customFields;
  if (template[name] && typeof template[name] === 'object') (template[name] as Record<string, unknown>).value = request.template;
  return { input_variables: inputVariables, frontend_node: node };
}
