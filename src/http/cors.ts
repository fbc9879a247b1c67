// CORS (D17): with `*` any origin may read, but never with credentials; credentials are
// allowed only for origins listed in LANGFLOW_CORS_ORIGINS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config-types.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, x-api-key, If-Match, X-Requested-With';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no CORS headers at all (the route hands out a session: same-origin only). */
    cors?: boolean;
  }
}

// The preflight (OPTIONS) of a route has no route of its own: these paths are matched by name.
const NO_CORS_PATHS = new Set(['/api/v1/auto_login']);

function routePath(url: string): string {
  return url.split('?')[0].replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
}

export function installCors(app: FastifyInstance, config: Config): void {
  // A callback hook: requests without Origin (API clients) cost one header read, no promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.headers.origin) return done();
    if (corsPreflight(request, reply)) return;
    done();
  });

  /** Sets the CORS headers; true when it answered a preflight itself. */
  function corsPreflight(request: FastifyRequest, reply: FastifyReply): boolean {
    const origin = request.headers.origin!;
    if (request.routeOptions.config?.cors === false || NO_CORS_PATHS.has(routePath(request.url))) return false;
    if (config.corsOrigins === '*') {
      reply.header('Access-Control-Allow-Origin', '*');
    } else if (config.corsOrigins.includes(origin)) {
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Vary', 'Origin');
      if (config.corsAllowCredentials) reply.header('Access-Control-Allow-Credentials', 'true');
    } else {
      return false;
    }
    reply.header('Access-Control-Expose-Headers', 'ETag, Retry-After, X-Request-Id');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      reply.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      reply.header('Access-Control-Max-Age', '600');
      reply.status(204).send();
      return true;
    }
    return false;
  }
}
