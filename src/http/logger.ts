// One logger for the server: the request lines (one per request) and the application events
// (start-up, warnings, audit events, failed runs) share it, with a level and a time on each line.
// JSON lines for machines; pino-pretty's readable lines when standard output is a terminal;
// LANGFLOW_LOG_FILE gets the JSON lines too. JSON to stdout and the file are written in batches
// (log-destination.ts, SonicBoom): flush() on close writes what is pending.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogLevel } from '../config/config-types.js';
import type { AppLog } from '../services/deps.js';
import { bufferedDestination } from './log-destination.js';

export interface LoggerOptions {
  level: LogLevel;
  /** Readable lines instead of JSON (when standard output is a terminal). */
  pretty?: boolean;
  /** LANGFLOW_LOG_FILE: JSON lines appended there as well. */
  file?: string;
  /** Instead of standard output (tests read the lines). */
  stream?: DestinationStream;
}

/** pino-pretty, loaded only for a terminal (servers and tests write JSON and never need it). */
const loadPretty = () => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export function createLogger(options: LoggerOptions): Logger {
  const main: DestinationStream =
    options.stream ??
    (options.pretty ? loadPretty()({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : bufferedDestination(process.stdout));
  let destination = main;
  if (options.file) {
    fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    destination = tee(main, pino.destination({ dest: options.file, append: true, sync: false }));
  }
  return pino({ level: options.level, timestamp: isoTimeOncePerMs(), base: undefined }, destination);
}

type Flushable = DestinationStream & { flush?(): void; flushSync?(): void };

/**
 * Every line to both destinations. Both take the logger's level, so pino's multistream (which
 * filters per stream) is not needed, and the request log can write its lines here directly.
 */
function tee(first: Flushable, second: Flushable): Flushable {
  const flushOne = (stream: Flushable) => {
    try {
      if (stream.flushSync) stream.flushSync();
      else stream.flush?.();
    } catch {
      // A log file that never opened has nothing to write; shutting down must go on.
    }
  };
  return {
    write(line: string) {
      first.write(line);
      second.write(line);
    },
    flushSync() {
      flushOne(first);
      flushOne(second);
    },
  };
}

/**
 * pino's isoTime, formatted once per millisecond instead of once per line: under load many lines
 * share a millisecond, and formatting the date was a third of a line's cost.
 */
export function isoTimeOncePerMs(): () => string {
  let lastMs = -1;
  let lastField = '';
  return () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastField = `,"time":"${new Date(ms).toISOString()}"`;
    }
    return lastField;
  };
}

/** The application events' side of the logger. */
export function appLogOf(logger: Logger): AppLog {
  return {
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (obj, msg) => logger.error(obj instanceof Error ? { err: obj } : { detail: obj }, msg ?? (obj instanceof Error ? obj.message : 'error')),
  };
}

/**
 * Writes out what the logger's destinations still hold (at shutdown): the batched stdout lines
 * and, with LANGFLOW_LOG_FILE, the file's buffer (pino's multistream only knows flushSync).
 */
export function flushLogger(logger: Logger): void {
  const stream = (logger as unknown as Record<symbol, { flush?(): void; flushSync?(): void }>)[pino.symbols.streamSym];
  try {
    if (stream.flushSync) stream.flushSync();
    else stream.flush?.();
  } catch {
    // A log file that never opened has nothing to write; shutting down must go on.
  }
}
