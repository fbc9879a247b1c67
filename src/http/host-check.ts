// DNS-rebinding defence: a request whose Host is not a name this server serves is refused on
// every route, before anything else runs. Loopback names and IP literals are always served (a
// rebinding attack needs a DNS name of its own); other names must be in LANGFLOW_ALLOWED_HOSTS.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config-types.js';

export function installHostCheck(app: FastifyInstance, config: Config): void {
  if (config.allowedHosts === '*') return;
  const allowed = config.allowedHosts;
  // A callback hook (no promise per request); the last Host seen is remembered, as clients
  // send the same one on every request.
  let lastServed: string | undefined;
  app.addHook('onRequest', (request, reply, done) => {
    const host = request.host;
    if (host === lastServed && host !== undefined) return done();
    const name = hostName(host);
    if (name !== undefined && isServedName(name, allowed)) {
      lastServed = host;
      return done();
    }
    reply.status(421).send({ detail: 'Invalid host header' });
  });
}

/** The name part of a Host header, lower-case, without port or IPv6 brackets. */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(host.trim());
  if (!match) return undefined;
  return (match[1] ?? match[2]).toLowerCase().replace(/\.$/, '');
}

function isServedName(name: string, allowed: readonly string[]): boolean {
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((entry) => (entry.startsWith('.') ? name.endsWith(entry) || name === entry.slice(1) : name === entry.replace(/\.$/, '')));
}
