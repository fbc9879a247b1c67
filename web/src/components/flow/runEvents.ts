// Langflow's `/run?stream=true` body, read as it arrives: raw JSON objects `{event, data}`, each
// followed by a blank line. Chunks of text may split an event anywhere; the reader keeps the
// unfinished rest for the next push.
export type RunEvent =
  | { event: 'token'; data: { chunk: string; id?: string } }
  | { event: 'add_message'; data: { id?: string; text?: unknown; sender?: string } }
  | { event: 'end'; data: { result?: { session_id?: unknown; [key: string]: unknown } } }
  | { event: 'error'; data: { error: string } };

const KNOWN = new Set(['token', 'add_message', 'end', 'error']);

export class RunEventReader {
  private rest = '';

  /** The complete events in the text so far. */
  push(text: string): RunEvent[] {
    this.rest += text;
    const parts = this.rest.split('\n\n');
    this.rest = parts.pop() ?? '';
    return parts.flatMap(parse);
  }

  /** Whatever complete event is left when the stream ends. */
  end(): RunEvent[] {
    const last = this.rest;
    this.rest = '';
    return parse(last);
  }
}

function parse(part: string): RunEvent[] {
  const text = part.trim();
  if (!text) return [];
  try {
    const value = JSON.parse(text) as { event?: unknown; data?: unknown };
    if (typeof value.event !== 'string' || !KNOWN.has(value.event) || typeof value.data !== 'object' || value.data === null) return [];
    if (value.event === 'token' && typeof (value.data as { chunk?: unknown }).chunk !== 'string') return [];
    if (value.event === 'error') {
      const error = (value.data as { error?: unknown }).error;
      return [{ event: 'error', data: { error: typeof error === 'string' && error ? error : 'The run failed.' } }];
    }
    return [value as RunEvent];
  } catch {
    return [];
  }
}
