// `flowgate run`: start the server.
import { bootstrap } from '../services/bootstrap.js';
import { StartupError } from '../services/startup-errors.js';
import { logStartup, startServer } from '../http/server.js';
import { appLogOf, createLogger } from '../http/logger.js';
import { bufferedDestination } from '../http/log-destination.js';
import { assertPortFree, portInUseMessage } from '../http/port-check.js';
import { CliUsageError, ENV_FILE_OPTION, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

export const runSpec: CommandSpec = {
  name: 'run',
  summary: 'start the server (Langflow API and web UI, http://127.0.0.1:7860 by default)',
  options: [
    { flag: '--host', value: 'HOST', help: 'address to listen on (LANGFLOW_HOST, default 127.0.0.1)' },
    { flag: '--port', value: 'PORT', help: 'port to listen on (LANGFLOW_PORT, default 7860)' },
    ENV_FILE_OPTION,
    { flag: '--backend-only', help: 'serve the API only, not the web UI' },
    { flag: '--log-level', value: 'LEVEL', help: 'fatal, error, warn, info or debug (LANGFLOW_LOG_LEVEL, default info)' },
  ],
  run: runCommand,
};

export async function runCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
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
  // Before anything is written: a busy port must not leave a generated key or a database behind.
  await assertPortFree(config.host, config.port);
  // One logger for the application's events and the requests: readable on a terminal, JSON lines otherwise.
  const pretty = Boolean(io.stdout.isTTY);
  const logger = createLogger({ level: config.logLevel, pretty, file: config.logFile, stream: pretty ? undefined : bufferedDestination(io.stdout) });
  const log = appLogOf(logger);
  const deps = await bootstrap(config, { log, envFile: values['env-file'] });
  let server;
  try {
    server = await startServer(deps, { logger });
  } catch (error) {
    await deps.storage.close();
    // Taken between the check and now: still one line.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new StartupError(portInUseMessage(config.host, config.port));
    throw error;
  }
  const running = server;
  logStartup(deps, running.url);
  // Where to connect is said even when the log level hides info lines.
  if (!['info', 'debug', 'trace'].includes(config.logLevel)) printLine(io, `Flowgate is running at ${running.url}`);
  const signal = await io.stopRequested();
  const notice = `${signal} received: finishing in-flight requests, then stopping.`;
  log.info(notice);
  // Said even when the log level hides info lines, like the address above.
  if (!['info', 'debug', 'trace'].includes(config.logLevel)) printLine(io, notice);
  try {
    await running.close();
  } catch (error) {
    log.error(error, 'Error while stopping');
  }
  // Everything is answered or cut and the database closed (or given up on); main.ts exits now.
  return 0;
}
