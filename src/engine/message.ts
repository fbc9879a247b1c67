// Langflow's Message, the value every component here produces and passes along edges.
// Field names mirror Langflow's serialized message (what `add_message` events and run
// responses carry). Messages that are not chat messages (a prompt, a combined text) have no
// id, sender or session, as in Langflow.
import { dataFrameMarkdown, dataText, isData, isDataFrame } from './data.js';

export interface MessageSource {
  id: string | null;
  display_name: string | null;
  source: string | null;
}

export interface MessageProperties {
  text_color: string;
  background_color: string;
  edited: boolean;
  source: MessageSource;
  icon: string;
  allow_markdown: boolean;
  positive_feedback: boolean | null;
  state: 'complete' | 'partial';
  targets: unknown[];
}

export interface Message {
  id: string | null;
  timestamp: string;
  sender: string | null;
  sender_name: string | null;
  session_id: string | null;
  text: string;
  files: unknown[];
  error: boolean;
  edit: boolean;
  properties: MessageProperties;
  category: 'message';
  content_blocks: unknown[];
  flow_id: string | null;
  duration: number | null;
}

export interface MessageInit {
  text: string;
  timestamp: string;
  id?: string | null;
  sender?: string | null;
  sender_name?: string | null;
  session_id?: string | null;
  flow_id?: string | null;
  source?: Partial<MessageSource>;
  icon?: string;
  background_color?: string;
  text_color?: string;
  /** Uploaded files sent with the message (Chat Input's `files`): the caller's file paths. */
  files?: string[];
}

export function createMessage(init: MessageInit): Message {
  return {
    id: init.id ?? null,
    timestamp: init.timestamp,
    sender: init.sender ?? null,
    sender_name: init.sender_name ?? null,
    session_id: init.session_id ?? null,
    text: init.text,
    files: init.files ?? [],
    error: false,
    edit: false,
    properties: {
      text_color: init.text_color ?? '',
      background_color: init.background_color ?? '',
      edited: false,
      source: { id: null, display_name: null, source: null, ...init.source },
      icon: init.icon ?? '',
      allow_markdown: false,
      positive_feedback: null,
      state: 'complete',
      targets: [],
    },
    category: 'message',
    content_blocks: [],
    flow_id: init.flow_id ?? null,
    duration: null,
  };
}

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { category?: unknown }).category === 'message' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

/** Langflow's message timestamp: `2025-01-31 12:34:56 UTC`. */
export function messageTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The text of any field value: a message's text, a string, a list joined by newlines. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (isMessage(value)) return value.text;
  if (isData(value)) return dataText(value);
  if (isDataFrame(value)) return dataFrameMarkdown(value);
  if (typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
    return (value as { text: string }).text;
  }
  return JSON.stringify(value);
}
