// OpenAI's chat completions through the official SDK; also every OpenAI-compatible server
// (vLLM, llama.cpp, LM Studio, Groq, Ollama's /v1). Streaming reads the SSE chunks as they
// come: text deltas go to onToken one by one, tool-call deltas are put together by index.
import type OpenAI from 'openai';
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatModel, ChatRequest, ChatResult, ToolCall } from './chat-types.js';
import { fromSdkError, type KeyOrigin } from './provider-errors.js';

export interface OpenAIChatOptions {
  provider: string;
  model: string;
  apiKey: string;
  keyOrigin: KeyOrigin | undefined;
  baseURL: string;
  /** The fetch to send with (a guarded one for addresses written in a flow). */
  fetch?: typeof fetch;
  supportsJsonSchema: boolean;
}

/** The SDK, loaded on the first OpenAI-compatible call (it costs ~65 ms of start-up otherwise). */
const loadOpenAI = async () => (await import('openai')).default;

export function openAIChatModel(options: OpenAIChatOptions): ChatModel {
  return {
    provider: options.provider,
    model: options.model,
    supportsJsonSchema: options.supportsJsonSchema,
    async chat(request, signal) {
      const OpenAIClient = await loadOpenAI();
      // Every option the SDK would otherwise read from the environment is given explicitly.
      const client = new OpenAIClient({
        apiKey: options.apiKey,
        baseURL: options.baseURL,
        organization: null,
        project: null,
        webhookSecret: null,
        maxRetries: 0,
        logLevel: 'off',
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      try {
        return request.onToken ? await streamed(client, options.model, request, signal) : await whole(client, options.model, request, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw fromSdkError(options.provider, options.keyOrigin, error);
      }
    },
  };
}

function params(model: string, request: ChatRequest): ChatCompletionCreateParams {
  const body: ChatCompletionCreateParams = { model, messages: request.messages.map(toWire) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    if (request.toolChoice && request.toolChoice !== 'auto') {
      body.tool_choice = { type: 'function', function: { name: request.toolChoice.name } };
    }
  }
  if (request.jsonSchema) {
    body.response_format = { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false } };
  }
  return body;
}

async function whole(client: OpenAI, model: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResult> {
  const completion = await client.chat.completions.create({ ...params(model, request), stream: false }, { signal });
  const message = completion.choices[0]?.message;
  const toolCalls: ToolCall[] = [];
  for (const call of message?.tool_calls ?? []) {
    if (call.type === 'function') toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return { text: message?.content ?? '', toolCalls };
}

async function streamed(client: OpenAI, model: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResult> {
  const stream = await client.chat.completions.create({ ...params(model, request), stream: true }, { signal });
  let text = '';
  const calls: ToolCall[] = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (!delta) continue;
    if (typeof delta.content === 'string' && delta.content !== '') {
      text += delta.content;
      request.onToken!(delta.content);
    }
    for (const part of delta.tool_calls ?? []) {
      const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
      if (part.id) call.id = part.id;
      if (part.function?.name) call.name += part.function.name;
      if (part.function?.arguments) call.arguments += part.function.arguments;
    }
  }
  return { text, toolCalls: calls.filter(Boolean) };
}

function toWire(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      if (!message.images?.length) return { role: 'user', content: message.content };
      // Langflow's content parts: the text, then each image as a data URL.
      return {
        role: 'user',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.images.map((image) => ({ type: 'image_url' as const, image_url: { url: `data:${image.mediaType};base64,${image.base64}` } })),
        ],
      };
    case 'assistant':
      return message.toolCalls?.length
        ? {
            role: 'assistant',
            content: message.content || null,
            tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
          }
        : { role: 'assistant', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}
