// Field builders for the data components' inputs Langflow serializes besides fields.ts's:
// TableInput (key/value rows), SliderInput, FileInput, TabInput, DataInput.
import type { FieldJson } from './definition.js';
import { FIELD_BASE, handleField } from './fields.js';

type Extra = Record<string, unknown>;



/** Key/value rows (headers, bodies), as Langflow's TableInput. */
export function keyValueTableField(name: string, display_name: string, keyLabel: string, value: unknown[], extra: Extra = {}): FieldJson {
  return {
    ...FIELD_BASE,
    _input_type: 'TableInput',
    display_name,
    is_list: true,
    list_add_label: 'Add More',
    name,
    table_icon: 'Table',
    table_schema: {
      columns: [
        { name: 'key', display_name: keyLabel, type: 'str', description: `${keyLabel} name` },
        { name: 'value', display_name: 'Value', type: 'str', description: `${keyLabel} value` },
      ],
    },
    trigger_icon: 'Table',
    trigger_text: 'Open table',
    type: 'table',
    value,
    ...extra,
  };
}

export function sliderField(name: string, display_name: string, value: number, range: { min: number; max: number; step: number }, extra: Extra = {}): FieldJson {
  return {
    ...FIELD_BASE,
    _input_type: 'SliderInput',
    display_name,
    max_label: ' ',
    max_label_icon: 'None',
    min_label: ' ',
    min_label_icon: 'None',
    name,
    range_spec: { ...range, step_type: 'float' },
    slider_buttons: false,
    slider_buttons_options: [],
    slider_input: false,
    type: 'slider',
    value,
    ...extra,
  };
}

/** Uploaded files (v2 paths), as Langflow's FileInput. */
export function fileField(name: string, display_name: string, fileTypes: string[], extra: Extra = {}): FieldJson {
  return {
    ...FIELD_BASE,
    _input_type: 'FileInput',
    display_name,
    fileTypes,
    file_path: '',
    list: true,
    list_add_label: 'Add More',
    name,
    temp_file: false,
    type: 'file',
    value: '',
    ...extra,
  };
}

export function tabField(name: string, display_name: string, options: string[], value: string, extra: Extra = {}): FieldJson {
  return { ...FIELD_BASE, _input_type: 'TabInput', display_name, name, options, type: 'tab', value, ...extra };
}

/** A Data (or a dict) by connection, as Langflow's DataInput. */
export function dataField(name: string, display_name: string, extra: Extra = {}): FieldJson {
  return handleField(name, display_name, ['Data'], { _input_type: 'DataInput', ...extra });
}
