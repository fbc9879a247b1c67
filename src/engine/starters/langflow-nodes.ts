// Builders for starter flows in Langflow's export format (nodes as Langflow's editor draws
// them, edges with both handle forms), so a starter downloaded from Flowgate opens in Langflow
// and the other way round. Only the components the engine runs are here.

type Json = Record<string, unknown>;
export interface Position {
  x: number;
  y: number;
}

interface OutputSpec {
  name: string;
  display_name: string;
  method: string;
}

interface NodeSpec {
  id: string;
  type: string;
  display_name: string;
  description: string;
  icon: string;
  position: Position;
  height: number;
  output: OutputSpec;
  fields: Record<string, Json>;
  custom_fields?: Json;
}

/** A text field as Langflow's MessageTextInput / MultilineInput / HandleInput serialize it. */
export function textField(name: string, display_name: string, value: unknown, extra: Json = {}): Json {
  return {
    _input_type: 'MessageTextInput',
    advanced: false,
    display_name,
    dynamic: false,
    info: '',
    input_types: ['Message'],
    list: false,
    list_add_label: 'Add More',
    load_from_db: false,
    name,
    placeholder: '',
    required: false,
    show: true,
    title_case: false,
    tool_mode: false,
    trace_as_input: true,
    trace_as_metadata: true,
    type: 'str',
    value,
    ...extra,
  };
}

/** The advanced fields every chat component carries. */
function chatFields(sender: string, senderName: string): Record<string, Json> {
  return {
    sender: {
      _input_type: 'DropdownInput',
      advanced: true,
      combobox: false,
      display_name: 'Sender Type',
      dynamic: false,
      info: 'Type of sender.',
      name: 'sender',
      options: ['Machine', 'User'],
      placeholder: '',
      required: false,
      show: true,
      title_case: false,
      tool_mode: false,
      trace_as_metadata: true,
      type: 'str',
      value: sender,
    },
    sender_name: textField('sender_name', 'Sender Name', senderName, { advanced: true, info: 'Name of the sender.' }),
    session_id: textField('session_id', 'Session ID', '', {
      advanced: true,
      info: 'The session ID of the chat. If empty, the current session ID parameter will be used.',
    }),
    should_store_message: {
      _input_type: 'BoolInput',
      advanced: true,
      display_name: 'Store Messages',
      dynamic: false,
      info: 'Store the message in the history.',
      list: false,
      name: 'should_store_message',
      placeholder: '',
      required: false,
      show: true,
      title_case: false,
      trace_as_metadata: true,
      type: 'bool',
      value: true,
    },
  };
}

function node(spec: NodeSpec): Json {
  const { id, position } = spec;
  const fieldOrder = Object.keys(spec.fields);
  return {
    id,
    type: 'genericNode',
    position,
    positionAbsolute: position,
    width: 320,
    height: spec.height,
    measured: { width: 320, height: spec.height },
    selected: false,
    dragging: false,
    data: {
      id,
      type: spec.type,
      description: spec.description,
      display_name: spec.display_name,
      showNode: true,
      node: {
        base_classes: ['Message'],
        beta: false,
        conditional_paths: [],
        custom_fields: spec.custom_fields ?? {},
        description: spec.description,
        display_name: spec.display_name,
        documentation: '',
        edited: false,
        field_order: fieldOrder,
        frozen: false,
        icon: spec.icon,
        legacy: false,
        lf_version: '1.4.2',
        metadata: {},
        minimized: false,
        output_types: [],
        outputs: [
          {
            allows_loop: false,
            cache: true,
            display_name: spec.output.display_name,
            group_outputs: false,
            method: spec.output.method,
            name: spec.output.name,
            selected: 'Message',
            tool_mode: true,
            types: ['Message'],
            value: '__UNDEFINED__',
          },
        ],
        pinned: false,
        template: { _type: 'Component', ...spec.fields },
        tool_mode: false,
      },
    },
  };
}

export function chatInputNode(id: string, position: Position, value = ''): Json {
  return node({
    id,
    type: 'ChatInput',
    display_name: 'Chat Input',
    description: 'Get chat inputs from the Playground.',
    icon: 'MessagesSquare',
    position,
    height: 234,
    output: { name: 'message', display_name: 'Chat Message', method: 'message_response' },
    fields: {
      input_value: textField('input_value', 'Input Text', value, {
        _input_type: 'MultilineInput',
        info: 'Message to be passed as input.',
        input_types: [],
        multiline: true,
      }),
      ...chatFields('User', 'User'),
    },
  });
}

export function textInputNode(id: string, position: Position, value: string, display_name = 'Text Input'): Json {
  return node({
    id,
    type: 'TextInput',
    display_name,
    description: 'Get text inputs from the Playground.',
    icon: 'type',
    position,
    height: 234,
    output: { name: 'text', display_name: 'Output Text', method: 'text_response' },
    fields: {
      input_value: textField('input_value', 'Text', value, {
        _input_type: 'MultilineInput',
        info: 'Text to be passed as input.',
        multiline: true,
      }),
    },
  });
}

/** A Prompt node; `variables` are its `{name}` fields, with their default values. */
export function promptNode(id: string, position: Position, template: string, variables: Record<string, string>): Json {
  const variableFields = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      {
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
      },
    ]),
  );
  return node({
    id,
    type: 'Prompt',
    display_name: 'Prompt',
    description: 'Create a prompt template with dynamic variables.',
    icon: 'braces',
    position,
    height: 347,
    output: { name: 'prompt', display_name: 'Prompt', method: 'build_prompt' },
    custom_fields: { template: Object.keys(variables) },
    fields: {
      template: {
        _input_type: 'PromptInput',
        advanced: false,
        display_name: 'Template',
        dynamic: false,
        info: '',
        list: false,
        load_from_db: false,
        name: 'template',
        placeholder: '',
        required: false,
        show: true,
        title_case: false,
        tool_mode: false,
        trace_as_input: true,
        type: 'prompt',
        value: template,
      },
      ...variableFields,
    },
  });
}

export function chatOutputNode(id: string, position: Position): Json {
  return node({
    id,
    type: 'ChatOutput',
    display_name: 'Chat Output',
    description: 'Display a chat message in the Playground.',
    icon: 'MessagesSquare',
    position,
    height: 234,
    output: { name: 'message', display_name: 'Output Message', method: 'message_response' },
    fields: {
      input_value: textField('input_value', 'Inputs', '', {
        _input_type: 'HandleInput',
        info: 'Message to be passed as output.',
        input_types: ['Data', 'DataFrame', 'Message'],
        required: true,
      }),
      ...chatFields('Machine', 'AI'),
    },
  });
}

export function textOutputNode(id: string, position: Position): Json {
  return node({
    id,
    type: 'TextOutput',
    display_name: 'Text Output',
    description: 'Sends text output via API.',
    icon: 'type',
    position,
    height: 234,
    output: { name: 'text', display_name: 'Output Text', method: 'text_response' },
    fields: {
      input_value: textField('input_value', 'Inputs', '', {
        _input_type: 'MultilineInput',
        info: 'Text to be passed as output.',
        multiline: true,
      }),
    },
  });
}

export function combineTextNode(id: string, position: Position, delimiter: string): Json {
  return node({
    id,
    type: 'CombineText',
    display_name: 'Combine Text',
    description: 'Concatenate two text sources into a single text chunk using a specified delimiter.',
    icon: 'merge',
    position,
    height: 389,
    output: { name: 'combined_text', display_name: 'Combined Text', method: 'combine_texts' },
    fields: {
      delimiter: textField('delimiter', 'Delimiter', delimiter, {
        info: 'A string used to separate the two text inputs. Defaults to a whitespace.',
      }),
      text1: textField('text1', 'First Text', '', { info: 'The first text input to concatenate.' }),
      text2: textField('text2', 'Second Text', '', { info: 'The second text input to concatenate.' }),
    },
  });
}

/** Python's json.dumps with `"` written `œ`: how Langflow spells handles in strings. */
function encodeHandle(handle: Json, compact: boolean): string {
  const entries = Object.entries(handle).map(([key, value]) => {
    const encoded = Array.isArray(value)
      ? `[${value.map((item) => JSON.stringify(item)).join(compact ? ',' : ', ')}]`
      : JSON.stringify(value);
    return `${JSON.stringify(key)}${compact ? ':' : ': '}${encoded}`;
  });
  return `{${entries.join(compact ? ',' : ', ')}}`.replaceAll('"', 'œ');
}

export interface EdgeEnd {
  /** Source: the node id; target: the node id. */
  id: string;
  /** Source: the node's type; target: unused. */
  type?: string;
  /** Source: the output name; target: the field name. */
  name: string;
  /** Target: the field's accepted types. */
  inputTypes?: string[];
}

export function edge(source: Required<Pick<EdgeEnd, 'id' | 'type' | 'name'>>, target: EdgeEnd): Json {
  const sourceHandle = { dataType: source.type, id: source.id, name: source.name, output_types: ['Message'] };
  const targetHandle = { fieldName: target.name, id: target.id, inputTypes: target.inputTypes ?? ['Message'], type: 'str' };
  return {
    animated: false,
    className: '',
    data: { sourceHandle, targetHandle },
    id: `reactflow__edge-${source.id}${encodeHandle(sourceHandle, true)}-${target.id}${encodeHandle(targetHandle, true)}`,
    selected: false,
    source: source.id,
    sourceHandle: encodeHandle(sourceHandle, false),
    target: target.id,
    targetHandle: encodeHandle(targetHandle, false),
  };
}
