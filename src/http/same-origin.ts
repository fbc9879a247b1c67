// CSRF defence for cookie-authenticated writes (D7): a browser always sends Origin or
// Sec-Fetch-Site on cross-site writes; non-browser clients send neither and are allowed.
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, Messages } from '../services/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function assertSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new ForbiddenError(Messages.crossOrigin);
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin === 'null' || !sameOrigin(origin, request)) throw new ForbiddenError(Messages.crossOrigin);
}

// Fastify's request.host and request.protocol read X-Forwarded-Host and X-Forwarded-Proto only
// when the connection comes from LANGFLOW_TRUSTED_PROXIES (its trustProxy); from anyone else they
// are the Host header and the socket's own scheme, so a client cannot forge its way past this.
function sameOrigin(origin: string, request: FastifyRequest): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.host !== request.host) return false;
  if (url.protocol === `${request.protocol}:`) return true;
  // The scheme is compared only when a trusted proxy said what it is; without that, a server
  // behind a TLS-terminating proxy sees http while the page is https, and the host decides.
  const socketScheme = (request.raw.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return request.protocol === socketScheme;
}
