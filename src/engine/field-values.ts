// Reading Langflow field values whose shape varies between exports and connections: booleans
// and numbers saved as strings, tables (`[{key, value}]`) or Data or objects for headers and
// bodies, lists or single strings for URLs.
import { isData } from './data.js';
import { isMessage, textOf } from './message.js';

export function boolValue(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  return fallback;
}

/** A number within [min, max], else the fallback. */
export function numberValue(value: unknown, fallback: number, min = -Infinity, max = Infinity): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number)) return fallback;
  return Math.min(max, Math.max(min, number));
}

/** A list of texts: a list field's items (messages become their text), or one text split on nothing. */
export function textList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.flat(2) : [value];
  return items.map((item) => (isMessage(item) ? item.text : textOf(item))).filter((text) => text.trim() !== '');
}

/** Key/value pairs from a TableInput (`[{key, value}]`), a Data, an object, or JSON text of one. */
export function keyValues(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (isData(value)) return keyValues(value.data);
  if (isMessage(value)) return keyValues(value.text);
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null ? keyValues(parsed) : { data: value };
    } catch {
      return { data: value };
    }
  }
  if (Array.isArray(value)) {
    const result: Record<string, unknown> = {};
    for (const item of value) {
      if (isData(item)) Object.assign(result, keyValues(item.data));
      else if (typeof item === 'object' && item !== null && 'key' in item && 'value' in item) {
        const { key, value: itemValue } = item as { key: unknown; value: unknown };
        if (typeof key === 'string' && key !== '') result[key] = itemValue;
      }
    }
    return result;
  }
  if (typeof value === 'object') return { ...(value as Record<string, unknown>) };
  return {};
}

/** Header pairs as strings; empty names and null values are dropped. */
export function headerValues(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, item] of Object.entries(keyValues(value))) {
    if (item === null || item === undefined || key.trim() === '') continue;
    headers[key.trim()] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return headers;
}
