// The credentials of an MCP request, and whether it may go without any (SPEC D3): only a
// direct local caller (credentials.ts: loopback peer, nothing forwarded, no other site's page)
// that also names this machine by a loopback name: a name in LANGFLOW_ALLOWED_HOSTS or a LAN
// address reaching a loopback proxy is someone else.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { McpCredentials } from '../../services/mcp/auth.js';
import { isLocalCaller, isLoopback, presentedCredentials } from '../credentials.js';
import { hostName } from '../host-check.js';

export function mcpCredentials(request: FastifyRequest): McpCredentials {
  const presented = presentedCredentials(request);
  return { ...presented, anonymousAllowed: isLocalCaller(request) && isLoopbackName(hostName(request.headers.host)) };
}

function isLoopbackName(name: string | undefined): boolean {
  if (!name) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return isIP(name) !== 0 && (isLoopback(name) || name === '::1');
}
