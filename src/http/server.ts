// Listens, says where, and shuts down gracefully: stop accepting, finish in-flight requests,
// close the database.
import type { AppDeps } from '../services/deps.js';
import { buildApp, type App, type BuildAppOptions } from './app.js';
import { trackInFlight, type InFlight } from './in-flight.js';
import { createShutdown } from './shutdown.js';
import { HOUSEKEEPING_INTERVAL_MS, pruneExpiredRows } from '../services/housekeeping.js';
import { API_KEY_USAGE_FLUSH_MS } from '../services/api-keys/api-key-usage.js';

const STORAGE_CLOSE_WAIT_MS = 2000;

export interface RunningServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

export async function startServer(deps: AppDeps, options: BuildAppOptions & { port?: number; host?: string } = {}): Promise<RunningServer> {
  const shutdown = createShutdown();
  let inFlight: InFlight | undefined;
  const app = await buildApp(deps, {
    ...options,
    shutdown: shutdown.state,
    serverHooks: (target) => {
      inFlight = trackInFlight(target);
      shutdown.install(target, inFlight);
    },
  });
  if (!inFlight) throw new Error('buildApp did not add the server hooks');
  const host = options.host ?? deps.config.host;
  await app.listen({ host, port: options.port ?? deps.config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const housekeeping = setInterval(() => {
    pruneExpiredRows(deps).catch((error) => deps.log.error(error, 'housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  const flushUsage = () => deps.apiKeyUsage.flush(deps.storage.db).catch((error) => deps.log.error(error, 'writing API key usage failed'));
  const usage = setInterval(flushUsage, API_KEY_USAGE_FLUSH_MS);
  usage.unref();
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Node's own close stops accepting and lets requests in flight finish (Fastify's close
      // would also stall requests whose body is still arriving); then Fastify's hooks run.
      clearInterval(housekeeping);
      clearInterval(usage);
      const drain = shutdown.drain(deps.config.shutdownGraceSeconds * 1000);
      // MCP SSE streams stay open until told: let their running tool calls answer, then end them
      // (within the same grace period).
      await Promise.race([app.mcpSseSessions.closeAll(), drain]);
      const { cut } = await drain;
      if (cut > 0) deps.log.warn(`${cut} request(s) still running after LANGFLOW_SHUTDOWN_GRACE_SECONDS (${deps.config.shutdownGraceSeconds} s) were cut.`);
      await app.close();
      // total_uses is exact after a clean shutdown: the last uses are written before closing.
      // A query cut off above may still wait on a database that does not answer: closing the
      // pool waits for it, so both waits are bounded too (the process exits regardless).
      const closed = (async () => {
        await flushUsage();
        await deps.storage.close();
      })();
      closed.catch((error) => deps.log.error(error, 'closing the database failed'));
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, STORAGE_CLOSE_WAIT_MS).unref())]);
    })();
    return closing;
  };
  return { app, url, close };
}

/** What `run` logs once it listens: one line, with the details as fields. */
export function logStartup(deps: AppDeps, url: string): void {
  const { config } = deps;
  deps.log.info(`Flowgate is running at ${url} (${config.autoLogin ? 'auto-login' : 'login required'})`, {
    mode: config.autoLogin ? 'auto-login (everyone is the superuser `langflow`)' : 'login required',
    configDir: config.configDir,
    database: deps.storage.description,
  });
}
