// Who is calling? Resolves the credentials of SPEC §3, in order: bearer token, access cookie,
// x-api-key header, x-api-key query. Session state is checked on every request, through the
// in-process cache of auth-cache.ts that every revocation drops, so a revocation is effective for
// the very next request on the instance that made it and within milliseconds on others (D5).
import { verifyToken } from '../../auth/jwt.js';
import { findSession } from '../../storage/repositories/sessions.js';
import { findUserById, type UserRecord } from '../../storage/repositories/users.js';
import { authenticateApiKey } from './api-key-auth.js';
import { type AppDeps, nowSeconds } from '../deps.js';
import { ForbiddenError, Messages, UnauthorizedError } from '../errors.js';
import { findAutoLoginUser } from './auto-login-user.js';
import { andThen, type MaybePromise } from '../maybe-async.js';

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

/** Synchronous when everything it needs is cached (the usual case): no promise per request. */
export function authenticate(deps: AppDeps, credentials: PresentedCredentials): MaybePromise<Principal> {
  if (credentials.bearer) return andThen(authenticateAccessToken(deps, credentials.bearer), (s) => ({ user: s.user, sessionId: s.sessionId, via: 'bearer' as const }));
  if (credentials.cookie) return andThen(authenticateAccessToken(deps, credentials.cookie), (s) => ({ user: s.user, sessionId: s.sessionId, via: 'cookie' as const }));
  const apiKey = credentials.apiKeyHeader ?? credentials.apiKeyQuery;
  if (apiKey) return andThen(authenticateApiKey(deps, apiKey), ({ user, apiKeyId }) => ({ user, apiKeyId, via: 'api_key' as const }));
  return autoLoginOrRefuse(deps, credentials);
}

async function autoLoginOrRefuse(deps: AppDeps, credentials: PresentedCredentials): Promise<Principal> {
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
export function authenticateAccessToken(deps: AppDeps, token: string): MaybePromise<VerifiedSession> {
  const now = nowSeconds(deps);
  const claims = deps.authCache.claims(token, now);
  if (claims) return sessionOf(deps, claims);
  return verifyToken(deps.keys.tokenKeys, token, now).then((verified) => {
    if (verified) deps.authCache.rememberClaims(token, verified);
    return sessionOf(deps, verified ?? undefined);
  });
}

function sessionOf(deps: AppDeps, claims: Record<string, unknown> | undefined): MaybePromise<VerifiedSession> {
  const { authCache, storage } = deps;
  if (!claims || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
    throw new UnauthorizedError(Messages.couldNotValidate, { 'WWW-Authenticate': 'Bearer' });
  }
  if (claims.type !== 'access') throw new UnauthorizedError(Messages.tokenInvalid);
  const sub = claims.sub;
  const sid = claims.sid;
  const usable = authCache.begin();
  // The user first: a deactivated or deleted user's (also revoked) token gets Langflow's answer.
  return andThen(authCache.user(sub, usable, () => findUserById(storage.db, sub)), (user) => {
    if (!user || !user.isActive) throw new UnauthorizedError(Messages.userNotFoundOrInactive);
    return andThen(authCache.session(sid, usable, () => findSession(storage.db, sid)), (session) => {
      // Compared as numbers: formatting the time as text on every request cost more.
      if (!session || session.user_id !== sub || session.revoked_at || !(Date.parse(session.absolute_expires_at) > deps.clock.now().getTime())) {
        throw new UnauthorizedError(Messages.couldNotValidate, { 'WWW-Authenticate': 'Bearer' });
      }
      return { user, sessionId: session.id };
    });
  });
}
