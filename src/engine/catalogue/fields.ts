// Builders for template fields as Langflow serializes its inputs (MessageTextInput,
// MultilineInput, HandleInput, DropdownInput, BoolInput, IntInput, FloatInput, SecretStrInput,
// PromptInput). Every key Langflow's editor reads is present, so a node drawn from these
// looks like one exported by Langflow.
import type { FieldJson } from './definition.js';

type Extra = Record<string, unknown>;

/** The keys every serialized Langflow input carries, with their usual values. */
export const FIELD_BASE = {
  advanced: false,
  dynamic: false,
  info: '',
  list: false,
  placeholder: '',
  required: false,
  show: true,
  title_case: false,
  tool_mode: false,
  trace_as_metadata: true,
};

const BASE = { ...FIELD_BASE, list_add_label: 'Add More' };

/** One line of text that can also be connected to a Message. */
export function textField(name: string, display_name: string, value: unknown = '', extra: Extra = {}): FieldJson {
  return {
    ...BASE,
    _input_type: 'MessageTextInput',
    display_name,
    input_types: ['Message'],
    load_from_db: false,
    name,
    trace_as_input: true,
    type: 'str',
    value,
    ...extra,
  };
}

/** Several lines of text that can also be connected to a Message. */
export function multilineField(name: string, display_name: string, value: unknown = '', extra: Extra = {}): FieldJson {
  return textField(name, display_name, value, { _input_type: 'MultilineInput', multiline: true, ...extra });
}

/** An input that only takes a connection (no editable value). */
export function handleField(name: string, display_name: string, inputTypes: string[], extra: Extra = {}): FieldJson {
  return {
    ...BASE,
    _input_type: 'HandleInput',
    display_name,
    input_types: inputTypes,
    name,
    trace_as_metadata: true,
    type: 'other',
    value: '',
    ...extra,
  };
}

export function dropdownField(name: string, display_name: string, options: string[], value: string, extra: Extra = {}): FieldJson {
  return { ...BASE, _input_type: 'DropdownInput', combobox: false, display_name, name, options, type: 'str', value, ...extra };
}

export function boolField(name: string, display_name: string, value: boolean, extra: Extra = {}): FieldJson {
  return { ...BASE, _input_type: 'BoolInput', display_name, name, type: 'bool', value, ...extra };
}

export function intField(name: string, display_name: string, value: number | string, extra: Extra = {}): FieldJson {
  return { ...BASE, _input_type: 'IntInput', display_name, name, type: 'int', value, ...extra };
}

export function floatField(name: string, display_name: string, value: number, extra: Extra = {}): FieldJson {
  return { ...BASE, _input_type: 'FloatInput', display_name, name, type: 'float', value, ...extra };
}

/** A secret: shown masked, loaded from a Credential variable by default (`load_from_db`). */
export function secretField(name: string, display_name: string, variable: string, extra: Extra = {}): FieldJson {
  return {
    ...BASE,
    _input_type: 'SecretStrInput',
    display_name,
    input_types: [],
    load_from_db: true,
    name,
    password: true,
    type: 'str',
    value: variable,
    ...extra,
  };
}

export function promptField(name: string, display_name: string, value = '', extra: Extra = {}): FieldJson {
  return { ...BASE, _input_type: 'PromptInput', display_name, load_from_db: false, name, trace_as_input: true, type: 'prompt', value, ...extra };
}

/** A `{variable}` field of a Prompt, as Langflow adds it when the template names it. */
export function promptVariableField(name: string, value = ''): FieldJson {
  return {
    advanced: false,
    display_name: name,
    dynamic: false,
    field_type: 'str',
    fileTypes: [],
    file_path: '',
    info: '',
    input_types: ['Message'],
    list: false,
    load_from_db: false,
    multiline: true,
    name,
    password: false,
    placeholder: '',
    required: false,
    show: true,
    title_case: false,
    type: 'str',
    value,
  };
}

/** The advanced fields Langflow's chat components carry. */
export function chatFields(sender: string, senderName: string): FieldJson[] {
  return [
    dropdownField('sender', 'Sender Type', ['Machine', 'User'], sender, { advanced: true, info: 'Type of sender.' }),
    textField('sender_name', 'Sender Name', senderName, { advanced: true, info: 'Name of the sender.' }),
    textField('session_id', 'Session ID', '', {
      advanced: true,
      info: 'The session ID of the chat. If empty, the current session ID parameter will be used.',
    }),
    boolField('should_store_message', 'Store Messages', true, { advanced: true, info: 'Store the message in the history.' }),
  ];
}
