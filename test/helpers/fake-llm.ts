// A fake model provider: a real HTTP server on 127.0.0.1 speaking OpenAI's chat completions
// (`POST /v1/chat/completions`, whole or streamed as SSE) and Anthropic's messages
// (`POST /v1/messages`, whole or streamed). Replies are scripted (a queue; when it is empty
// the answer echoes the last user message); every request is recorded with its headers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  /** The answer's text; streamed as `chunks` when given, else in one piece. */
  text?: string;
  chunks?: string[];
  toolCalls?: { id: string; name: string; arguments: string }[];
  /** Answer with this HTTP error status and body instead. */
  status?: number;
  errorBody?: unknown;
  /** Streamed: send the first chunk, then hold the stream open until the client goes away.
   *  Not streamed: send nothing until the client goes away. */
  hang?: boolean;
  /** Streamed: send the first chunk, then the rest only once this settles (a provider mid-answer). */
  gate?: Promise<void>;
}

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeLlm {
  /** `http://127.0.0.1:<port>/v1` for OpenAI; `http://127.0.0.1:<port>` for Anthropic. */
  openaiUrl: string;
  anthropicUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** Queues replies, answered in order. */
  script(...replies: ScriptedReply[]): void;
  /** Resolves when a hanging stream's client has gone away. */
  closedStreams: number;
  waitForClosedStream(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const closeWaiters: (() => void)[] = [];
  const state = { closed: 0 };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '').split('?')[0]!;
      requests.push({ path, headers: req.headers, body });
      const reply = queue.shift() ?? { text: `echo: ${lastUserText(body)}` };
      const onGone = () => {
        state.closed += 1;
        closeWaiters.splice(0).forEach((resolve) => resolve());
      };
      if (reply.hang && !body?.stream) {
        // A provider that never answers: hold the request until the client goes away.
        res.on('close', onGone);
      } else if (reply.status) {
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.errorBody ?? { error: { message: `scripted error ${reply.status}`, type: 'error' } }));
      } else if (path.endsWith('/chat/completions')) {
        openai(res, body, reply, onGone);
      } else if (path.endsWith('/messages')) {
        anthropic(res, body, reply, onGone);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    openaiUrl: `${origin}/v1`,
    anthropicUrl: origin,
    requests,
    script: (...replies) => queue.push(...replies),
    get closedStreams() {
      return state.closed;
    },
    waitForClosedStream: () => new Promise<void>((resolve) => closeWaiters.push(resolve)),
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const user = [...messages].reverse().find((m) => m.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  return (user.content as any[]).map((b) => b.text ?? b.content ?? '').join('');
}

function chunksOf(reply: ScriptedReply): string[] {
  return reply.chunks ?? (reply.text ? [reply.text] : []);
}

function openai(res: http.ServerResponse, body: any, reply: ScriptedReply, onGone: () => void): void {
  const model = body?.model ?? 'fake';
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  if (!body?.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: toolCalls.length ? (reply.text ?? null) : chunksOf(reply).join(''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
            finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (delta: unknown, finish: string | null = null) =>
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  const chunks = chunksOf(reply);
  if (reply.hang) {
    send({ role: 'assistant', content: chunks[0] ?? '' });
    res.on('close', onGone);
    return;
  }
  send({ role: 'assistant', content: '' });
  const finish = (rest: string[]) => {
    for (const chunk of rest) send({ content: chunk });
    toolCalls.forEach((call, index) => send({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] }));
    send({}, toolCalls.length ? 'tool_calls' : 'stop');
    res.end('data: [DONE]\n\n');
  };
  if (reply.gate && chunks.length > 0) {
    send({ content: chunks[0] });
    void reply.gate.then(() => finish(chunks.slice(1)));
    return;
  }
  finish(chunks);
}

function anthropic(res: http.ServerResponse, body: any, reply: ScriptedReply, onGone: () => void): void {
  const model = body?.model ?? 'fake';
  const content: any[] = [];
  const text = chunksOf(reply).join('');
  if (text) content.push({ type: 'text', text });
  for (const call of reply.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) });
  const message = { id: 'msg_fake', type: 'message', role: 'assistant', model, content, stop_reason: reply.toolCalls?.length ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
  if (!body?.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(message));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...(data as object) })}\n\n`);
  send('message_start', { message: { ...message, content: [], stop_reason: null } });
  let index = 0;
  const chunks = chunksOf(reply);
  if (chunks.length) {
    send('content_block_start', { index, content_block: { type: 'text', text: '' } });
    if (reply.hang) {
      send('content_block_delta', { index, delta: { type: 'text_delta', text: chunks[0] } });
      res.on('close', onGone);
      return;
    }
    for (const chunk of chunks) send('content_block_delta', { index, delta: { type: 'text_delta', text: chunk } });
    send('content_block_stop', { index });
    index += 1;
  }
  for (const call of reply.toolCalls ?? []) {
    send('content_block_start', { index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
    send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: call.arguments } });
    send('content_block_stop', { index });
    index += 1;
  }
  send('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: 1 } });
  send('message_stop', {});
  res.end();
}
