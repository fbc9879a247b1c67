// The MCP SDK writes its own responses on the raw Node objects: Fastify stands aside, and the
// headers its onSend hook would add are set here.
import type { FastifyReply, FastifyRequest } from 'fastify';

export function hijackForMcp(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const raw = reply.raw;
  raw.setHeader('X-Request-Id', request.id);
  raw.setHeader('X-Content-Type-Options', 'nosniff');
  raw.setHeader('Cache-Control', 'no-store');
  // CORS headers set by the onRequest hook are on the reply, not yet on the raw response.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && name.toLowerCase().startsWith('access-control-')) raw.setHeader(name, value as string);
  }
}

/** The origin the client used (request.protocol and request.host follow trusted proxies only). */
export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
