// Starts a real Flowgate server on 127.0.0.1, port 0, in this process, on a fresh database
// and config dir. Its request log is captured so tests can check what it never contains.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config/parse-config.js';
import { bootstrap } from '../../src/services/bootstrap.js';
import type { AppDeps, Clock } from '../../src/services/deps.js';
import { startServer } from '../../src/http/server.js';
import { appLogOf, createLogger } from '../../src/http/logger.js';
import type { DatabaseKind, TestDatabase } from './databases.js';

export const TEST_SECRET_KEY = 'flowgate-tests-secret-key-0123456789abcdef';

export interface TestServer {
  url: string;
  deps: AppDeps;
  database: TestDatabase;
  configDir: string;
  /** Everything the server logged (request log and service log), one entry per line. */
  logs: string[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a database (and config dir) of an earlier server instead of a fresh one. */
  database?: TestDatabase;
  configDir?: string;
  webRoot?: string;
  /** A fixed port (a restart behind a proxy that knows it); 0, any free port, by default. */
  port?: number;
}

export async function startTestServer(kind: DatabaseKind, options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.database ?? (await kind.create());
  const configDir = options.configDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-config-'));
  const logs: string[] = [];
  const config = parseConfig({
    LANGFLOW_CONFIG_DIR: configDir,
    LANGFLOW_DATABASE_URL: database.url,
    LANGFLOW_SECRET_KEY: TEST_SECRET_KEY,
    LANGFLOW_LOG_LEVEL: 'info',
    ...options.env,
  });
  // The server's own logger (as `run` makes it), writing JSON lines into `logs`.
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: config.logLevel, stream: logStream });
  const deps = await bootstrap(config, { clock: options.clock, log: appLogOf(logger) });
  const server = await startServer(deps, { host: '127.0.0.1', port: options.port ?? 0, logger, webRoot: options.webRoot });
  return {
    url: server.url,
    deps,
    database,
    configDir,
    logs,
    async close() {
      await server.close();
      if (!options.database) await database.drop();
      if (!options.configDir) fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}
