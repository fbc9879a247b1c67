// The editor's pure operations on Langflow flow JSON: reading a node's ports, checking that a
// connection carries a type the field accepts, writing edges in Langflow's format (objects and
// œ-strings, so Langflow and the engine read them), and adding, copying and removing nodes.
import type { FlowData, FlowEdge, FlowNode, TemplateField } from '../../api/types';

export type FrontendNode = {
  display_name?: string;
  description?: string;
  template: Record<string, unknown>;
  outputs?: OutputPort[];
  custom_fields?: Record<string, unknown>;
  [key: string]: unknown;
};
export type Catalogue = Record<string, Record<string, FrontendNode>>;

/**
 * What the editor falls back on for a node's fields a saved flow left without choices: the
 * catalogue's template for its type. A type the catalogue lacks still gets the Language Model's
 * `model` choices, as any `model` field takes the same value.
 */
export function catalogueDefaults(catalogue: Catalogue, type: string): Record<string, unknown> | undefined {
  let own: FrontendNode | undefined;
  let model: unknown;
  for (const components of Object.values(catalogue)) {
    own ??= components[type];
    model ??= components.LanguageModelComponent?.template.model;
  }
  if (own) return own.template;
  return model === undefined ? undefined : { model };
}

export interface OutputPort {
  name: string;
  display_name?: string;
  types: string[];
  selected?: string;
}

export interface InputPort {
  name: string;
  label: string;
  /** The types a connection may carry into this field. */
  accepts: string[];
  field: TemplateField & Record<string, unknown>;
}

/** Handle ids on the canvas: `in:<field>` and `out:<output>`. */
export const inputHandle = (field: string) => `in:${field}`;
export const outputHandle = (output: string) => `out:${output}`;
export const handleName = (handle: string | null | undefined) => (handle ?? '').replace(/^(in|out):/, '');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nodeType(node: FlowNode): string {
  return String(node.data?.type ?? node.type ?? '');
}

export function outputsOf(node: FlowNode): OutputPort[] {
  const outputs = (node.data?.node as FrontendNode | undefined)?.outputs;
  if (!Array.isArray(outputs)) return [];
  return outputs
    .filter((o): o is OutputPort => isRecord(o) && typeof o.name === 'string')
    .map((o) => ({ ...o, types: Array.isArray(o.types) ? o.types.map(String) : [] }));
}

/** Fields that can take a connection: those with `input_types`, or Langflow's handle-only inputs. */
export function inputsOf(node: FlowNode): InputPort[] {
  const template = node.data?.node?.template;
  if (!isRecord(template)) return [];
  const ports: InputPort[] = [];
  for (const [name, raw] of Object.entries(template)) {
    if (name.startsWith('_') || !isRecord(raw) || raw.show === false) continue;
    const inputTypes = Array.isArray(raw.input_types) ? raw.input_types.map(String) : [];
    const handleOnly = raw._input_type === 'HandleInput' || raw.type === 'other';
    if (inputTypes.length === 0 && !handleOnly) continue;
    const accepts = inputTypes.length > 0 ? inputTypes : [String(raw.type ?? '')];
    ports.push({ name, label: String(raw.display_name || name), accepts, field: raw as InputPort['field'] });
  }
  return ports;
}

/** As Langflow: a connection is valid when the output carries a type the field accepts. */
export function canConnect(data: FlowData, sourceId: string, output: string, targetId: string, field: string): boolean {
  if (sourceId === targetId) return false;
  const source = data.nodes.find((n) => n.id === sourceId);
  const target = data.nodes.find((n) => n.id === targetId);
  if (!source || !target) return false;
  const port = outputsOf(source).find((o) => o.name === output);
  const input = inputsOf(target).find((i) => i.name === field);
  if (!port || !input) return false;
  if (!port.types.some((type) => input.accepts.includes(type))) return false;
  // A field that is not a list takes one connection; the same edge twice is never useful.
  const existing = data.edges.filter((e) => e.target === targetId && edgeField(e) === field);
  if (existing.some((e) => e.source === sourceId && edgeOutput(e) === output)) return false;
  return input.field.list === true || existing.length === 0;
}

/** Python's json.dumps with `"` written `œ`, as Langflow spells handles in edge strings. */
function encodeHandle(handle: Record<string, unknown>, compact: boolean): string {
  const entries = Object.entries(handle).map(([key, value]) => {
    const encoded = Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(compact ? ',' : ', ')}]` : JSON.stringify(value);
    return `${JSON.stringify(key)}${compact ? ':' : ': '}${encoded}`;
  });
  return `{${entries.join(compact ? ',' : ', ')}}`.replaceAll('"', 'œ');
}

function decodeHandle(handle: unknown): Record<string, unknown> | undefined {
  if (typeof handle !== 'string' || !handle) return undefined;
  try {
    const parsed: unknown = JSON.parse(handle.replaceAll('œ', '"'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function edgeField(edge: FlowEdge): string {
  const data = isRecord(edge.data) ? edge.data : {};
  const fromData = isRecord(data.targetHandle) ? data.targetHandle.fieldName : undefined;
  return String(fromData ?? decodeHandle(edge.targetHandle)?.fieldName ?? '');
}

export function edgeOutput(edge: FlowEdge): string {
  const data = isRecord(edge.data) ? edge.data : {};
  const fromData = isRecord(data.sourceHandle) ? data.sourceHandle.name : undefined;
  return String(fromData ?? decodeHandle(edge.sourceHandle)?.name ?? '');
}

/** A new edge in Langflow's format. */
export function langflowEdge(data: FlowData, sourceId: string, output: string, targetId: string, field: string): FlowEdge {
  const source = data.nodes.find((n) => n.id === sourceId)!;
  const target = data.nodes.find((n) => n.id === targetId)!;
  const port = outputsOf(source).find((o) => o.name === output)!;
  const input = inputsOf(target).find((i) => i.name === field)!;
  const sourceHandle = { dataType: nodeType(source), id: sourceId, name: output, output_types: port.types };
  const targetHandle = { fieldName: field, id: targetId, inputTypes: input.accepts, type: String(input.field.type ?? 'str') };
  return {
    animated: false,
    className: '',
    data: { sourceHandle, targetHandle },
    id: `reactflow__edge-${sourceId}${encodeHandle(sourceHandle, true)}-${targetId}${encodeHandle(targetHandle, true)}`,
    selected: false,
    source: sourceId,
    sourceHandle: encodeHandle(sourceHandle, false),
    target: targetId,
    targetHandle: encodeHandle(targetHandle, false),
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Langflow's node id: `<Type>-<5 random characters>`, unique in the flow. */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const suffix = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
    const id = `${type}-${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** A node for the canvas from a catalogue entry, as Langflow's editor adds one. */
export function nodeFromCatalogue(type: string, frontendNode: FrontendNode, position: { x: number; y: number }, taken: ReadonlySet<string>): FlowNode {
  const id = newNodeId(type, taken);
  const node = structuredClone(frontendNode);
  return {
    id,
    type: 'genericNode',
    position,
    data: { id, type, node, showNode: true, display_name: node.display_name, description: node.description },
  };
}

export function addNodes(data: FlowData, nodes: FlowNode[], edges: FlowEdge[] = []): FlowData {
  return { ...data, nodes: [...data.nodes, ...nodes], edges: [...data.edges, ...edges] };
}

export function removeElements(data: FlowData, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string> = new Set()): FlowData {
  return {
    ...data,
    nodes: data.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: data.edges.filter((e) => !nodeIds.has(e.source) && !nodeIds.has(e.target) && !edgeIds.has(String(e.id ?? ''))),
  };
}

/** Copies of nodes (new ids, shifted) with the edges between them, for paste and duplicate. */
export function copyOf(data: FlowData, nodes: FlowNode[], edges: FlowEdge[], offset: number): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const taken = new Set(data.nodes.map((n) => n.id));
  const ids = new Map<string, string>();
  const copies = nodes.map((node) => {
    const id = newNodeId(nodeType(node), taken);
    taken.add(id);
    ids.set(node.id, id);
    const position = { x: (node.position?.x ?? 0) + offset, y: (node.position?.y ?? 0) + offset };
    const copy = structuredClone(node);
    return { ...copy, id, position, selected: false, data: { ...copy.data, id } };
  });
  const withCopies = { ...data, nodes: [...data.nodes, ...copies] };
  const copiedEdges = edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => langflowEdge(withCopies, ids.get(e.source)!, edgeOutput(e), ids.get(e.target)!, edgeField(e)));
  return { nodes: copies, edges: copiedEdges };
}

/** Prompt variables that have neither a value nor a connection: the run would fail on them. */
export function missingPromptVariables(data: FlowData, node: FlowNode): string[] {
  if (nodeType(node) !== 'Prompt') return [];
  const info = node.data?.node as FrontendNode | undefined;
  const names = isRecord(info?.custom_fields) && Array.isArray(info.custom_fields.template) ? info.custom_fields.template.map(String) : [];
  const template = info?.template ?? {};
  return names.filter((name) => {
    const field = template[name];
    const value = isRecord(field) ? field.value : undefined;
    const connected = data.edges.some((e) => e.target === node.id && edgeField(e) === name);
    return !connected && (value === undefined || value === null || value === '');
  });
}

export interface DefaultFieldVariable {
  name: string;
  type: string | null;
  default_fields: string[] | null;
}

/**
 * Langflow's "Apply to fields": an empty field named in a variable's `default_fields` (by its
 * name or display name) loads from that variable. Credential variables go only to secret fields.
 * Returns the same node when nothing applies.
 */
export function applyDefaultFields(node: FlowNode, variables: DefaultFieldVariable[]): FlowNode {
  const template = node.data?.node?.template;
  if (!isRecord(template)) return node;
  let changed = false;
  const next: Record<string, unknown> = { ...template };
  for (const [name, raw] of Object.entries(template)) {
    if (!isRecord(raw) || name.startsWith('_') || raw.load_from_db === true) continue;
    if (raw.value !== '' && raw.value !== null && raw.value !== undefined) continue;
    const labels = [name, String(raw.display_name ?? '')].map((l) => l.toLowerCase());
    const variable = variables.find(
      (v) => (v.type !== 'Credential' || raw.password === true) && (v.default_fields ?? []).some((f) => labels.includes(f.toLowerCase())),
    );
    if (!variable) continue;
    next[name] = { ...raw, value: variable.name, load_from_db: true };
    changed = true;
  }
  if (!changed || !node.data?.node) return node;
  return { ...node, data: { ...node.data, node: { ...node.data.node, template: next } } };
}
