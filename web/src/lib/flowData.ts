// Reading and editing Langflow flow JSON: nodes, their template fields, and export hygiene.
import type { FlowData, FlowNode, TemplateField } from '../api/types';

export type FieldKind = 'text' | 'multiline' | 'secret' | 'select' | 'int' | 'float' | 'bool' | 'model';

export interface EditableField {
  key: string;
  label: string;
  kind: FieldKind;
  value: string | number | boolean | null;
  options: string[];
  info: string;
  advanced: boolean;
  required: boolean;
  /** The value names a global variable (Langflow's load_from_db). */
  fromVariable: boolean;
}

const TEXT_TYPES = new Set(['str', 'prompt', 'text']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptyFlowData(): FlowData {
  return { nodes: [], edges: [] };
}

/** Normalises whatever the server sent into `{nodes, edges, ...}`. */
export function normaliseFlowData(data: unknown): FlowData {
  if (!isRecord(data)) return emptyFlowData();
  const nodes = Array.isArray(data.nodes) ? (data.nodes.filter((n) => isRecord(n) && typeof n.id === 'string') as FlowNode[]) : [];
  const edges = Array.isArray(data.edges)
    ? (data.edges.filter((e) => isRecord(e) && typeof e.source === 'string' && typeof e.target === 'string') as FlowData['edges'])
    : [];
  return { ...data, nodes, edges };
}

export function nodeTitle(node: FlowNode): string {
  const info = node.data?.node;
  return (info?.display_name || node.data?.type || node.type || node.id).toString();
}

export function nodeDescription(node: FlowNode): string {
  const description = node.data?.node?.description;
  return typeof description === 'string' ? description : '';
}

export function isNoteNode(node: FlowNode): boolean {
  return node.type === 'noteNode';
}

/** Langflow's model choice `[{provider, name}]` as the text a picker shows ("OpenAI / gpt-4o-mini"). */
export function modelLabel(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (!isRecord(first) || typeof first.name !== 'string') return '';
  return `${typeof first.provider === 'string' ? first.provider : 'OpenAI'} / ${first.name}`;
}

/** The picker's text back into Langflow's model value. */
export function modelValue(label: string): { provider: string; name: string }[] {
  const at = label.indexOf(' / ');
  return at < 0 ? [{ provider: 'OpenAI', name: label }] : [{ provider: label.slice(0, at), name: label.slice(at + 3) }];
}

function fieldKind(field: TemplateField): FieldKind | null {
  const type = (field.type ?? '').toLowerCase();
  const value = field.value;
  if (type === 'model') return 'model';
  if (type === 'bool' || type === 'boolean') return typeof value === 'boolean' || value == null ? 'bool' : null;
  if (type === 'int' || type === 'float') {
    if (value == null || value === '' || typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Number(value)))) {
      return type === 'int' ? 'int' : 'float';
    }
    return null;
  }
  if (!TEXT_TYPES.has(type)) return null;
  if (field.list) return null;
  if (value != null && typeof value !== 'string' && typeof value !== 'number') return null;
  if (Array.isArray(field.options) && field.options.length > 0 && field.options.every((o) => typeof o === 'string')) return 'select';
  if (field.password) return 'secret';
  if (type === 'prompt' || field.multiline || field._input_type === 'MultilineInput' || field._input_type === 'PromptInput') return 'multiline';
  return 'text';
}

/**
 * The fields of a node that the UI can edit: string, number and bool fields not hidden by `show: false`.
 * `defaults` is the catalogue's template for the node's type: a model field saved without its
 * choices (Langflow's starters save `options: []`) offers the catalogue's.
 */
export function editableFields(node: FlowNode, defaults?: Record<string, unknown>): EditableField[] {
  const template = node.data?.node?.template;
  if (!isRecord(template)) return [];
  const fields: EditableField[] = [];
  for (const [key, raw] of Object.entries(template)) {
    if (key.startsWith('_') || key === 'code' || !isRecord(raw)) continue;
    const field = raw as TemplateField;
    if (field.show === false) continue;
    const kind = fieldKind(field);
    if (!kind) continue;
    const value = kind === 'model' ? modelLabel(field.value) : field.value;
    fields.push({
      key,
      label: (field.display_name || field.name || key).toString(),
      kind,
      value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null,
      options:
        kind === 'select'
          ? (field.options as string[])
          : kind === 'model'
            ? modelOptions(field, defaults?.[key])
            : [],
      info: typeof field.info === 'string' ? field.info : '',
      advanced: field.advanced === true,
      required: field.required === true,
      fromVariable: field.load_from_db === true,
    });
  }
  return fields;
}

/**
 * The choices a model field offers: those saved with it (Langflow saves the exporter's enabled
 * models, with `__enable_provider_…__` placeholders, which are not models), then the catalogue's.
 */
function modelOptions(field: TemplateField, fallback: unknown): string[] {
  const labels = (options: unknown) =>
    Array.isArray(options) ? options.filter((o) => !(isRecord(o) && typeof o.name === 'string' && /^__.*__$/.test(o.name))).map(modelLabel).filter(Boolean) : [];
  return [...new Set([...labels(field.options), ...labels(isRecord(fallback) ? fallback.options : undefined)])];
}

/** Returns new flow data with one template value changed (the rest shared, not copied). */
export function setFieldValue(data: FlowData, nodeId: string, key: string, value: unknown): FlowData {
  return setFieldProps(data, nodeId, key, { value });
}

/** Returns new flow data with some properties of one template field changed (value, load_from_db…). */
export function setFieldProps(data: FlowData, nodeId: string, key: string, props: Record<string, unknown>): FlowData {
  return {
    ...data,
    nodes: data.nodes.map((node) => {
      if (node.id !== nodeId || !node.data?.node?.template) return node;
      const template = node.data.node.template;
      const field = template[key];
      if (!isRecord(field)) return node;
      return { ...node, data: { ...node.data, node: { ...node.data.node, template: { ...template, [key]: { ...field, ...props } } } } };
    }),
  };
}

/** Removes values typed into password fields (API keys) unless they name a global variable. */
export function stripSecrets(data: FlowData): FlowData {
  return {
    ...data,
    nodes: data.nodes.map((node) => {
      const template = node.data?.node?.template;
      if (!isRecord(template)) return node;
      let changed = false;
      const next: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(template)) {
        if (isRecord(raw) && raw.password === true && raw.load_from_db !== true && raw.value) {
          next[key] = { ...raw, value: '' };
          changed = true;
        } else {
          next[key] = raw;
        }
      }
      if (!changed || !node.data?.node) return node;
      return { ...node, data: { ...node.data, node: { ...node.data.node, template: next } } };
    }),
  };
}

/** Whether any node has a typed-in secret value. */
export function hasSecrets(data: FlowData): boolean {
  return data.nodes.some((node) => {
    const template = node.data?.node?.template;
    return isRecord(template) && Object.values(template).some((f) => isRecord(f) && f.password === true && f.load_from_db !== true && !!f.value);
  });
}

/** Chat text from a run response: `outputs[0].outputs[0].outputs.message.message` (string or {text}). */
export function chatOutputText(response: unknown): string | null {
  if (!isRecord(response) || !Array.isArray(response.outputs)) return null;
  for (const run of response.outputs) {
    if (!isRecord(run) || !Array.isArray(run.outputs)) continue;
    for (const out of run.outputs) {
      if (!isRecord(out)) continue;
      const outputs = isRecord(out.outputs) ? out.outputs : null;
      const message = outputs && isRecord(outputs.message) ? outputs.message : null;
      const inner = message ? message.message : undefined;
      if (typeof inner === 'string') return inner;
      if (isRecord(inner) && typeof inner.text === 'string') return inner.text;
      const results = isRecord(out.results) ? out.results : null;
      const resultMessage = results && isRecord(results.message) ? results.message : null;
      if (resultMessage && typeof resultMessage.text === 'string') return resultMessage.text;
    }
  }
  return null;
}
