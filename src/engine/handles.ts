// Langflow's edge handles. An edge says which output of its source feeds which field of its
// target twice: as objects under `data.sourceHandle` / `data.targetHandle`, and as strings
// `sourceHandle` / `targetHandle`: JSON in which every `"` is written `œ`. The objects win;
// the strings are the fallback.

export interface TargetHandle {
  fieldName?: string;
  id?: string;
  inputTypes?: string[] | null;
  type?: string;
}

export interface SourceHandle {
  dataType?: string;
  id?: string;
  name?: string;
  output_types?: string[];
}

/** Decodes a handle string (`{œfieldNameœ: œinput_valueœ, …}`) into an object, or undefined. */
export function decodeHandle(handle: unknown): Record<string, unknown> | undefined {
  if (typeof handle !== 'string' || handle === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(handle.replaceAll('œ', '"'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The field of the target an edge feeds: `data.targetHandle.fieldName`, else the string's. */
export function targetFieldName(edge: Record<string, unknown>): string | undefined {
  const data = asRecord(edge.data);
  const fromData = asRecord(data?.targetHandle)?.fieldName;
  if (typeof fromData === 'string' && fromData !== '') return fromData;
  const fromString = decodeHandle(edge.targetHandle)?.fieldName;
  return typeof fromString === 'string' && fromString !== '' ? fromString : undefined;
}

/** The output of the source an edge reads (`name`), when the edge says. */
export function sourceOutputName(edge: Record<string, unknown>): string | undefined {
  const data = asRecord(edge.data);
  const fromData = asRecord(data?.sourceHandle)?.name;
  if (typeof fromData === 'string' && fromData !== '') return fromData;
  const fromString = decodeHandle(edge.sourceHandle)?.name;
  return typeof fromString === 'string' && fromString !== '' ? fromString : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
