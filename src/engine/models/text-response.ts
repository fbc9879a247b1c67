// A model component's `text_output` (Langflow's text_response): the system message and the
// input (with the images attached to a user's message) as one exchange, the answer as a message; streamed token by token into the Chat
// Output when the component's `stream` is on and the run streams.
import type { ComponentContext, ComponentOutput } from '../component.js';
import { createMessage } from '../message.js';
import type { ChatMessage } from './chat-types.js';
import { boolField, type ModelHandle } from './model-handle.js';
import { userTurn } from './user-turn.js';

export async function textResponse(ctx: ComponentContext, handle: ModelHandle): Promise<ComponentOutput> {
  if (!ctx.outputUsed('text_output')) {
    // Only the model itself is wanted (an Agent or Structured Output calls it): no call here.
    return { outputName: 'model_output', value: createMessage({ text: '', timestamp: ctx.timestamp() }), outputs: { model_output: handle } };
  }
  const messages: ChatMessage[] = [];
  const system = ctx.text('system_message');
  if (system.trim() !== '') messages.push({ role: 'system', content: system });
  messages.push(await userTurn(ctx));
  const stream = boolField(ctx, 'stream') ? ctx.tokenStream() : undefined;
  const result = await handle.model.chat(
    { messages, temperature: handle.temperature, maxTokens: handle.maxTokens, onToken: stream?.push },
    ctx.signal,
  );
  const message = createMessage({ text: result.text, timestamp: ctx.timestamp(), id: stream?.id ?? null });
  return {
    outputName: 'text_output',
    value: message,
    outputs: { text_output: message, model_output: handle },
    streamedId: stream?.id,
  };
}
