// Reads the credentials a request presents (SPEC §3), without judging them.
import type { FastifyRequest } from 'fastify';
import type { PresentedCredentials } from '../services/auth/authenticate.js';
import { isCrossOrigin } from './same-origin.js';

export const ACCESS_COOKIE = 'access_token_lf';
export const REFRESH_COOKIE = 'refresh_token_lf';
export const API_KEY_COOKIE = 'apikey_tkn_lflw';

export function presentedCredentials(request: FastifyRequest): PresentedCredentials {
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const apiKeyHeader = headerValue(request.headers['x-api-key']);
  const apiKeyQuery = (request.query as Record<string, unknown> | undefined)?.['x-api-key'];
  const presented = {
    bearer: bearer || undefined,
    cookie: request.cookies?.[ACCESS_COOKIE] || undefined,
    apiKeyHeader: apiKeyHeader || undefined,
    apiKeyQuery: typeof apiKeyQuery === 'string' && apiKeyQuery ? apiKeyQuery : undefined,
    fromLoopback: false,
  };
  // Only a request without credentials can be let in for being local: asked only then.
  if (!presented.bearer && !presented.cookie && !presented.apiKeyHeader && !presented.apiKeyQuery) presented.fromLoopback = isLocalCaller(request);
  return presented;
}

// SKIP_AUTH_AUTO_LOGIN trusts a local caller only: the client address (request.ip, which follows
// X-Forwarded-For from a trusted proxy) and the peer are loopback, nothing was forwarded, and no
// browser says the request comes from another site (a page the operator visits is not them).
export function isLocalCaller(request: FastifyRequest): boolean {
  const h = request.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  return isLoopback(request.socket.remoteAddress) && isLoopback(request.ip) && !isCrossOrigin(request);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
