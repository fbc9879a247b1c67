// Rows that no longer mean anything: sessions that ended over a day ago, and login counters
// that would start over at their next failure anyway (a password spray over many usernames
// leaves one such row per name). Run periodically by the server; safe on every instance at once.
import { deleteQuietThrottles } from '../storage/repositories/login-throttle.js';
import { deleteEndedSessions } from '../storage/repositories/sessions.js';
import type { AppDeps } from './deps.js';
import { ENDED_SESSION_RETENTION_MS } from './auth/sessions.js';

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

export async function pruneExpiredRows(deps: AppDeps): Promise<{ sessions: number; throttles: number }> {
  const now = deps.clock.now();
  const { rateLimit } = deps.config;
  const longestWindowMs = Math.max(rateLimit.accountWindowSeconds, rateLimit.ipWindowSeconds, rateLimit.signupWindowSeconds) * 1000;
  const sessions = await deleteEndedSessions(deps.storage.db, new Date(now.getTime() - ENDED_SESSION_RETENTION_MS).toISOString());
  const throttles = await deleteQuietThrottles(deps.storage.db, new Date(now.getTime() - longestWindowMs).toISOString(), now.toISOString());
  return { sessions, throttles };
}
