// The run's streaming events, as Langflow's `/run?stream=true` emits them: `add_message` with
// the message (chat input and chat output messages), and, before a chat output's message, its
// text as `token` events `{chunk, id, timestamp}` whose `id` is the message's id. The caller
// sends the final `end` event (it holds the response).
import type { Message } from './message.js';

export type EventSink = (event: string, data: unknown) => void;

export function announceMessage(sink: EventSink | undefined, message: Message, stream: boolean): void {
  if (!sink) return;
  if (stream) {
    for (const chunk of textChunks(message.text)) {
      sink('token', { chunk, id: message.id, timestamp: message.timestamp });
    }
  }
  sink('add_message', structuredClone(message));
}

/** The text in chunks of a few words; the chunks joined give the text back exactly. */
export function textChunks(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  return chunks;
}
