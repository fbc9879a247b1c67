// Login throttling (D11): per account (known or not) and per client address, counted in the
// database so every instance and every restart sees the same counts.
import { createHash } from 'node:crypto';
import {
  deleteThrottle,
  findThrottle,
  recordAccountFailure,
  recordAddressFailure,
} from '../storage/repositories/login-throttle.js';
import type { AppDeps } from './deps.js';
import { TooManyRequestsError } from './errors.js';

export const THROTTLED_MESSAGE = 'Too many login attempts. Try again later.';

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

// The key column holds 300 characters; longer names are keyed by their hash.
const MAX_PLAIN_NAME = 200;

export function throttleKeys(username: string, ip: string | null): ThrottleKeys {
  const name = username.toLowerCase();
  const account = name.length <= MAX_PLAIN_NAME ? `account:${name}` : `account:sha256:${createHash('sha256').update(name).digest('hex')}`;
  return { account, address: ip ? `ip:${ip}` : null };
}

export class LoginThrottledError extends TooManyRequestsError {
  readonly scope: 'account' | 'ip';
  constructor(scope: 'account' | 'ip', retryAfterSeconds: number) {
    super(THROTTLED_MESSAGE, retryAfterSeconds);
    this.scope = scope;
  }
}

/** Throws LoginThrottledError (429 + Retry-After) while the account or the address is locked. */
export async function assertLoginAllowed(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  const { rateLimit } = deps.config;
  const now = deps.clock.now().getTime();
  const account = await findThrottle(deps.storage.db, keys.account);
  const lockedUntil = account?.locked_until ? Date.parse(account.locked_until) : 0;
  if (lockedUntil > now) throw new LoginThrottledError('account', (lockedUntil - now) / 1000);
  if (!keys.address) return;
  const address = await findThrottle(deps.storage.db, keys.address);
  if (!address || address.failures < rateLimit.ipMaxFailures) return;
  const windowEnds = Date.parse(address.window_started_at) + rateLimit.ipWindowSeconds * 1000;
  if (windowEnds > now) throw new LoginThrottledError('ip', (windowEnds - now) / 1000);
}

export async function recordLoginFailure(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  const { rateLimit } = deps.config;
  const { db, dialect } = deps.storage;
  const now = deps.clock.now();
  await recordAccountFailure(db, dialect, keys.account, now, {
    maxFailures: rateLimit.accountMaxFailures,
    windowSeconds: rateLimit.accountWindowSeconds,
    lockSeconds: rateLimit.accountLockSeconds,
    maxLockSeconds: rateLimit.accountMaxLockSeconds,
  });
  if (keys.address) await recordAddressFailure(db, dialect, keys.address, now, rateLimit.ipWindowSeconds);
}

/** A successful login clears the account's failures (not the address's: it may be shared). */
export async function recordLoginSuccess(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  await deleteThrottle(deps.storage.db, keys.account);
}
