// Login throttling (D11): per account (known or not) and per client address, counted in the
// database so every instance and every restart sees the same counts. An attempt is counted
// (reserved) atomically BEFORE the password is checked, so parallel guesses cannot all pass a
// check made before any of them was counted; a successful one gives its reservation back.
import { createHash } from 'node:crypto';
import {
  deleteThrottle,
  findThrottle,
  recordAccountFailure,
  recordAddressFailure,
  releaseAddressAttempt,
} from '../../storage/repositories/login-throttle.js';
import { usernameKey } from '../../storage/username-key.js';
import type { AppDeps } from '../deps.js';
import { TooManyRequestsError } from '../errors.js';

export const THROTTLED_MESSAGE = 'Too many login attempts. Try again later.';

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

// The key column holds 300 characters; longer names are keyed by their hash.
const MAX_PLAIN_NAME = 200;

export function throttleKeys(username: string, ip: string | null): ThrottleKeys {
  // The same folding as the user lookup: every spelling that reaches an account shares its count.
  const name = usernameKey(username);
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
async function assertLoginAllowed(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
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

/**
 * Checks the locks, then counts this attempt as a failure (one atomic upsert per key). The
 * attempt that the count puts beyond the limit is refused without checking the password. A
 * right password then calls releaseLoginAttempt; a wrong one leaves the count as it is.
 */
export async function reserveLoginAttempt(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  await assertLoginAllowed(deps, keys);
  const { rateLimit } = deps.config;
  const { db, dialect } = deps.storage;
  const now = deps.clock.now();
  const account = await recordAccountFailure(db, dialect, keys.account, now, {
    maxFailures: rateLimit.accountMaxFailures,
    windowSeconds: rateLimit.accountWindowSeconds,
    lockSeconds: rateLimit.accountLockSeconds,
    maxLockSeconds: rateLimit.accountMaxLockSeconds,
  });
  // Locked by a concurrent attempt between the check above and this count: the answer is the lock's.
  if (!account) return assertLoginAllowed(deps, keys).then(() => refuse('account', 1));
  if (!keys.address) return;
  const address = await recordAddressFailure(db, dialect, keys.address, now, rateLimit.ipWindowSeconds, rateLimit.ipMaxFailures);
  if (!address) return assertLoginAllowed(deps, keys).then(() => refuse('ip', 1));
}

function refuse(scope: 'account' | 'ip', retryAfterSeconds: number): never {
  throw new LoginThrottledError(scope, retryAfterSeconds);
}

/**
 * The right password: the account's failures are cleared, and the address gets this attempt's
 * reservation back (its other failures stay: the address may be shared).
 */
export async function recordLoginSuccess(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  await deleteThrottle(deps.storage.db, keys.account);
  if (keys.address) await releaseAddressAttempt(deps.storage.db, keys.address);
}

export const SIGNUP_THROTTLED_MESSAGE = 'Too many sign-ups from this address. Try again later.';

/**
 * Counts one anonymous sign-up from `ip` (atomically, before any hashing) and refuses it beyond
 * LANGFLOW_RATE_LIMIT_SIGNUP_MAX in the window: sign-up is anonymous password hashing.
 */
export async function reserveSignup(deps: AppDeps, ip: string | null): Promise<void> {
  if (!ip) return;
  const { signupMax, signupWindowSeconds } = deps.config.rateLimit;
  const now = deps.clock.now();
  const key = `signup:${ip}`;
  if (await recordAddressFailure(deps.storage.db, deps.storage.dialect, key, now, signupWindowSeconds, signupMax)) return;
  const row = await findThrottle(deps.storage.db, key);
  const windowEnds = row ? Date.parse(row.window_started_at) + signupWindowSeconds * 1000 : now.getTime();
  throw new TooManyRequestsError(SIGNUP_THROTTLED_MESSAGE, (windowEnds - now.getTime()) / 1000);
}
