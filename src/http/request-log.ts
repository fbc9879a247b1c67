// One structured line per request, written when the response has been sent: method, URL
// (credentials redacted), status, time taken, client address, request id. The web app's static
// files are logged only at debug level; an error answer from that route is logged like any other.
// It replaces Fastify's own two lines ("incoming request", "request completed") through its
// LogController, so it costs no hook.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { redactUrl } from './log-redaction.js';

/** The static UI's catch-all route (static-ui.ts). */
const STATIC_ROUTE = '/*';

export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // API URLs never reach the static route: routeOptions (an object built on each read) is
    // asked only for the others.
    const level = error ? 'error' : reply.statusCode < 400 && !request.url.startsWith('/api/') && request.routeOptions.url === STATIC_ROUTE ? 'debug' : 'info';
    // A debug line is not even built at info level.
    if (level === 'debug' && !(request.log as { isLevelEnabled?(level: string): boolean }).isLevelEnabled?.('debug')) return;
    const url = redactUrl(request.url);
    request.log[level](
      { method: request.method, url, statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime), remoteAddress: request.ip, ...(error ? { err: error } : {}) },
      `${request.method} ${url} ${reply.statusCode}`,
    );
  }
}
