// API-key authentication (SPEC §3, D8, D9): hash lookup, owner must be active, usage counted.
import { constantTimeEqualStrings, hashApiKey } from '../../auth/api-key.js';
import { findApiKeyByHash } from '../../storage/repositories/api-keys.js';
import { findUserById, type UserRecord } from '../../storage/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { ForbiddenError, Messages, UnauthorizedError } from '../errors.js';
import { findConfiguredSuperuser } from './auto-login-user.js';
import { andThen, type MaybePromise } from '../maybe-async.js';

export interface ApiKeyPrincipal {
  user: UserRecord;
  apiKeyId?: string;
}

/** Synchronous when the key and its owner are cached (the usual case): no promise per request. */
export function authenticateApiKey(deps: AppDeps, presented: string): MaybePromise<ApiKeyPrincipal> {
  const { config } = deps;
  // LANGFLOW_API_KEY_SOURCE=env: one key for the superuser, compared in constant time.
  if (config.apiKeySource === 'env' && config.apiKey && constantTimeEqualStrings(presented, config.apiKey)) {
    return envKeyPrincipal(deps);
  }
  // The lookup is by SHA-256 of the key: equality on a hash of 256 random bits leaks nothing useful.
  // Cached in process (auth-cache.ts), dropped by any change to keys or users.
  const { authCache, storage } = deps;
  const usable = authCache.begin();
  const hash = hashApiKey(presented);
  return andThen(
    authCache.apiKey(hash, usable, () => findApiKeyByHash(storage.db, hash)),
    (row) => {
      if (!row || !row.is_active) throw new ForbiddenError(Messages.invalidApiKey);
      return andThen(authCache.user(row.user_id, usable, () => findUserById(storage.db, row.user_id)), (user) => {
        if (!user) throw new ForbiddenError(Messages.invalidApiKey);
        if (!user.isActive) throw new UnauthorizedError(Messages.inactiveUser);
        // Counted in memory, written once a second (api-key-usage.ts).
        if (!config.disableTrackApikeyUsage) deps.apiKeyUsage.record(row.id, deps.clock.now().getTime());
        return { user, apiKeyId: row.id };
      });
    },
  );
}

async function envKeyPrincipal(deps: AppDeps): Promise<ApiKeyPrincipal> {
  const user = await findConfiguredSuperuser(deps);
  if (!user) throw new ForbiddenError(Messages.invalidApiKey);
  if (!user.isActive) throw new UnauthorizedError(Messages.inactiveUser);
  return { user };
}
