// The one chat interface every provider is adapted to. Components (LanguageModel, Agent,
// StructuredOutput) speak this; openai-chat.ts and anthropic-chat.ts speak the wire formats.

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them: a JSON text. */
  arguments: string;
}

/** An image sent with a user message (a Chat Input's attached file), as base64 bytes. */
export interface ChatImage {
  /** `image/png`, `image/jpeg`, `image/gif`, `image/webp`, `image/bmp`: from the bytes, not the name. */
  mediaType: string;
  base64: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; images?: ChatImage[] }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string; name: string };

export interface ToolSpec {
  name: string;
  description: string;
  /** A JSON schema of an object. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** Force one tool (structured output), or let the model choose. */
  toolChoice?: { name: string } | 'auto';
  /** Ask for JSON matching this schema (OpenAI's response_format). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  temperature?: number;
  maxTokens?: number;
  /** Stream: called with each text chunk, in order, as the provider sends it. */
  onToken?: (chunk: string) => void;
}

export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
}

export interface ChatModel {
  /** `OpenAI`, `Anthropic`, `Ollama`: how errors name it. */
  readonly provider: string;
  readonly model: string;
  /** Whether the model can be asked for a JSON schema directly (else structured output forces a tool). */
  readonly supportsJsonSchema: boolean;
  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResult>;
}
