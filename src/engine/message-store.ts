// Chat Input and Chat Output store their message in the caller's history, as Langflow does
// when `should_store_message` is on (its default) and the message has a session.
import type { ComponentContext } from './component.js';
import type { Message } from './message.js';

export async function storeMessage(ctx: ComponentContext, message: Message): Promise<void> {
  if (!ctx.messages || !message.session_id) return;
  const flag = ctx.input('should_store_message');
  if (flag === false || flag === 'false' || flag === 'False') return;
  await ctx.messages.store(message);
}
