// Graceful shutdown under load. Node's server.close() stops accepting and closes idle keep-alive
// connections, but a client that keeps sending on an open connection would be served forever.
// So, once closing: every response says `Connection: close` (its socket ends after it), sockets
// that fall idle are closed, streamed runs are told to stop a second before the grace period
// ends (they end with an `error` event, not a cut connection), and at its end whatever is left
// is cut.
import type { FastifyInstance } from 'fastify';
import type { InFlight } from './in-flight.js';

/** What the app's hooks and streams read to know the server is going away. */
export interface ShutdownState {
  /** True from the first signal on: responses carry `Connection: close`. */
  closing: boolean;
  /** Aborted when streams must end (one second before the grace period does). */
  streamsMustEnd: AbortSignal;
}

export interface Shutdown {
  state: ShutdownState;
  /** Resolves once the listener is closed and no request is being served (or the grace ran out). */
  drain(graceMs: number): Promise<{ cut: number }>;
}

/** How long before the end of the grace period streams are asked to end. */
const STREAM_END_LEAD_MS = 1000;
const IDLE_SWEEP_MS = 100;

export function createShutdown(): Shutdown & { install(app: FastifyInstance, inFlight: InFlight): void } {
  const streamsEnd = new AbortController();
  const state: ShutdownState = { closing: false, streamsMustEnd: streamsEnd.signal };
  let app: FastifyInstance | undefined;
  let inFlight: InFlight | undefined;
  return {
    state,
    install(target, tracker) {
      // Responses say `Connection: close` once `state.closing` (app.ts's onSend hook reads it).
      app = target;
      inFlight = tracker;
    },
    async drain(graceMs) {
      if (!app || !inFlight) throw new Error('shutdown used before install');
      const server = app.server;
      state.closing = true;
      server.close();
      server.closeIdleConnections();
      // A stream whose headers went out before the signal keeps its keep-alive socket: close
      // such sockets as soon as they fall idle.
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      const endStreams = setTimeout(() => streamsEnd.abort(), Math.max(0, graceMs - STREAM_END_LEAD_MS));
      let cut = 0;
      let expire: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => {
        expire = setTimeout(() => {
          cut = inFlight!.count();
          server.closeAllConnections();
          resolve();
        }, graceMs);
      });
      try {
        await Promise.race([inFlight.drained(), expired]);
      } finally {
        clearInterval(sweep);
        clearTimeout(endStreams);
        clearTimeout(expire);
      }
      server.closeAllConnections();
      return { cut };
    },
  };
}
