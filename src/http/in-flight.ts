// Counts the requests being served, so shutdown can wait for them before it closes the
// database. (Fastify's close() stops the listener but resolves before handlers finish.)
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface InFlight {
  /** Resolves once no request is being served. */
  drained(): Promise<void>;
  /** How many requests are being served now. */
  count(): number;
}

export function trackInFlight(app: FastifyInstance): InFlight {
  const active = new Set<FastifyRequest>();
  const waiters: (() => void)[] = [];
  // A request ends once, by its response or by the client going away, whichever comes first.
  const finish = (request: FastifyRequest) => {
    if (active.delete(request) && active.size === 0) for (const wake of waiters.splice(0)) wake();
  };
  // Callback hooks, not async ones: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    active.add(request);
    // A streamed response whose client left mid-stream gets neither onResponse ('finish' never
    // comes) nor onRequestAbort (the request itself was complete): its socket's close ends it.
    reply.raw.once('close', () => finish(request));
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    finish(request);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    finish(request);
    done();
  });
  return {
    count: () => active.size,
    drained: () => (active.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
