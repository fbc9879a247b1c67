// The user's turn a model component sends: the `input_value` text and, when it is a Chat Input's
// message with attached images, those images (Langflow's to_lc_message), for Language Model,
// Agent and Structured Output alike.
import type { ComponentContext } from '../component.js';
import type { ChatMessage } from './chat-types.js';
import { imagesOf } from './message-images.js';

export async function userTurn(ctx: ComponentContext): Promise<ChatMessage> {
  const images = await imagesOf(ctx, 'input_value');
  const content = ctx.text('input_value');
  return images.length > 0 ? { role: 'user', content, images } : { role: 'user', content };
}
