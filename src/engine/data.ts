import { textOf } from './message.js';

// Langflow's Data and DataFrame, the structured values components pass besides Message.
// Data serializes as `{text_key, data, default_value}`, as Langflow's does. A DataFrame is a
// list of rows (plain records); it is tagged so a list of values from several edges is never
// mistaken for one.

export interface Data {
  text_key: string;
  data: Record<string, unknown>;
  default_value: string;
}

export interface DataFrame {
  readonly kind: 'DataFrame';
  rows: Record<string, unknown>[];
}

export function createData(data: Record<string, unknown>, textKey = 'text'): Data {
  return { text_key: textKey, data, default_value: '' };
}

export function isData(value: unknown): value is Data {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record.text_key === 'string' && typeof record.data === 'object' && record.data !== null && !Array.isArray(record.data);
}

export function createDataFrame(rows: Record<string, unknown>[]): DataFrame {
  return { kind: 'DataFrame', rows };
}

export function isDataFrame(value: unknown): value is DataFrame {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'DataFrame' && Array.isArray((value as DataFrame).rows);
}

/** A Data's text: the value under its text key, else its default value. */
export function dataText(data: Data): string {
  const value = data.data[data.text_key];
  if (value === undefined || value === null) return data.default_value ?? '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The column names of a DataFrame, in first-seen order. */
export function columnsOf(frame: DataFrame): string[] {
  const columns: string[] = [];
  for (const row of frame.rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

/** A DataFrame as a Markdown table (what Langflow's safe_convert makes of one). */
export function dataFrameMarkdown(frame: DataFrame): string {
  const columns = columnsOf(frame);
  if (columns.length === 0) return '';
  const cell = (value: unknown) =>
    (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value))
      .replace(/\|/g, '\\|')
      .replace(/\r?\n+/g, ' ');
  const lines = [
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => ':---').join('|')}|`,
    ...frame.rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * What Chat Output shows for a value (Langflow's safe_convert): a Data as a JSON code block, a
 * DataFrame as a Markdown table, anything else as its text.
 */
export function chatText(value: unknown): string {
  if (Array.isArray(value)) return value.map(chatText).join('\n');
  if (isData(value)) return cleanString('```json\n' + JSON.stringify(value.data, null, 2) + '\n```');
  if (isDataFrame(value)) return dataFrameMarkdown(value);
  return textOf(value);
}

/** Langflow's clean_string: blank lines emptied, three or more newlines made two. */
export function cleanString(text: string): string {
  return text.replace(/^[ \t\r\f\v]*$/gm, '').replace(/\n{3,}/g, '\n\n');
}
