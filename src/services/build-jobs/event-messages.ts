// The messages the build API makes itself: Langflow's ErrorMessage (the `error` event's data,
// which Langflow's UI shows in the chat) and the partial message a streamed answer starts as
// (the UI appends `token` chunks to the message with the token's id, so it must exist first).
import { randomUUID } from 'node:crypto';
import { createMessage, type Message } from '../../engine/message.js';

export interface ErrorSource {
  id: string;
  display_name: string;
}

export interface ErrorMessageInit {
  text: string;
  timestamp: string;
  flowId: string;
  sessionId: string;
  source?: ErrorSource;
}

/** Langflow's ErrorMessage, as `message.model_dump()` with the id copied to the top. */
export function errorMessage(init: ErrorMessageInit): Record<string, unknown> {
  const { source } = init;
  const name = source?.display_name ?? null;
  return {
    id: randomUUID(),
    timestamp: init.timestamp,
    sender: name,
    sender_name: name,
    session_id: init.sessionId,
    text: init.text,
    files: [],
    error: true,
    edit: false,
    properties: {
      text_color: 'red',
      background_color: 'red',
      edited: false,
      source: source ? { id: source.id, display_name: source.display_name, source: source.display_name } : null,
      icon: 'error',
      allow_markdown: false,
      positive_feedback: null,
      state: 'complete',
      targets: [],
    },
    category: 'error',
    content_blocks: [
      {
        title: 'Error',
        contents: [{ type: 'error', component: name, field: null, reason: init.text, solution: null, traceback: null }],
        allow_markdown: true,
        media_url: null,
      },
    ],
    flow_id: init.flowId,
    duration: null,
  };
}

/** The empty, partial machine message a streamed answer's tokens are appended to. */
export function partialMessage(id: string, timestamp: string, flowId: string, sessionId: string): Message {
  const message = createMessage({ id, text: '', timestamp, sender: 'Machine', sender_name: 'AI', session_id: sessionId, flow_id: flowId });
  message.properties.state = 'partial';
  return message;
}
