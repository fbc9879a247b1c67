// What every service function receives: explicit dependencies, no globals.
import type { Config } from '../config/config-types.js';
import type { Storage } from '../storage/db.js';
import type { Fernet } from '../auth/fernet.js';
import type { TokenKeys } from '../auth/jwt.js';
import type { ApiKeyUsage } from './api-keys/api-key-usage.js';
import type { AuthCache } from './auth/auth-cache.js';
import type { FlowPlans } from './flows/flow-plans.js';
import type { MessageWrites } from './messages/message-writes.js';
import type { PasswordHasher } from './auth/password-hashing.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface KeyRing {
  /** Encrypts and decrypts with the current secret key. */
  fernet: Fernet;
  /** LANGFLOW_SECRET_KEY_PREVIOUS, for reading data written before a rolling key change. */
  previousFernet: Fernet | undefined;
  tokenKeys: TokenKeys;
  fingerprint: string;
}

export interface AuditSink {
  (event: AuditEventInput): Promise<void>;
}

export interface AuditEventInput {
  event: string;
  actorId?: string | null;
  targetId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/** Application events (the server's pino logger in `run`; plain lines for the other commands). */
export interface AppLog {
  /** `fields`: ids, counts, reasons: never a secret or a value a user typed. */
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(obj: unknown, msg?: string): void;
}

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  keys: KeyRing;
  /** API key, user, session and token lookups of authentication (auth-cache.ts). */
  authCache: AuthCache;
  /** API-key uses counted in memory, written once a second (api-key-usage.ts). */
  apiKeyUsage: ApiKeyUsage;
  /** Every password hash and verification goes through this bounded queue (password-hashing.ts). */
  passwords: PasswordHasher;
  /** Saved flows parsed and ordered once per version (flow-plans.ts). */
  flowPlans: FlowPlans;
  /** Runs' chat messages, written one statement per event-loop turn (message-writes.ts). */
  messageWrites: MessageWrites;
  /** Where diagnostics go; never given secrets. */
  log: AppLog;
}

export function nowIso(deps: Pick<AppDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}

export function nowSeconds(deps: Pick<AppDeps, 'clock'>): number {
  return Math.floor(deps.clock.now().getTime() / 1000);
}
