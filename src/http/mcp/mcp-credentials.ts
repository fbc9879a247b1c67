// The credentials of an MCP request, and whether it may go without any (SPEC D3): only a
// client on this machine, talking to a loopback name, not forwarded by a proxy, and not a web
// page of another origin (DNS rebinding, cross-site fetches).
import type { FastifyRequest } from 'fastify';
import type { McpCredentials } from '../../services/mcp/auth.js';
import { isLoopback, presentedCredentials } from '../credentials.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function mcpCredentials(request: FastifyRequest): McpCredentials {
  const presented = presentedCredentials(request);
  return { ...presented, anonymousAllowed: presented.fromLoopback && localOnly(request) };
}

function localOnly(request: FastifyRequest): boolean {
  const { headers } = request;
  if (headers['x-forwarded-for'] || headers.forwarded || headers['x-real-ip']) return false;
  if (!isLoopbackHost(headers.host)) return false;
  if (headers['sec-fetch-site'] === 'cross-site' || headers['sec-fetch-site'] === 'same-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return isLoopbackHost(new URL(origin).host);
  } catch {
    return false;
  }
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return LOOPBACK_NAMES.has(name.toLowerCase()) || isLoopback(name);
}
