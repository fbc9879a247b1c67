// A component's result as Langflow's ResultDataResponse (the `data` of an end_vertex event's
// build_data): results, outputs, logs, message (the artifacts) and artifacts per output name.
// Only values meant to be shown go in: messages, text, Data, DataFrames. Tools and model
// handles (which hold a provider's client and key) never do.
import type { ComponentOutput } from '../../engine/component.js';
import { isData, isDataFrame } from '../../engine/data.js';
import { isMessage } from '../../engine/message.js';

interface OutputValue {
  message: unknown;
  type: string;
}

export interface ResultDataResponse {
  results: Record<string, unknown>;
  outputs: Record<string, OutputValue>;
  logs: Record<string, unknown[]>;
  message: Record<string, unknown>;
  artifacts: Record<string, unknown>;
  timedelta: number;
  duration: string;
  used_frozen_result: false;
}

export function resultData(output: ComponentOutput, elapsedSeconds: number): ResultDataResponse {
  const results: Record<string, unknown> = {};
  const outputs: Record<string, OutputValue> = {};
  const logs: Record<string, unknown[]> = {};
  // As an edge reads them: an output named in `outputs` is that value (Data, DataFrame), else the Message.
  const values: Record<string, unknown> = { [output.outputName]: output.value, ...output.outputs };
  for (const [name, value] of Object.entries(values)) {
    const shown = shownValue(value, output.send !== undefined);
    if (!shown) continue;
    results[name] = shown.result;
    outputs[name] = shown.output;
    logs[name] = [];
  }
  const main = outputs[output.outputName];
  const artifacts = main ? artifactsOf(main, output) : {};
  return {
    results,
    outputs,
    logs,
    message: artifacts,
    artifacts,
    timedelta: elapsedSeconds,
    duration: formatElapsed(elapsedSeconds),
    used_frozen_result: false,
  };
}

/** Langflow's `params` of a built vertex: the artifacts' repr, else its stock phrase. */
export function paramsOf(output: ComponentOutput): string {
  return output.value.text !== '' ? output.value.text : 'Built successfully ✨';
}

function shownValue(value: unknown, chat: boolean): { result: unknown; output: OutputValue } | undefined {
  if (isMessage(value)) {
    const message = structuredClone(value);
    return chat
      ? { result: message, output: { message, type: 'message' } }
      : { result: message, output: { message: message.text, type: 'text' } };
  }
  if (typeof value === 'string') return { result: value, output: { message: value, type: 'text' } };
  if (isData(value)) return { result: structuredClone(value), output: { message: structuredClone(value.data), type: 'data' } };
  if (isDataFrame(value)) return { result: structuredClone(value.rows), output: { message: structuredClone(value.rows), type: 'array' } };
  return undefined;
}

function artifactsOf(main: OutputValue, output: ComponentOutput): Record<string, unknown> {
  const text = output.value.text;
  if (output.send !== undefined) {
    return { message: text, sender: output.value.sender, sender_name: output.value.sender_name, files: [], type: 'message' };
  }
  return { repr: typeof main.message === 'string' ? main.message : text, raw: main.message, type: main.type };
}

/** Langflow's format_elapsed_time. */
export function formatElapsed(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) {
    const rounded = Math.round(seconds * 100) / 100;
    return `${rounded} ${rounded === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round((seconds - minutes * 60) * 100) / 100;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, ${rest} ${rest === 1 ? 'second' : 'seconds'}`;
}
