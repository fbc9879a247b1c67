// Who is calling? Resolves the credentials of SPEC §3, in order: bearer token, access cookie,
// x-api-key header, x-api-key query. Session state is checked on every request, through the
// in-process cache of auth-cache.ts that every revocation drops, so a revocation is effective for
// the very next request on the instance that made it and within milliseconds on others (D5).
import { verifyToken } from '../auth/jwt.js';
import { findSession } from '../storage/repositories/sessions.js';
import { findUserById, type UserRecord } from '../storage/repositories/users.js';
import { authenticateApiKey } from './api-key-auth.js';
import { type AppDeps, nowSeconds } from './deps.js';
import { ForbiddenError, Messages, UnauthorizedError } from './errors.js';
import { findAutoLoginUser } from './auto-login-user.js';

export type CredentialSource = 'bearer' | 'cookie' | 'api_key' | 'skip_auth';

export interface Principal {
  user: UserRecord;
  via: CredentialSource;
  sessionId?: string;
  apiKeyId?: string;
}

export interface PresentedCredentials {
  bearer?: string;
  cookie?: string;
  apiKeyHeader?: string;
  apiKeyQuery?: string;
  /** The direct peer is on loopback (SKIP_AUTH_AUTO_LOGIN is honoured only then). */
  fromLoopback: boolean;
}

export async function authenticate(deps: AppDeps, credentials: PresentedCredentials): Promise<Principal> {
  if (credentials.bearer) return { ...(await authenticateAccessToken(deps, credentials.bearer)), via: 'bearer' };
  if (credentials.cookie) return { ...(await authenticateAccessToken(deps, credentials.cookie)), via: 'cookie' };
  const apiKey = credentials.apiKeyHeader ?? credentials.apiKeyQuery;
  if (apiKey) {
    const { user, apiKeyId } = await authenticateApiKey(deps, apiKey);
    return { user, apiKeyId, via: 'api_key' };
  }
  const { config } = deps;
  if (config.autoLogin && config.skipAuthAutoLogin && credentials.fromLoopback) {
    const user = await findAutoLoginUser(deps);
    if (user) return { user, via: 'skip_auth' };
  }
  throw new ForbiddenError(config.autoLogin ? Messages.autoLoginNeedsApiKey : Messages.missingApiKey);
}

export interface VerifiedSession {
  user: UserRecord;
  sessionId: string;
}

/** Verifies an access token and the live session it names. */
export async function authenticateAccessToken(deps: AppDeps, token: string): Promise<VerifiedSession> {
  const { authCache, storage } = deps;
  const now = nowSeconds(deps);
  let claims = authCache.claims(token, now);
  if (!claims) {
    claims = (await verifyToken(deps.keys.tokenKeys, token, now)) ?? undefined;
    if (claims) authCache.rememberClaims(token, claims);
  }
  if (!claims || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
    throw new UnauthorizedError(Messages.couldNotValidate, { 'WWW-Authenticate': 'Bearer' });
  }
  if (claims.type !== 'access') throw new UnauthorizedError(Messages.tokenInvalid);
  const { sub, sid } = claims;
  const usable = authCache.begin();
  // The user first: a deactivated or deleted user's (also revoked) token gets Langflow's answer.
  const user = await authCache.user(sub, usable, () => findUserById(storage.db, sub));
  if (!user || !user.isActive) throw new UnauthorizedError(Messages.userNotFoundOrInactive);
  const session = await authCache.session(sid, usable, () => findSession(storage.db, sid));
  const nowIso = deps.clock.now().toISOString();
  if (!session || session.user_id !== sub || session.revoked_at || session.absolute_expires_at <= nowIso) {
    throw new UnauthorizedError(Messages.couldNotValidate, { 'WWW-Authenticate': 'Bearer' });
  }
  return { user, sessionId: session.id };
}
