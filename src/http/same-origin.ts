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

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    const host = new URL(origin).host;
    return host === request.headers.host;
  } catch {
    return false;
  }
}
