// Reads the credentials a request presents (SPEC §3), without judging them.
import type { FastifyRequest } from 'fastify';
import type { PresentedCredentials } from '../services/authenticate.js';

export const ACCESS_COOKIE = 'access_token_lf';
export const REFRESH_COOKIE = 'refresh_token_lf';
export const API_KEY_COOKIE = 'apikey_tkn_lflw';

export function presentedCredentials(request: FastifyRequest): PresentedCredentials {
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const apiKeyHeader = headerValue(request.headers['x-api-key']);
  const apiKeyQuery = (request.query as Record<string, unknown> | undefined)?.['x-api-key'];
  return {
    bearer: bearer || undefined,
    cookie: request.cookies?.[ACCESS_COOKIE] || undefined,
    apiKeyHeader: apiKeyHeader || undefined,
    apiKeyQuery: typeof apiKeyQuery === 'string' && apiKeyQuery ? apiKeyQuery : undefined,
    fromLoopback: isLoopback(request.socket.remoteAddress),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
