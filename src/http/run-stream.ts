// Langflow's `/run?stream=true` body: each event is a raw JSON object `{"event", "data"}` followed
// by a blank line, with NO `data:` prefix (the official client's parser keeps only lines that
// start with `{`). Events: `add_message`, `token`, then `end` with the run response, or `error`
// with `{error: message}` when the run fails after the stream began (as Langflow does).
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../services/deps.js';
import { AppError } from '../services/errors.js';
import { isDatabaseUnavailable } from '../storage/db-errors.js';
import { DATABASE_UNAVAILABLE } from './error-handler.js';
import { runOwnedFlow, type RunRequest } from '../services/flows/runs.js';
import type { FlowRecord } from '../storage/repositories/flows.js';
import type { UserRecord } from '../storage/repositories/users.js';

export function encodeEvent(event: string, data: unknown): string {
  return `${JSON.stringify({ event, data })}\n\n`;
}

/** Starts the run and returns the event stream to send; the run stops if the client goes away. */
export function streamRun(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
  flow: FlowRecord,
  body: RunRequest,
): PassThrough {
  const stream = new PassThrough();
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('The client closed the stream'));
  });
  // The server is going away and its grace period is nearly over: stop the run and say so in
  // the stream, so the client sees an event rather than a cut connection.
  const shuttingDown = request.server.shutdownState.streamsMustEnd;
  const onShutdown = () => {
    write('error', { error: 'The server is shutting down; run the flow again' });
    stream.end();
    controller.abort(new Error('The server is shutting down'));
  };
  if (shuttingDown.aborted) onShutdown();
  else shuttingDown.addEventListener('abort', onShutdown, { once: true });
  stream.on('close', () => shuttingDown.removeEventListener('abort', onShutdown));
  const write = (event: string, data: unknown) => {
    if (!stream.writableEnded) stream.write(encodeEvent(event, data));
  };
  void (async () => {
    try {
      const result = await runOwnedFlow(deps, user, flow, body, { headers: request.headers, stream: write, signal: controller.signal });
      write('end', { result });
    } catch (error) {
      if (controller.signal.aborted) return;
      write('error', errorData(request, error));
    } finally {
      stream.end();
    }
  })();
  return stream;
}

function errorData(request: FastifyRequest, error: unknown): Record<string, unknown> {
  // Build errors, missing variables (400) and the time limit (504) carry value-free messages.
  if (error instanceof AppError && error.status !== 500 && typeof error.detail === 'string') return { error: error.detail };
  if (isDatabaseUnavailable(error)) return { error: DATABASE_UNAVAILABLE };
  // D19: the details go to the log, the client gets a request id to quote.
  request.log.error({ err: error, reqId: request.id }, 'run failed while streaming');
  return { error: 'Internal Server Error', request_id: request.id };
}
