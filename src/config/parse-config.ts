// Turns the environment (process env overlaid with --env-file) and the CLI flags into one
// frozen Config. This is the only place that interprets LANGFLOW_* variables (the ones that
// decide who gets in through auth-settings.ts); every bad value is collected and reported
// together in one ConfigError.

import { isIP } from 'node:net';
import os from 'node:os';
import type { Config, LogLevel } from './config-types.js';
import { readApiKeys, readCookies, readTokens, readUsers } from './auth-settings.js';
import { ConfigError, SECRET_VARIABLES, scrubSecrets } from './config-error.js';
import { type Env, Reader, indexCaseInsensitive } from './env-reader.js';
import { readOutbound } from './outbound-settings.js';
import { readModelProviders } from './model-provider-settings.js';
import { defaultConfigDir, resolveDir } from './paths.js';
import { DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT } from './provider-variables.js';
import {
  MAX_DURATION_SECONDS,
  deepFreeze,
  isParseableUrl,
  normalizeOrigin,
  parseChoice,
  wholeNumberAllowed,
} from './value-parsers.js';

// ---------------------------------------------------------------------------------------------
// Constants

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Langflow (Python logging) names accepted as well. */
const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = { critical: 'fatal', warning: 'warn' };

/** setTimeout fires at once for delays above 2^31-1 ms. */
const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);
const MIB = 1024 * 1024;

const SQLITE_URL = /^sqlite(\+\w+)?:\/\/\//;
const POSTGRES_URL = /^postgres(ql)?(\+\w+)?:\/\//;

// ---------------------------------------------------------------------------------------------
// parseConfig

export interface CliOverrides {
  host?: string;
  port?: number;
  logLevel?: string;
  backendOnly?: boolean;
  /** The parsed `--env-file` (see readEnvFile): overrides `env`, is overridden by the flags. */
  envFile?: Record<string, string>;
}

/**
 * Reads every LANGFLOW_* setting from `env` (normally process.env) overlaid with
 * `cli.envFile`, then applies the CLI flags. Names are case-insensitive. Returns a deeply frozen
 * Config, or throws one ConfigError listing every bad value.
 */
export function parseConfig(env: Env, cli: CliOverrides = {}): Config {
  const r = new Reader(indexCaseInsensitive(cli.envFile ?? {}), indexCaseInsensitive(env));
  // The merged environment, for FALLBACK_TO_ENV_VAR / VARIABLES_TO_GET_FROM_ENVIRONMENT.
  const merged = mergeEnvironment(env, cli.envFile ?? {});

  // The sections run in this order, which is the order their problems are listed in.
  const users = readUsers(r);
  const tokens = readTokens(r);
  const cookies = readCookies(r);
  const { apiKeyRaw, ...apiKeys } = readApiKeys(r);
  const cors = readCors(r);
  const variables = readEnvironmentVariables(r);
  const database = readDatabase(r, merged);
  // backendOnly is read with the server flags but keeps its place at the end of Config.
  const { backendOnly, ...server } = readServer(r, cli);
  const limits = readLimits(r);
  const allowedHosts = readAllowedHosts(r, server.host, limits.trustedProxies.length > 0);
  const outbound = readOutbound(r);
  const modelProviders = readModelProviders(r, merged);

  if (r.problems.length > 0) {
    const secrets = [users.superuserPassword, users.secretKey, users.secretKeyPrevious, apiKeyRaw];
    throw new ConfigError(scrubSecrets(r.problems, secrets));
  }

  const config: Config = {
    ...users,
    ...tokens,
    ...cookies,
    ...apiKeys,
    ...cors,
    ...variables,
    ...database,
    ...server,
    allowedHosts,
    ...limits,
    ...outbound,
    ...modelProviders,
    backendOnly,
    environment: environmentWithoutSecrets(merged),
  };
  return deepFreeze(config);
}

function mergeEnvironment(env: Env, envFile: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(envFile)) {
    // An env-file entry replaces the process's variable of the same name in any spelling.
    for (const existing of Object.keys(merged)) {
      if (existing !== key && existing.toUpperCase() === key.toUpperCase() && key.toUpperCase().startsWith('LANGFLOW_')) {
        delete merged[existing];
      }
    }
    merged[key] = value;
  }
  return merged;
}

// Secrets live in their Config fields only; a flow's FALLBACK_TO_ENV_VAR lookup must never be
// able to read them back out of the environment.
function environmentWithoutSecrets(merged: Record<string, string>): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    const upper = key.toUpperCase();
    if (SECRET_VARIABLES.includes(upper) || upper === 'LANGFLOW_DATABASE_URL') continue;
    environment[key] = value;
  }
  return environment;
}

// ---------------------------------------------------------------------------------------------
// Sections: each reads one group of variables and returns its Config fields (the ones that
// decide who gets in are in auth-settings.ts)

/** CORS: `*` or a list of origins. */
function readCors(r: Reader): Pick<Config, 'corsOrigins' | 'corsAllowCredentials'> {
  let corsOrigins: string[] | '*' = '*';
  const corsList = r.list('CORS_ORIGINS');
  if (corsList !== undefined) {
    const items = corsList.items;
    if (items.length === 1 && items[0] === '*') {
      corsOrigins = '*';
    } else if (items.includes('*')) {
      r.problem('CORS_ORIGINS', corsList.raw, "'*' alone, or a list of origins without '*'");
    } else {
      const origins: string[] = [];
      const bad: string[] = [];
      for (const item of items) {
        const origin = normalizeOrigin(item);
        if (origin === undefined) bad.push(item);
        else if (!origins.includes(origin)) origins.push(origin);
      }
      if (bad.length > 0) {
        r.problem(
          'CORS_ORIGINS',
          corsList.raw,
          `'*' or origins of the form scheme://host[:port] without a path (not: ${bad.join(', ')})`,
        );
      }
      corsOrigins = origins;
    }
  }
  const corsAllowCredentials = r.bool('CORS_ALLOW_CREDENTIALS', true);
  return { corsOrigins, corsAllowCredentials };
}

type EnvironmentVariableSettings = Pick<
  Config,
  'storeEnvironmentVariables' | 'variablesToGetFromEnvironment' | 'fallbackToEnvVar'
>;

/** Variables from the environment. */
function readEnvironmentVariables(r: Reader): EnvironmentVariableSettings {
  const storeEnvironmentVariables = r.bool('STORE_ENVIRONMENT_VARIABLES', true);
  const variablesToGetFromEnvironment = [...DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT];
  const extraVariables = r.list('VARIABLES_TO_GET_FROM_ENVIRONMENT');
  if (extraVariables !== undefined) {
    const bad = extraVariables.items.filter((name) => name.includes('='));
    if (bad.length > 0) {
      r.problem('VARIABLES_TO_GET_FROM_ENVIRONMENT', extraVariables.raw, 'environment variable names (without "=")');
    }
    for (const name of extraVariables.items) {
      if (!name.includes('=') && !variablesToGetFromEnvironment.includes(name)) variablesToGetFromEnvironment.push(name);
    }
  }
  const fallbackToEnvVar = r.bool('FALLBACK_TO_ENV_VAR', true);
  return { storeEnvironmentVariables, variablesToGetFromEnvironment, fallbackToEnvVar };
}

/** Files and database. */
function readDatabase(r: Reader, merged: Record<string, string>): Pick<Config, 'configDir' | 'databaseUrl'> {
  const configDirRaw = r.text('CONFIG_DIR');
  const configDir = configDirRaw === undefined ? defaultConfigDir(merged) : resolveDir(configDirRaw, merged);
  let databaseUrl = `sqlite:///${configDir}/flowgate.db`;
  const databaseUrlRaw = r.text('DATABASE_URL', { trim: true });
  if (databaseUrlRaw !== undefined) {
    if (SQLITE_URL.test(databaseUrlRaw)) {
      databaseUrl = databaseUrlRaw;
    } else if (POSTGRES_URL.test(databaseUrlRaw) && isParseableUrl(databaseUrlRaw)) {
      databaseUrl = databaseUrlRaw;
    } else {
      r.problem(
        'DATABASE_URL',
        databaseUrlRaw,
        'sqlite:///<path> or postgresql://user:password@host[:port]/database (postgres://, postgresql+<driver>:// too)',
      );
    }
  }
  return { configDir, databaseUrl };
}

/** Server (CLI flags win; an overridden variable is not even read). */
function readServer(r: Reader, cli: CliOverrides): Pick<Config, 'host' | 'port' | 'logLevel' | 'logFile' | 'backendOnly'> {
  let host = '127.0.0.1';
  if (cli.host !== undefined) {
    if (cli.host.trim() === '' || /\s/.test(cli.host.trim())) r.problem('--host', cli.host, 'a host name or IP address');
    else host = cli.host.trim();
  } else {
    const hostRaw = r.raw('HOST');
    if (hostRaw !== undefined) {
      if (hostRaw.trim() === '' || /\s/.test(hostRaw.trim())) r.problem('HOST', hostRaw, 'a host name or IP address');
      else host = hostRaw.trim();
    }
  }

  let port = 7860;
  if (cli.port !== undefined) {
    // --port 0 asks the system for a free port (the banner prints the one it got).
    if (!Number.isInteger(cli.port) || cli.port < 0 || cli.port > 65_535) {
      r.problem('--port', String(cli.port), wholeNumberAllowed(0, 65_535));
    } else {
      port = cli.port;
    }
  } else {
    port = r.int('PORT', 7860, 65_535);
  }

  let logLevel: LogLevel = 'info';
  const lower = (v: string): string => v.toLowerCase();
  if (cli.logLevel !== undefined) {
    const parsed = parseChoice(cli.logLevel, LOG_LEVELS, lower, LOG_LEVEL_ALIASES);
    if (parsed === undefined) r.problem('--log-level', cli.logLevel, `one of ${LOG_LEVELS.join(', ')}`);
    else logLevel = parsed;
  } else {
    logLevel = r.oneOf('LOG_LEVEL', 'info', LOG_LEVELS, lower, LOG_LEVEL_ALIASES);
  }

  // LANGFLOW_LOG_FILE: JSON lines appended there, besides standard output (as Langflow).
  const logFileRaw = r.raw('LOG_FILE')?.trim();
  const logFile = logFileRaw ? logFileRaw : undefined;

  const backendOnly = cli.backendOnly ?? r.bool('BACKEND_ONLY', false);
  return { host, port, logLevel, logFile, backendOnly };
}

/** LANGFLOW_ALLOWED_HOSTS: the Host names answered (DNS rebinding defence). */
function readAllowedHosts(r: Reader, host: string, behindProxy: boolean): string[] | '*' {
  const list = r.list('ALLOWED_HOSTS');
  // Behind a proxy the public name (X-Forwarded-Host) is not known here.
  if (list === undefined) return isLoopbackHost(host) && !behindProxy ? [] : '*';
  if (list.items.length === 1 && list.items[0] === '*') return '*';
  const names: string[] = [];
  const bad: string[] = [];
  for (const item of list.items) {
    const name = item.toLowerCase();
    if (!/^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(name)) bad.push(item);
    else if (!names.includes(name)) names.push(name);
  }
  if (bad.length > 0) r.problem('ALLOWED_HOSTS', list.raw, `'*' or host names without scheme or port (not: ${bad.join(', ')})`);
  return names;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || h.startsWith('127.') || h.endsWith('.localhost');
}

type LimitSettings = Pick<
  Config,
  | 'rateLimit' | 'trustedProxies' | 'maxBodyBytes' | 'maxFileBytes' | 'maxFlowNodes' | 'maxFlowEdges' | 'quotas' | 'runTimeoutSeconds' | 'passwordHashThreads' | 'passwordHashQueue'
  | 'shutdownGraceSeconds' | 'dbTimeoutSeconds'
>;

/** Flowgate's own: login throttling, trusted proxies, body and upload sizes, run timeout. */
function readLimits(r: Reader): LimitSettings {
  const rateLimit = {
    accountMaxFailures: r.int('RATE_LIMIT_ACCOUNT_MAX_FAILURES', 5),
    accountWindowSeconds: r.int('RATE_LIMIT_ACCOUNT_WINDOW_SECONDS', 900, MAX_DURATION_SECONDS),
    accountLockSeconds: r.int('RATE_LIMIT_ACCOUNT_LOCK_SECONDS', 60, MAX_DURATION_SECONDS),
    accountMaxLockSeconds: r.int('RATE_LIMIT_ACCOUNT_MAX_LOCK_SECONDS', 3600, MAX_DURATION_SECONDS),
    ipMaxFailures: r.int('RATE_LIMIT_IP_MAX_FAILURES', 30),
    ipWindowSeconds: r.int('RATE_LIMIT_IP_WINDOW_SECONDS', 60, MAX_DURATION_SECONDS),
    signupMax: r.int('RATE_LIMIT_SIGNUP_MAX', 20),
    signupWindowSeconds: r.int('RATE_LIMIT_SIGNUP_WINDOW_SECONDS', 3600, MAX_DURATION_SECONDS),
  };
  if (rateLimit.accountMaxLockSeconds < rateLimit.accountLockSeconds) {
    r.problem(
      'RATE_LIMIT_ACCOUNT_MAX_LOCK_SECONDS',
      String(rateLimit.accountMaxLockSeconds),
      `at least LANGFLOW_RATE_LIMIT_ACCOUNT_LOCK_SECONDS (${rateLimit.accountLockSeconds})`,
    );
  }

  const trustedProxies: string[] = [];
  const proxies = r.list('TRUSTED_PROXIES');
  if (proxies !== undefined) {
    const bad = proxies.items.filter((item) => isIP(item) === 0);
    if (bad.length > 0) {
      r.problem('TRUSTED_PROXIES', proxies.raw, `a comma-separated list of IP addresses (not: ${bad.join(', ')})`);
    }
    for (const item of proxies.items) {
      const address = item.toLowerCase();
      if (isIP(address) !== 0 && !trustedProxies.includes(address)) trustedProxies.push(address);
    }
  }

  const maxBodyBytes = r.int('MAX_REQUEST_BODY_BYTES', 1_048_576);
  const maxFileBytes = r.int('MAX_FILE_SIZE_UPLOAD', 100, Math.floor(Number.MAX_SAFE_INTEGER / MIB)) * MIB;
  // A flow's size bounds the CPU one run or save may take (issue 10, finding 6).
  const maxFlowNodes = r.int('MAX_FLOW_NODES', 1000, 1_000_000);
  const maxFlowEdges = r.int('MAX_FLOW_EDGES', 3000, 1_000_000);
  // What one user may store (issue 10, finding 7).
  const maxMegabytes = Math.floor(Number.MAX_SAFE_INTEGER / MIB);
  const quotas = {
    flows: r.int('MAX_FLOWS_PER_USER', 1000),
    flowBytes: r.int('MAX_FLOW_MB_PER_USER', 100, maxMegabytes) * MIB,
    files: r.int('MAX_FILES_PER_USER', 1000),
    fileBytes: r.int('MAX_FILE_MB_PER_USER', 1024, maxMegabytes) * MIB,
  };
  const runTimeoutSeconds = r.int('RUN_TIMEOUT_SECONDS', 60, MAX_TIMER_SECONDS);
  // Password hashing never takes every core, so a login storm cannot starve the API (issue 12).
  const passwordHashThreads = r.int('PASSWORD_HASH_THREADS', Math.max(1, os.availableParallelism() - 1), 64);
  const passwordHashQueue = r.int('PASSWORD_HASH_QUEUE', 32, 100_000);
  const shutdownGraceSeconds = r.int('SHUTDOWN_GRACE_SECONDS', 20, MAX_TIMER_SECONDS);
  const dbTimeoutSeconds = r.int('DB_TIMEOUT_SECONDS', 10, MAX_TIMER_SECONDS);
  return { rateLimit, trustedProxies, maxBodyBytes, maxFileBytes, maxFlowNodes, maxFlowEdges, quotas, runTimeoutSeconds, passwordHashThreads, passwordHashQueue, shutdownGraceSeconds, dbTimeoutSeconds };
}
