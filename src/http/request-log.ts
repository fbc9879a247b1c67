// One structured line per request, written when the response has been sent: method, URL
// (credentials redacted), status, time taken, client address, request id. The web app's static
// files are logged only at debug level; an error answer from that route is logged like any other.
// It replaces Fastify's own two lines ("incoming request", "request completed") through its
// LogController, so it costs no hook.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type Logger } from 'pino';
import { redactUrl } from './log-redaction.js';
import { isoTimeOncePerMs } from './logger.js';

/** The static UI's catch-all route (static-ui.ts). */
const STATIC_ROUTE = '/*';
const INFO = 30;

export class OneLineRequestLog extends LogController {
  readonly #logger: Logger;
  readonly #destination: { write(line: string): unknown };
  readonly #time = isoTimeOncePerMs();

  /** `logger`: the server's pino logger (the request lines go to its destination). */
  constructor(logger: Logger) {
    super();
    this.#logger = logger;
    this.#destination = (logger as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // API URLs never reach the static route: routeOptions (an object built on each read) is
    // asked only for the others.
    const level = error ? 'error' : reply.statusCode < 400 && !request.url.startsWith('/api/') && request.routeOptions.url === STATIC_ROUTE ? 'debug' : 'info';
    // A debug line is not even built at info level.
    if (level === 'debug' && !this.#logger.isLevelEnabled('debug')) return;
    const url = redactUrl(request.url);
    const msg = `${request.method} ${url} ${reply.statusCode}`;
    const responseTime = Math.round(reply.elapsedTime);
    if (level === 'info') {
      if (!this.#logger.isLevelEnabled('info')) return;
      // The line pino would write (same fields, same order), built by hand: through pino it cost
      // a tenth of a whoami request's CPU (issue 12). Only method, URL and address need escaping.
      const ip = request.ip;
      this.#destination.write(
        `{"level":${INFO}${this.#time()},"reqId":${JSON.stringify(request.id)},"method":${JSON.stringify(request.method)},"url":${JSON.stringify(url)},"statusCode":${reply.statusCode},"responseTime":${Number.isFinite(responseTime) ? responseTime : null}${ip === undefined ? '' : `,"remoteAddress":${JSON.stringify(ip)}`},"msg":${JSON.stringify(msg)}}\n`,
      );
      return;
    }
    request.log[level]({ method: request.method, url, statusCode: reply.statusCode, responseTime, remoteAddress: request.ip, ...(error ? { err: error } : {}) }, msg);
  }
}
