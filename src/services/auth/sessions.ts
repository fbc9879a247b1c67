// Server-side login sessions (SPEC §8, D5, D6): every token names its session; refresh tokens
// are rotated and a spent one ends the whole session; sessions have an idle and an absolute end.
import { randomUUID } from 'node:crypto';
import { signToken, verifyToken } from '../../auth/jwt.js';
import {
  advanceSessionGeneration,
  deleteEndedSessions,
  findSession,
  insertSession,
  revokeSession,
  revokeUserSessions,
} from '../../storage/repositories/sessions.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordAudit } from '../audit/audit.js';
import { type AppDeps, nowSeconds } from '../deps.js';
import { UnauthorizedError } from '../errors.js';

export const SessionMessages = {
  invalidRefreshToken: 'Invalid refresh token',
  userInactive: 'User account is inactive',
} as const;

export interface SessionTokens {
  sessionId: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * A refresh that lost the race against a concurrent refresh with the same token. Not treated as
 * reuse (the other request holds the new pair), and the route leaves the cookies alone, since the
 * winner's response may already have replaced them in the browser.
 */
export class RefreshRaceLostError extends UnauthorizedError {
  constructor() {
    super(SessionMessages.invalidRefreshToken);
  }
}

/**
 * Two tabs refresh with one token at once: the one whose read comes after the other's rotation
 * committed sees the previous generation. Within this long after the rotation that is the race,
 * not a copied token: 401, and the session lives on.
 */
export const REFRESH_RACE_GRACE_MS = 2000;

export const ENDED_SESSION_RETENTION_MS = 24 * 3600 * 1000;

export async function createSession(deps: AppDeps, userId: string): Promise<SessionTokens> {
  const { config } = deps;
  const now = deps.clock.now();
  const sessionId = randomUUID();
  const absoluteExpiresAt = new Date(now.getTime() + config.sessionMaxSeconds * 1000);
  // Housekeeping on the user's own rows: sessions that ended over a day ago go (kept that long
  // so a reused refresh token still meets its revoked session in the audit trail).
  await deleteEndedSessions(deps.storage.db, new Date(now.getTime() - ENDED_SESSION_RETENTION_MS).toISOString(), userId);
  await insertSession(deps.storage.db, {
    id: sessionId,
    user_id: userId,
    generation: 0,
    created_at: now.toISOString(),
    idle_expires_at: new Date(now.getTime() + config.refreshTokenExpireSeconds * 1000).toISOString(),
    absolute_expires_at: absoluteExpiresAt.toISOString(),
    revoked_at: null,
    revoked_reason: null,
    rotated_at: null,
  });
  return { sessionId, userId, ...(await signPair(deps, userId, sessionId, 0, absoluteExpiresAt)) };
}

/** Rotates a refresh token: the presented one is spent, a new pair comes back. */
export async function refreshSession(deps: AppDeps, refreshToken: string, ip: string | null = null): Promise<SessionTokens> {
  const invalid = () => new UnauthorizedError(SessionMessages.invalidRefreshToken);
  const claims = await verifyToken(deps.keys.tokenKeys, refreshToken, nowSeconds(deps));
  if (!claims || claims.type !== 'refresh') throw invalid();
  const { sub, sid, gen } = claims;
  if (typeof sub !== 'string' || typeof sid !== 'string' || !Number.isInteger(gen)) throw invalid();
  const session = await findSession(deps.storage.db, sid);
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  if (!session || session.user_id !== sub || session.revoked_at) throw invalid();
  if (Date.parse(session.idle_expires_at) <= now.getTime() || Date.parse(session.absolute_expires_at) <= now.getTime()) throw invalid();
  const generation = gen as number;
  const rotatedAt = session.rotated_at ? Date.parse(session.rotated_at) : Number.NEGATIVE_INFINITY;
  if (generation === session.generation - 1 && now.getTime() - rotatedAt <= REFRESH_RACE_GRACE_MS) throw new RefreshRaceLostError();
  if (generation < session.generation) {
    // A spent refresh token came back: it was copied. End the session for every holder (D6).
    await revokeSession(deps.storage.db, sid, nowIso, 'refresh_reuse');
    await recordAudit(deps, { event: 'refresh_reuse_detected', actorId: sub, targetId: sub, ip, detail: { reason: 'refresh_reuse' } });
    deps.log.warn(`A spent refresh token was presented again; session ${sid} of user ${sub} has been ended.`);
    throw invalid();
  }
  if (generation !== session.generation) throw invalid();
  const user = await findUserById(deps.storage.db, sub);
  if (!user) throw invalid();
  if (!user.isActive) throw new UnauthorizedError(SessionMessages.userInactive);
  const idleExpiresAt = new Date(now.getTime() + deps.config.refreshTokenExpireSeconds * 1000).toISOString();
  // Compare-and-set: of two refreshes with one token, exactly one moves the generation.
  if (!(await advanceSessionGeneration(deps.storage.db, sid, generation, idleExpiresAt, nowIso))) throw new RefreshRaceLostError();
  const absoluteExpiresAt = new Date(session.absolute_expires_at);
  return { sessionId: sid, userId: sub, ...(await signPair(deps, sub, sid, generation + 1, absoluteExpiresAt)) };
}

/** Logout: the session's access and refresh tokens stop working at once. */
export async function endSession(deps: AppDeps, sessionId: string, reason = 'logout'): Promise<void> {
  await revokeSession(deps.storage.db, sessionId, deps.clock.now().toISOString(), reason);
}

export interface LogoutInput {
  accessToken?: string;
  refreshToken?: string;
  ip: string | null;
}

/**
 * POST /logout: ends the session the access token names, or else the one the refresh token
 * names (an expired access cookie must not leave the session alive). Invalid tokens end nothing.
 */
export async function logout(deps: AppDeps, input: LogoutInput): Promise<void> {
  const named =
    (input.accessToken && (await sessionNamedBy(deps, input.accessToken, 'access'))) ||
    (input.refreshToken && (await sessionNamedBy(deps, input.refreshToken, 'refresh')));
  if (!named) return;
  await endSession(deps, named.sessionId);
  await recordAudit(deps, { event: 'logout', actorId: named.userId, targetId: named.userId, ip: input.ip });
}

async function sessionNamedBy(deps: AppDeps, token: string, type: 'access' | 'refresh') {
  const claims = await verifyToken(deps.keys.tokenKeys, token, nowSeconds(deps));
  if (!claims || claims.type !== type || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
  const session = await findSession(deps.storage.db, claims.sid);
  if (!session || session.user_id !== claims.sub || session.revoked_at) return undefined;
  return { sessionId: session.id, userId: session.user_id };
}

/**
 * Ends every session of a user (password change: all but `keepSessionId`; admin reset,
 * deactivation, deletion, demotion: all), effective for the very next request (D5).
 */
export async function revokeAllSessions(deps: AppDeps, userId: string, reason: string, keepSessionId?: string): Promise<void> {
  await revokeUserSessions(deps.storage.db, userId, deps.clock.now().toISOString(), reason, keepSessionId);
  await recordAudit(deps, {
    event: 'sessions_revoked',
    targetId: userId,
    detail: { reason, kept_current: Boolean(keepSessionId) },
  });
}

async function signPair(deps: AppDeps, userId: string, sessionId: string, generation: number, absoluteExpiresAt: Date) {
  const { config } = deps;
  const now = nowSeconds(deps);
  // No token outlives its session: not its absolute end, not its idle end (set by this rotation).
  const left = Math.max(1, Math.min(Math.floor(absoluteExpiresAt.getTime() / 1000) - now, config.refreshTokenExpireSeconds));
  const keys = deps.keys.tokenKeys;
  const accessToken = await signToken(keys, { sub: userId, type: 'access', sid: sessionId }, Math.min(config.accessTokenExpireSeconds, left), now);
  const refreshToken = await signToken(keys, { sub: userId, type: 'refresh', sid: sessionId, gen: generation }, left, now);
  return { accessToken, refreshToken };
}
