// The only place errors become responses (SPEC §3): `{"detail": …}`, FastAPI's 422 shape, and
// a generic 500 with a request id whose details go to the log only (D19).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../services/errors.js';
import { isDatabaseUnavailable } from '../storage/db-errors.js';
import { toFastApiErrors } from './fastapi-validation.js';

export const DATABASE_UNAVAILABLE = 'The database is unavailable; try again shortly';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    try {
      return handle(error, request, reply);
    } catch (failure) {
      // A failure while answering a failure still gets the generic body, never its text (D19).
      request.log.error({ err: failure, reqId: request.id }, 'error handler failed');
      return reply.status(500).send({ detail: 'Internal Server Error', request_id: request.id });
    }
  });
}

function handle(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  {
    const known = error instanceof AppError ? error : mapFastifyError(error, request);
    if (known) {
      reply.headers(known.headers);
      if (known.status === 401 && !known.headers['WWW-Authenticate'] && known.detail === 'Could not validate credentials') {
        reply.header('WWW-Authenticate', 'Bearer');
      }
      return reply.status(known.status).send({ detail: known.detail });
    }
    if (isDatabaseUnavailable(error)) {
      // Not a bug: the database is away (restart, failover). Say so; the next request retries.
      request.log.warn({ reqId: request.id, code: (error as { code?: string }).code }, 'database unavailable');
      return reply.status(503).header('Retry-After', '5').send({ detail: DATABASE_UNAVAILABLE });
    }
    request.log.error({ err: error, reqId: request.id }, 'unhandled error');
    return reply.status(500).send({ detail: 'Internal Server Error', request_id: request.id });
  }
}

function mapFastifyError(error: FastifyError, request: FastifyRequest): AppError | undefined {
  if (error.validation) {
    const context = error.validationContext ?? 'body';
    const input = context === 'body' ? request.body : context === 'querystring' ? request.query : context === 'params' ? request.params : request.headers;
    return new AppError(422, toFastApiErrors(error.validation, context, input));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new AppError(413, 'Request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'Unsupported media type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(422, [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(400, 'The request is not multipart/form-data');
  }
  if (error instanceof SyntaxError || (error as any).type === 'entity.parse.failed') {
    return new AppError(422, [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]);
  }
  const status = error.statusCode;
  if (status && status >= 400 && status < 500) return new AppError(status, safeClientMessage(status));
  return undefined;
}

function safeClientMessage(status: number): string {
  // Framework messages may echo input; answer with the status's own words.
  const words: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout', 413: 'Request body is too large', 414: 'URI Too Long', 415: 'Unsupported media type', 431: 'Request Header Fields Too Large' };
  return words[status] ?? 'Bad Request';
}
