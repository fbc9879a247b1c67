// Langflow's build events (POST /api/v1/build/{flow_id}/flow, NDJSON: one `{"event", "data"}`
// object per line, blank lines between) folded into each node's run state: queued when the
// order is known (`vertices_sorted`), built or failed with its outputs when its `end_vertex`
// arrives, and a flow-level error from `error`. Written against Langflow 1.8's shapes
// (api/build.py and the frontend's buildUtils.ts).

/** One output of a built vertex, as Langflow's OutputValue: `message` is typed by `type`. */
export interface OutputValue {
  /** text, message, data, object, array, stream, unknown, or error (`{errorMessage, stackTrace}`). */
  type: string;
  message: unknown;
}

/** The `build_data` of an `end_vertex` event (Langflow's VertexBuildResponse). */
export interface VertexBuildData {
  id: string;
  valid: boolean;
  params?: unknown;
  next_vertices_ids?: string[] | null;
  inactivated_vertices?: string[] | null;
  data?: {
    results?: Record<string, unknown> | null;
    outputs?: Record<string, OutputValue | OutputValue[]>;
    duration?: string | null;
  };
}

export type RunStatus = 'queued' | 'running' | 'built' | 'error' | 'inactive';

export interface NodeRun {
  status: RunStatus;
  /** Per output name, the last value (Langflow's `outputs`). */
  outputs: Record<string, OutputValue>;
  error: string | null;
  duration: string | null;
}

export interface BuildState {
  running: boolean;
  /** The component the run stops at (the node whose run button started it). */
  stopAt: string | null;
  nodes: Record<string, NodeRun>;
  /** A failure that belongs to no one component (the flow could not be built, the request failed). */
  error: string | null;
}

export const idleBuild: BuildState = { running: false, stopAt: null, nodes: {}, error: null };

export interface BuildEvent {
  event: string;
  data: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Splits a byte stream's text into events; keeps a partial last line for the next chunk. */
export class NdjsonReader {
  private rest = '';

  push(chunk: string): BuildEvent[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    return lines.flatMap((line) => parseLine(line));
  }

  end(): BuildEvent[] {
    const last = this.rest;
    this.rest = '';
    return parseLine(last);
  }
}

function parseLine(line: string): BuildEvent[] {
  const text = line.trim();
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed) && typeof parsed.event === 'string') return [{ event: parsed.event, data: parsed.data }];
  } catch {
    // A line that is not JSON is not an event; the stream goes on.
  }
  return [];
}

function errorText(message: unknown): string | null {
  if (isRecord(message) && typeof message.errorMessage === 'string') return message.errorMessage;
  if (typeof message === 'string' && message) return message;
  return null;
}

/** Each output's one value; Langflow sends a list for some (logs), the last entry is the value. */
function outputsOf(build: VertexBuildData): Record<string, OutputValue> {
  const raw = build.data?.outputs;
  const outputs: Record<string, OutputValue> = {};
  if (!isRecord(raw)) return outputs;
  for (const [name, value] of Object.entries(raw)) {
    const one = Array.isArray(value) ? value.at(-1) : value;
    if (isRecord(one) && typeof one.type === 'string') outputs[name] = { type: one.type, message: one.message };
  }
  return outputs;
}

/** The error of a failed vertex: from its error outputs, else its `params` (Langflow puts the message there). */
function buildError(build: VertexBuildData, outputs: Record<string, OutputValue>): string {
  for (const output of Object.values(outputs)) {
    if (output.type === 'error') {
      const text = errorText(output.message);
      if (text) return text;
    }
  }
  if (typeof build.params === 'string' && build.params) return build.params;
  return 'This component failed.';
}

function withStatus(nodes: Record<string, NodeRun>, ids: string[], status: RunStatus): Record<string, NodeRun> {
  const next = { ...nodes };
  for (const id of ids) next[id] = { ...(next[id] ?? { outputs: {}, error: null, duration: null }), status };
  return next;
}

/** The state after one event. Unknown events change nothing (Langflow adds kinds over time). */
export function applyBuildEvent(state: BuildState, { event, data }: BuildEvent): BuildState {
  const body = isRecord(data) ? data : {};
  switch (event) {
    case 'vertices_sorted': {
      // The first layer runs now; the rest of what will run waits its turn.
      const first = strings(body.ids);
      const toRun = strings(body.to_run).filter((id) => !first.includes(id));
      return { ...state, nodes: withStatus(withStatus(state.nodes, toRun, 'queued'), first, 'running') };
    }
    case 'end_vertex': {
      const build = body.build_data;
      if (!isRecord(build) || typeof build.id !== 'string') return state;
      const vertex = build as unknown as VertexBuildData;
      const outputs = outputsOf(vertex);
      const run: NodeRun = vertex.valid
        ? { status: 'built', outputs, error: null, duration: vertex.data?.duration ?? null }
        : { status: 'error', outputs, error: buildError(vertex, outputs), duration: vertex.data?.duration ?? null };
      let nodes = { ...state.nodes, [vertex.id]: run };
      nodes = withStatus(nodes, strings(vertex.inactivated_vertices), 'inactive');
      if (vertex.valid) nodes = withStatus(nodes, strings(vertex.next_vertices_ids), 'running');
      return { ...state, nodes };
    }
    case 'build_start':
      return typeof body.id === 'string' ? { ...state, nodes: withStatus(state.nodes, [body.id], 'running') } : state;
    case 'build_end':
      // Around a component an agent calls as a tool (it has no end_vertex of its own then).
      return typeof body.id === 'string' && state.nodes[body.id]?.status !== 'error' ? { ...state, nodes: withStatus(state.nodes, [body.id], 'built') } : state;
    case 'error': {
      // Langflow's ErrorMessage: `text`, and the failing component in `properties.source.id`.
      const text = typeof body.text === 'string' && body.text ? body.text : errorText(body.error) ?? 'The flow could not run.';
      const source = isRecord(body.properties) && isRecord(body.properties.source) ? body.properties.source.id : null;
      if (typeof source === 'string' && source) {
        const current = state.nodes[source];
        return { ...state, nodes: { ...state.nodes, [source]: { outputs: current?.outputs ?? {}, duration: current?.duration ?? null, status: 'error', error: current?.error ?? text } } };
      }
      return { ...state, error: text };
    }
    case 'end':
      return finish(state);
    default:
      return state;
  }
}

/** The run is over: nothing is running or waiting any more. */
export function finish(state: BuildState, error: string | null = null): BuildState {
  const nodes: Record<string, NodeRun> = {};
  for (const [id, run] of Object.entries(state.nodes)) {
    nodes[id] = run.status === 'queued' || run.status === 'running' ? { ...run, status: 'inactive' } : run;
  }
  return { ...state, running: false, nodes, error: error ?? state.error };
}

/** A short, readable form of an output for the node (the inspector shows it whole). */
export function outputSummary(output: OutputValue): string {
  const { type, message } = output;
  if (type === 'error') return errorText(message) ?? 'Error';
  if (typeof message === 'string') return message;
  if (isRecord(message) && typeof message.text === 'string') return message.text;
  if (Array.isArray(message)) return `${message.length} row${message.length === 1 ? '' : 's'}`;
  if (isRecord(message)) return JSON.stringify(message);
  return '';
}
