// Turns the environment (process env overlaid with --env-file) and the CLI flags into one
// frozen Config. This is the only place that interprets LANGFLOW_* variables; every bad value
// is collected and reported together in one ConfigError.

import { isIP } from 'node:net';
import type {
  Config,
  CookieConfig,
  JwtAlgorithm,
  LogLevel,
  SameSite,
} from './config-types.js';
import { defaultConfigDir, resolveDir } from './paths.js';

// ---------------------------------------------------------------------------------------------
// Errors

export interface ConfigProblem {
  /** `LANGFLOW_…` in upper case, or the CLI flag (`--port`, `--env-file`). */
  variable: string;
  /** The value as given ('' when the variable is missing); `*****` for secrets. */
  value: string;
  /** What would have been accepted. */
  allowed: string;
}

/** Variables whose values never appear in an error, a log or `Config.environment`. */
export const SECRET_VARIABLES: readonly string[] = Object.freeze([
  'LANGFLOW_SECRET_KEY',
  'LANGFLOW_SECRET_KEY_PREVIOUS',
  'LANGFLOW_SUPERUSER_PASSWORD',
  'LANGFLOW_API_KEY',
]);

/** Shown instead of a secret. */
export const MASK = '*****';

/** Replaces the password of a `scheme://user:password@host/…` URL with `*****`. */
export function maskUrlPassword(url: string): string {
  // Greedy up to the last '@': an unencoded '@', '/' or '#' in the password stays hidden too.
  return url.replace(/^([^:/?#]+:\/\/[^:@/?#]*:)(.*)(@[^@]*)$/s, `$1${MASK}$3`);
}

function maskProblem(problem: ConfigProblem): ConfigProblem {
  const variable = problem.variable.toUpperCase();
  if (SECRET_VARIABLES.includes(variable) && problem.value !== '') {
    return { ...problem, value: MASK };
  }
  if (variable === 'LANGFLOW_DATABASE_URL') {
    return { ...problem, value: maskUrlPassword(problem.value) };
  }
  return { ...problem };
}

function showValue(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1); // one line, control characters visible
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

/** `LANGFLOW_X=value: expected …`, or `LANGFLOW_X (not set): expected …`. */
export function formatProblem(problem: ConfigProblem): string {
  const shown =
    problem.value === '' ? `${problem.variable} (not set)` : `${problem.variable}=${showValue(problem.value)}`;
  return `${shown}: expected ${problem.allowed}`;
}

/**
 * Every bad configuration value at once. Secrets are masked by the constructor itself, so a
 * ConfigError built anywhere can be logged as it is.
 */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const masked = problems.map(maskProblem);
    const header =
      masked.length === 1 ? 'Invalid configuration (1 problem):' : `Invalid configuration (${masked.length} problems):`;
    super([header, ...masked.map(formatProblem)].join('\n'));
    this.name = 'ConfigError';
    this.problems = masked;
  }
}

// ---------------------------------------------------------------------------------------------
// Constants

/**
 * Langflow's `VARIABLES_TO_GET_FROM_ENVIRONMENT` (langflow `services/settings/constants.py`,
 * the list of recent releases). The user's own list is added to it, never replaces it.
 */
export const DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT: readonly string[] = Object.freeze([
  'APIMART_API_KEY',
  'COMPOSIO_API_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GOOGLE_API_KEY',
  'AZURE_AI_FOUNDRY_API_KEY',
  'AZURE_AI_FOUNDRY_ENDPOINT',
  'AZURE_OPENAI_API_KEY',
  'AZURE_OPENAI_API_VERSION',
  'AZURE_OPENAI_API_INSTANCE_NAME',
  'AZURE_OPENAI_API_DEPLOYMENT_NAME',
  'AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME',
  'ASTRA_DB_APPLICATION_TOKEN',
  'ASTRA_DB_API_ENDPOINT',
  'COHERE_API_KEY',
  'GROQ_API_KEY',
  'HUGGINGFACEHUB_API_TOKEN',
  'PINECONE_API_KEY',
  'SAMBANOVA_API_KEY',
  'SEARCHAPI_API_KEY',
  'SERPAPI_API_KEY',
  'UPSTASH_VECTOR_REST_URL',
  'UPSTASH_VECTOR_REST_TOKEN',
  'VECTARA_CUSTOMER_ID',
  'VECTARA_CORPUS_ID',
  'VECTARA_API_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'NOVITA_API_KEY',
  'TAVILY_API_KEY',
  'COMETAPI_KEY',
  'EMPIRIOLABS_API_KEY',
  'WATSONX_APIKEY',
  'WATSONX_PROJECT_ID',
  'WATSONX_URL',
  'OPENROUTER_API_KEY',
  'OPENROUTER_SITE_URL',
  'OPENROUTER_APP_NAME',
]);

const JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'RS256', 'RS512'];
const SAME_SITE_VALUES: readonly SameSite[] = ['lax', 'strict', 'none'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Langflow (Python logging) names accepted as well. */
const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = { critical: 'fatal', warning: 'warn' };

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);
const BOOLEAN_ALLOWED = 'a boolean (true/false, 1/0, yes/no, any case)';

/** 100 years: far enough for any duration, close enough that `now + d` stays a valid Date. */
const MAX_DURATION_SECONDS = 3_155_760_000;
/** setTimeout fires at once for delays above 2^31-1 ms. */
const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);
const MIB = 1024 * 1024;

const SQLITE_URL = /^sqlite(\+\w+)?:\/\/\//;
const POSTGRES_URL = /^postgres(ql)?(\+\w+)?:\/\//;

// ---------------------------------------------------------------------------------------------
// Reading variables

type Env = Readonly<Record<string, string | undefined>>;

/** Upper-cased name → value. The exact upper-case spelling wins over other spellings. */
function indexCaseInsensitive(source: Env): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (!index.has(upper) || key === upper) index.set(upper, value);
  }
  return index;
}

class Reader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly fromFile: Map<string, string>,
    private readonly fromProcess: Map<string, string>,
  ) {}

  /** The raw value of `LANGFLOW_<name>`: the env file first, then the process environment. */
  raw(name: string): string | undefined {
    const key = `LANGFLOW_${name}`;
    return this.fromFile.get(key) ?? this.fromProcess.get(key);
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  problem(name: string, value: string, allowed: string): void {
    this.problems.push({ variable: name.startsWith('-') ? name : `LANGFLOW_${name}`, value, allowed });
  }

  /** Free text: unset or empty (after trimming) is undefined. Secrets are kept byte for byte. */
  text(name: string, options: { trim?: boolean } = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value.trim() === '') return undefined;
    return options.trim === false ? value : value.trim();
  }

  optionalBool(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = parseBoolean(value);
    if (parsed === undefined) this.problem(name, value, BOOLEAN_ALLOWED);
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    return this.optionalBool(name) ?? fallback;
  }

  int(name: string, fallback: number, max: number = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseWholeNumber(value, 1, max);
    if (parsed === undefined) {
      this.problem(name, value, wholeNumberAllowed(1, max));
      return fallback;
    }
    return parsed;
  }

  oneOf<T extends string>(
    name: string,
    fallback: T,
    allowed: readonly T[],
    normalize: (value: string) => string,
    aliases: Readonly<Record<string, T>> = {},
  ): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseChoice(value, allowed, normalize, aliases);
    if (parsed === undefined) {
      this.problem(name, value, `one of ${allowed.join(', ')}`);
      return fallback;
    }
    return parsed;
  }

  /** A comma-separated list or a JSON array of strings; unset → undefined, empty → []. */
  list(name: string): { raw: string; items: string[] } | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const items = parseList(value);
    if (items === undefined) {
      this.problem(name, value, 'a comma-separated list or a JSON array of strings');
      return { raw: value, items: [] };
    }
    return { raw: value, items };
  }
}

function parseBoolean(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function parseWholeNumber(value: string, min: number, max: number): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const number = Number(text);
  if (!Number.isSafeInteger(number) || number < min || number > max) return undefined;
  return number;
}

function wholeNumberAllowed(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER
    ? `a positive whole number`
    : `a whole number from ${min} to ${max}`;
}

function parseChoice<T extends string>(
  value: string,
  allowed: readonly T[],
  normalize: (value: string) => string,
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  const word = normalize(value.trim());
  if (Object.hasOwn(aliases, word)) return aliases[word];
  return (allowed as readonly string[]).includes(word) ? (word as T) : undefined;
}

function parseList(value: string): string[] | undefined {
  const text = value.trim();
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return undefined;
    return (parsed as string[]).map((item) => item.trim()).filter((item) => item !== '');
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * A CORS origin as browsers send it: `scheme://host[:port]`, no path. A trailing `/` is
 * dropped; http(s) origins are normalised (lower-case host, default port removed).
 */
function normalizeOrigin(origin: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+)\/?$/i.exec(origin);
  if (match === null) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(origin);
      if (url.username !== '' || url.password !== '') return undefined;
      return url.origin;
    } catch {
      return undefined;
    }
  }
  return `${scheme}://${match[2]}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

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
  const fileIndex = indexCaseInsensitive(cli.envFile ?? {});
  const processIndex = indexCaseInsensitive(env);
  const r = new Reader(fileIndex, processIndex);

  // The merged environment, for FALLBACK_TO_ENV_VAR / VARIABLES_TO_GET_FROM_ENVIRONMENT.
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(cli.envFile ?? {})) {
    // An env-file entry replaces the process's variable of the same name in any spelling.
    for (const existing of Object.keys(merged)) {
      if (existing !== key && existing.toUpperCase() === key.toUpperCase() && key.toUpperCase().startsWith('LANGFLOW_')) {
        delete merged[existing];
      }
    }
    merged[key] = value;
  }

  // --- Users and auto-login
  const autoLoginExplicit = r.has('AUTO_LOGIN');
  const autoLogin = r.bool('AUTO_LOGIN', true);
  const superuserRaw = r.raw('SUPERUSER');
  let superuser = 'langflow';
  if (superuserRaw !== undefined) {
    if (superuserRaw.trim() === '') r.problem('SUPERUSER', superuserRaw, 'a non-empty user name');
    else superuser = superuserRaw.trim();
  }
  const superuserPassword = r.text('SUPERUSER_PASSWORD', { trim: false });
  const secretKey = r.text('SECRET_KEY', { trim: false });
  const secretKeyPrevious = r.text('SECRET_KEY_PREVIOUS', { trim: false });
  const newUserIsActive = r.bool('NEW_USER_IS_ACTIVE', false);
  const enableSignup = r.bool('ENABLE_SIGNUP', true);
  const skipAuthAutoLogin = r.bool('SKIP_AUTH_AUTO_LOGIN', false);

  // --- Tokens and sessions
  const accessTokenExpireSeconds = r.int('ACCESS_TOKEN_EXPIRE_SECONDS', 3600, MAX_DURATION_SECONDS);
  const refreshTokenExpireSeconds = r.int('REFRESH_TOKEN_EXPIRE_SECONDS', 604_800, MAX_DURATION_SECONDS);
  const sessionMaxSeconds = r.int('SESSION_MAX_SECONDS', 2_592_000, MAX_DURATION_SECONDS);
  const algorithm = r.oneOf('ALGORITHM', 'HS256', JWT_ALGORITHMS, (v) => v.toUpperCase());

  const cookie = (prefix: 'ACCESS' | 'REFRESH'): CookieConfig => ({
    sameSite: r.oneOf(`${prefix}_SAME_SITE`, 'lax', SAME_SITE_VALUES, (v) => v.toLowerCase()),
    secure: r.optionalBool(`${prefix}_SECURE`),
    httpOnly: r.bool(`${prefix}_HTTPONLY`, true),
  });
  const accessCookie = cookie('ACCESS');
  const refreshCookie = cookie('REFRESH');
  const cookieDomain = r.text('COOKIE_DOMAIN');

  // --- API keys
  const apiKeySource = r.oneOf('API_KEY_SOURCE', 'db', ['db', 'env'] as const, (v) => v.toLowerCase());
  const apiKeyRaw = r.text('API_KEY', { trim: false });
  if (apiKeySource === 'env' && apiKeyRaw === undefined) {
    r.problem('API_KEY', r.raw('API_KEY') ?? '', 'an API key (required when LANGFLOW_API_KEY_SOURCE=env)');
  }
  // Only honoured in env mode: a LANGFLOW_API_KEY exported for client scripts must not
  // silently become a superuser key on a server that stores its keys in the database.
  const apiKey = apiKeySource === 'env' ? apiKeyRaw : undefined;
  const webhookAuthEnable = r.bool('WEBHOOK_AUTH_ENABLE', true);
  const enableSuperuserCli = r.bool('ENABLE_SUPERUSER_CLI', true);
  const disableTrackApikeyUsage = r.bool('DISABLE_TRACK_APIKEY_USAGE', false);

  // --- CORS
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

  // --- Variables from the environment
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

  // --- Files and database
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

  // --- Server (CLI flags win; an overridden variable is not even read)
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

  const backendOnly = cli.backendOnly ?? r.bool('BACKEND_ONLY', false);

  // --- Flowgate's own
  const rateLimit = {
    accountMaxFailures: r.int('RATE_LIMIT_ACCOUNT_MAX_FAILURES', 5),
    accountWindowSeconds: r.int('RATE_LIMIT_ACCOUNT_WINDOW_SECONDS', 900, MAX_DURATION_SECONDS),
    accountLockSeconds: r.int('RATE_LIMIT_ACCOUNT_LOCK_SECONDS', 60, MAX_DURATION_SECONDS),
    accountMaxLockSeconds: r.int('RATE_LIMIT_ACCOUNT_MAX_LOCK_SECONDS', 3600, MAX_DURATION_SECONDS),
    ipMaxFailures: r.int('RATE_LIMIT_IP_MAX_FAILURES', 30),
    ipWindowSeconds: r.int('RATE_LIMIT_IP_WINDOW_SECONDS', 60, MAX_DURATION_SECONDS),
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
  const runTimeoutSeconds = r.int('RUN_TIMEOUT_SECONDS', 60, MAX_TIMER_SECONDS);

  if (r.problems.length > 0) {
    throw new ConfigError(scrubSecrets(r.problems, [superuserPassword, secretKey, secretKeyPrevious, apiKeyRaw]));
  }

  // Secrets live in their Config fields only; a flow's FALLBACK_TO_ENV_VAR lookup must never be
  // able to read them back out of the environment.
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    const upper = key.toUpperCase();
    if (SECRET_VARIABLES.includes(upper) || upper === 'LANGFLOW_DATABASE_URL') continue;
    environment[key] = value;
  }

  const config: Config = {
    autoLogin,
    autoLoginExplicit,
    superuser,
    superuserPassword,
    secretKey,
    secretKeyPrevious,
    newUserIsActive,
    enableSignup,
    skipAuthAutoLogin,
    accessTokenExpireSeconds,
    refreshTokenExpireSeconds,
    sessionMaxSeconds,
    algorithm,
    accessCookie,
    refreshCookie,
    cookieDomain,
    apiKeySource,
    apiKey,
    webhookAuthEnable,
    enableSuperuserCli,
    disableTrackApikeyUsage,
    corsOrigins,
    corsAllowCredentials,
    storeEnvironmentVariables,
    variablesToGetFromEnvironment,
    fallbackToEnvVar,
    configDir,
    databaseUrl,
    host,
    port,
    logLevel,
    rateLimit,
    trustedProxies,
    maxBodyBytes,
    maxFileBytes,
    runTimeoutSeconds,
    backendOnly,
    environment,
  };
  return deepFreeze(config);
}

function isParseableUrl(url: string): boolean {
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

/** A secret pasted into the wrong variable must not be echoed either. */
function scrubSecrets(problems: ConfigProblem[], secrets: (string | undefined)[]): ConfigProblem[] {
  const known = secrets.filter((s): s is string => s !== undefined && s.length >= 6);
  return problems.map((problem) => {
    let value = problem.value;
    for (const secret of known) value = value.split(secret).join(MASK);
    return { ...problem, value };
  });
}
