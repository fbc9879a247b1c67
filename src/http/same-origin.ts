// CSRF defence for cookie-authenticated writes (D7) and for the routes that hand out a session
// (login, sign-up, auto-login): a browser always sends Origin or Sec-Fetch-Site on cross-site
// requests; non-browser clients send neither and are allowed. Origins are compared on scheme,
// host and port.
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, Messages } from '../services/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a cross-origin browser write (safe methods pass). */
export function assertSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  assertNotCrossOrigin(request);
}

/** Refuses a cross-origin browser request whatever its method. */
export function assertNotCrossOrigin(request: FastifyRequest): void {
  if (isCrossOrigin(request)) throw new ForbiddenError(Messages.crossOrigin);
}

/** True when a browser says this request comes from another origin. */
export function isCrossOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  return origin === 'null' || !sameOrigin(origin, request);
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
  // One tolerated mismatch: an https page in front of a server that sees plain http on the
  // default port (a TLS-terminating proxy passing Host through without X-Forwarded-Proto). With
  // an explicit port in Host the scheme must match: one port cannot serve both schemes.
  const socketScheme = (request.raw.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return url.protocol === 'https:' && request.protocol === 'http' && socketScheme === 'http' && !/:\d+$/.test(request.host);
}
