// CORS (D17): with `*` any origin may read, but never with credentials; credentials are
// allowed only for origins listed in LANGFLOW_CORS_ORIGINS.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config-types.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, x-api-key, If-Match, X-Requested-With';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

export function installCors(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin) return;
    if (config.corsOrigins === '*') {
      reply.header('Access-Control-Allow-Origin', '*');
    } else if (config.corsOrigins.includes(origin)) {
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Vary', 'Origin');
      if (config.corsAllowCredentials) reply.header('Access-Control-Allow-Credentials', 'true');
    } else {
      return;
    }
    reply.header('Access-Control-Expose-Headers', 'ETag, Retry-After, X-Request-Id');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      reply.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      reply.header('Access-Control-Max-Age', '600');
      return reply.status(204).send();
    }
  });
}
