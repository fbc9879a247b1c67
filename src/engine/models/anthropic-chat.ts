// Anthropic's Messages API through the official SDK. The system messages become `system`,
// tool results go back as `tool_result` blocks in a user turn, a forced tool is
// `tool_choice: {type: 'tool'}`. Streaming reads text deltas and tool-input deltas in order.
import type Anthropic from '@anthropic-ai/sdk';
import { ComponentRunError } from '../errors.js';
import type { ChatMessage, ChatModel, ChatRequest, ChatResult, ToolCall } from './chat-types.js';
import { fromSdkError, type KeyOrigin } from './provider-errors.js';

/** Anthropic requires max_tokens; Langflow's ChatAnthropic default. */
const DEFAULT_MAX_TOKENS = 4096;

export interface AnthropicChatOptions {
  model: string;
  apiKey: string;
  keyOrigin: KeyOrigin | undefined;
  baseURL: string;
  fetch?: typeof fetch;
}

type WireMessage = Anthropic.MessageParam;

/** The SDK, loaded on the first Anthropic call (it costs ~130 ms of start-up otherwise). */
const loadAnthropic = async () => (await import('@anthropic-ai/sdk')).default;

export function anthropicChatModel(options: AnthropicChatOptions): ChatModel {
  return {
    provider: 'Anthropic',
    model: options.model,
    supportsJsonSchema: false,
    async chat(request, signal) {
      const AnthropicClient = await loadAnthropic();
      const client = new AnthropicClient({
        apiKey: options.apiKey,
        // Explicit, so the SDK reads neither ANTHROPIC_BASE_URL nor ANTHROPIC_AUTH_TOKEN itself.
        baseURL: options.baseURL,
        maxRetries: 0,
        logLevel: 'off',
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      try {
        return request.onToken ? await streamed(client, options.model, request, signal) : await whole(client, options.model, request, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw fromSdkError('Anthropic', options.keyOrigin, error);
      }
    },
  };
}

function params(model: string, request: ChatRequest): Anthropic.MessageCreateParamsNonStreaming {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const body: Anthropic.MessageCreateParamsNonStreaming = {
    model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: toWire(request.messages.filter((m) => m.role !== 'system')),
  };
  if (system) body.system = system;
  // The Messages API this SDK speaks has no `temperature`: the field is not sent.
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters as Anthropic.Tool.InputSchema,
    }));
    if (request.toolChoice && request.toolChoice !== 'auto') body.tool_choice = { type: 'tool', name: request.toolChoice.name };
  }
  return body;
}

async function whole(client: Anthropic, model: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResult> {
  const message = await client.messages.create(params(model, request), { signal });
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
  }
  return { text, toolCalls };
}

async function streamed(client: Anthropic, model: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResult> {
  const stream = await client.messages.create({ ...params(model, request), stream: true }, { signal });
  let text = '';
  const calls = new Map<number, ToolCall>();
  for await (const event of stream) {
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
      calls.set(event.index, { id: event.content_block.id, name: event.content_block.name, arguments: '' });
    } else if (event.type === 'content_block_delta') {
      if (event.delta.type === 'text_delta' && event.delta.text !== '') {
        text += event.delta.text;
        request.onToken!(event.delta.text);
      } else if (event.delta.type === 'input_json_delta') {
        const call = calls.get(event.index);
        if (call) call.arguments += event.delta.partial_json;
      }
    }
  }
  const toolCalls = [...calls.values()].map((call) => ({ ...call, arguments: call.arguments || '{}' }));
  return { text, toolCalls };
}

function toWire(messages: ChatMessage[]): WireMessage[] {
  const out: WireMessage[] = [];
  for (const message of messages) {
    if (message.role === 'tool') {
      const block: Anthropic.ToolResultBlockParam = { type: 'tool_result', tool_use_id: message.toolCallId, content: message.content };
      // Consecutive tool results share one user turn, as the API expects.
      const last = out.at(-1);
      if (last?.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) {
        (last.content as Anthropic.ToolResultBlockParam[]).push(block);
      } else {
        out.push({ role: 'user', content: [block] });
      }
    } else if (message.role === 'assistant' && message.toolCalls?.length) {
      const blocks: Anthropic.ContentBlockParam[] = [];
      if (message.content) blocks.push({ type: 'text', text: message.content });
      for (const call of message.toolCalls) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseArguments(call.arguments) });
      out.push({ role: 'assistant', content: blocks });
    } else if (message.role === 'user' && message.images?.length) {
      // The text, then each image as a base64 block (what LangChain makes of a data URL part).
      const blocks: Anthropic.ContentBlockParam[] = message.content ? [{ type: 'text', text: message.content }] : [];
      for (const image of message.images) {
        blocks.push({ type: 'image', source: { type: 'base64', media_type: anthropicImageType(image.mediaType), data: image.base64 } });
      }
      out.push({ role: 'user', content: blocks });
    } else if (message.role === 'user' || message.role === 'assistant') {
      out.push({ role: message.role, content: message.content });
    }
  }
  return out;
}

type AnthropicImageType = Anthropic.Base64ImageSource['media_type'];
const ANTHROPIC_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] satisfies AnthropicImageType[];

function anthropicImageType(mediaType: string): AnthropicImageType {
  if (ANTHROPIC_IMAGE_TYPES.includes(mediaType)) return mediaType as AnthropicImageType;
  throw new ComponentRunError(`Anthropic accepts JPEG, PNG, GIF and WebP images, not ${mediaType}`);
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
