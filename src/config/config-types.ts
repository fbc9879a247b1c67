// The typed, frozen configuration. Only src/config/ reads process.env; everything
// else receives a Config. Field names follow the LANGFLOW_* variable they come from.

export type SameSite = 'lax' | 'strict' | 'none';
export type JwtAlgorithm = 'HS256' | 'RS256' | 'RS512';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface CookieConfig {
  sameSite: SameSite;
  /** undefined = auto: Secure when the request arrived over HTTPS. */
  secure: boolean | undefined;
  httpOnly: boolean;
}

export interface RateLimitConfig {
  /** Failed logins per account inside the window before the account is throttled. */
  accountMaxFailures: number;
  accountWindowSeconds: number;
  /** First lock-out; doubled on every further failure while locked, capped. */
  accountLockSeconds: number;
  accountMaxLockSeconds: number;
  ipMaxFailures: number;
  ipWindowSeconds: number;
  /** Anonymous sign-ups per client address inside the window. */
  signupMax: number;
  signupWindowSeconds: number;
}

export interface OutboundConfig {
  /** LANGFLOW_SSRF_PROTECTION_ENABLED (default true): refuse private, loopback, link-local, metadata addresses. */
  ssrfProtection: boolean;
  /** LANGFLOW_SSRF_ALLOWED_HOSTS, lower-cased: host names, `*.domain`, IPs, CIDR ranges. */
  allowedHosts: string[];
  /** LANGFLOW_OUTBOUND_MAX_RESPONSE_MB, in bytes. */
  maxResponseBytes: number;
  /** LANGFLOW_OUTBOUND_TIMEOUT_SECONDS: the longest one outbound request may take. */
  timeoutSeconds: number;
}

/** Base URLs the operator set for the model providers (trusted; undefined = the provider's own). */
export interface ModelProviderConfig {
  openaiBaseUrl: string | undefined;
  anthropicBaseUrl: string | undefined;
  ollamaBaseUrl: string | undefined;
}

export interface Config {
  autoLogin: boolean;
  /** True when LANGFLOW_AUTO_LOGIN was set in the environment (D3 needs to know). */
  autoLoginExplicit: boolean;
  superuser: string;
  superuserPassword: string | undefined;
  secretKey: string | undefined;
  secretKeyPrevious: string | undefined;
  newUserIsActive: boolean;
  enableSignup: boolean;
  skipAuthAutoLogin: boolean;
  accessTokenExpireSeconds: number;
  refreshTokenExpireSeconds: number;
  sessionMaxSeconds: number;
  algorithm: JwtAlgorithm;
  accessCookie: CookieConfig;
  refreshCookie: CookieConfig;
  cookieDomain: string | undefined;
  apiKeySource: 'db' | 'env';
  apiKey: string | undefined;
  webhookAuthEnable: boolean;
  enableSuperuserCli: boolean;
  disableTrackApikeyUsage: boolean;
  corsOrigins: string[] | '*';
  corsAllowCredentials: boolean;
  storeEnvironmentVariables: boolean;
  variablesToGetFromEnvironment: string[];
  fallbackToEnvVar: boolean;
  configDir: string;
  databaseUrl: string;
  host: string;
  /**
   * Host names the server answers to besides loopback names and IP literals (LANGFLOW_ALLOWED_HOSTS;
   * `.example.com` matches every subdomain). '*' = any Host: the default only when bound to a
   * non-loopback address without the setting (a start-up warning says so).
   */
  allowedHosts: string[] | '*';
  port: number;
  logLevel: LogLevel;
  /** LANGFLOW_LOG_FILE: where JSON log lines are appended as well; unset = standard output only. */
  logFile: string | undefined;
  rateLimit: RateLimitConfig;
  /** Client IPs (exact addresses) whose X-Forwarded-For / X-Forwarded-Proto are believed. */
  trustedProxies: string[];
  maxBodyBytes: number;
  maxFileBytes: number;
  /** Per flow (LANGFLOW_MAX_FLOW_NODES / _EDGES): checked on create, update, upload and run. */
  maxFlowNodes: number;
  maxFlowEdges: number;
  /** Per-user quotas (LANGFLOW_MAX_FLOWS_PER_USER, _FLOW_MB_PER_USER, _FILES_PER_USER, _FILE_MB_PER_USER). */
  quotas: { flows: number; flowBytes: number; files: number; fileBytes: number };
  runTimeoutSeconds: number;
  /** Requests components make to other servers. */
  outbound: OutboundConfig;
  /** Password hashes computed at once (LANGFLOW_PASSWORD_HASH_THREADS; default cores − 1, at least 1). */
  passwordHashThreads: number;
  /** Hashes that may wait for a thread; beyond, 503 + Retry-After (LANGFLOW_PASSWORD_HASH_QUEUE, default 32). */
  passwordHashQueue: number;
  /** OPENAI_BASE_URL / OPENAI_API_BASE, ANTHROPIC_BASE_URL, OLLAMA_BASE_URL. */
  modelProviders: ModelProviderConfig;
  /** On SIGTERM: how long in-flight requests and streams may take before they are cut. */
  shutdownGraceSeconds: number;
  /** PostgreSQL: the longest wait for a connection or a query's answer before a 503. */
  dbTimeoutSeconds: number;
  backendOnly: boolean;
  /**
   * The environment as it was read (process env overlaid with --env-file), kept only for the
   * features that are defined as reading arbitrary environment variables: FALLBACK_TO_ENV_VAR and
   * VARIABLES_TO_GET_FROM_ENVIRONMENT. Nothing else may look here.
   */
  environment: Readonly<Record<string, string>>;
}
