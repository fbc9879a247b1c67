// `flowgate run`: start the server.
import { bootstrap, consoleLog } from '../services/bootstrap.js';
import { startServer, startupBanner } from '../http/server.js';
import { CliUsageError, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

export async function runCommand(args: string[], env: Environment): Promise<number> {
  const { values } = parseCommandArgs(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'backend-only': { type: 'boolean' },
    'log-level': { type: 'string' },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new CliUsageError(`--port ${values.port}: expected a whole number from 0 to 65535`);
  }
  const config = loadConfig(env, values['env-file'], {
    host: values.host,
    port,
    logLevel: values['log-level'],
    backendOnly: values['backend-only'],
  });
  const deps = await bootstrap(config, { log: consoleLog });
  const server = await startServer(deps);
  console.log(startupBanner(deps, server.url));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`${signal} received: finishing in-flight requests, then stopping.`);
      server.close().then(resolve, (error) => {
        console.error('Error while stopping:', error);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
