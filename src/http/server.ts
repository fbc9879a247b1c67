// Listens, says where, and shuts down gracefully: stop accepting, finish in-flight requests,
// close the database.
import type { AppDeps } from '../services/deps.js';
import { buildApp, type App, type BuildAppOptions } from './app.js';
import { trackInFlight } from './in-flight.js';
import { HOUSEKEEPING_INTERVAL_MS, pruneExpiredRows } from '../services/housekeeping.js';
import { API_KEY_USAGE_FLUSH_MS } from '../services/api-key-usage.js';

export interface RunningServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

export async function startServer(deps: AppDeps, options: BuildAppOptions & { port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = await buildApp(deps, options);
  const inFlight = trackInFlight(app);
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
      app.server.close();
      // MCP SSE streams stay open until told: let their running tool calls answer, then end them.
      await app.mcpSseSessions.closeAll();
      await inFlight.drained();
      await app.close();
      // total_uses is exact after a clean shutdown: the last uses are written before closing.
      await flushUsage();
      await deps.storage.close();
    })();
    return closing;
  };
  return { app, url, close };
}

export function startupBanner(deps: AppDeps, url: string): string {
  const { config } = deps;
  return [
    `Flowgate is running at ${url}`,
    `  mode:       ${config.autoLogin ? 'auto-login (everyone is the superuser `langflow`)' : 'login required'}`,
    `  config dir: ${config.configDir}`,
    `  database:   ${deps.storage.description}`,
  ].join('\n');
}
