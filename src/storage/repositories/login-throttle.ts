// The `fg_login_throttle` table: failed-login counters shared by every instance (D11). Each
// failure is ONE upsert statement, so concurrent failures on any number of instances are all
// counted and the lock grows exactly as if they had come one by one.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Dialect } from '../db.js';
import type { Database, LoginThrottleTable } from '../schema.js';

export type LoginThrottleRow = Selectable<LoginThrottleTable>;

export async function findThrottle(db: Kysely<Database>, key: string): Promise<LoginThrottleRow | undefined> {
  return db.selectFrom('fg_login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function deleteThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('fg_login_throttle').where('key', '=', key).execute();
}

export interface AccountFailurePolicy {
  maxFailures: number;
  /** A row whose window started, and whose lock ended, this long ago starts over. */
  windowSeconds: number;
  lockSeconds: number;
  maxLockSeconds: number;
}

/**
 * Counts one failed login for an account, unless it is locked at `now`: then nothing changes and
 * undefined comes back. The check and the count are one statement (the conflict row is locked
 * while its WHERE is evaluated), so of any number of concurrent calls exactly the allowed ones count. From the `maxFailures`-th failure on, every failure
 * (re)locks the account: first for `lockSeconds`, then each time twice as long, up to
 * `maxLockSeconds`. A row quiet for a whole window (no window started, no lock ended) starts over.
 */
export async function recordAccountFailure(
  db: Kysely<Database>,
  dialect: Dialect,
  key: string,
  now: Date,
  policy: AccountFailurePolicy,
): Promise<LoginThrottleRow | undefined> {
  const nowIso = now.toISOString();
  const cut = ts(dialect, new Date(now.getTime() - policy.windowSeconds * 1000).toISOString());
  const { maxFailures: max, lockSeconds: first, maxLockSeconds: cap } = policy;
  const t = sql.ref('fg_login_throttle');
  const quiet = sql<boolean>`(${t}.window_started_at <= ${cut} and (${t}.locked_until is null or ${t}.locked_until <= ${cut}))`;
  const failures = sql<number>`(case when ${quiet} then 1 else ${t}.failures + 1 end)`;
  const previousLock = sql<number>`(case when ${quiet} then 0 else ${t}.lock_seconds end)`;
  const doubled = sql<number>`(case when ${previousLock} = 0 then ${first} when ${previousLock} * 2 >= ${cap} then ${cap} when ${previousLock} * 2 < ${first} then ${first} else ${previousLock} * 2 end)`;
  const lockSeconds = sql<number>`(case when ${failures} >= ${max} then ${doubled} else ${previousLock} end)`;
  const lockedUntil = sql<string | null>`(case when ${failures} >= ${max} then ${addSeconds(dialect, nowIso, doubled)} when ${quiet} then null else ${t}.locked_until end)`;
  const locksAtOnce = max <= 1;
  return db
    .insertInto('fg_login_throttle')
    .values({
      key,
      failures: 1,
      window_started_at: nowIso,
      locked_until: locksAtOnce ? new Date(now.getTime() + first * 1000).toISOString() : null,
      lock_seconds: locksAtOnce ? first : 0,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        // Every expression reads the row as it was before this statement (both databases).
        failures,
        window_started_at: sql<string>`(case when ${quiet} then ${ts(dialect, nowIso)} else ${t}.window_started_at end)`,
        lock_seconds: lockSeconds,
        locked_until: lockedUntil,
      }).where(sql<boolean>`(${t}.locked_until is null or ${t}.locked_until <= ${ts(dialect, nowIso)})`),
    )
    .returningAll()
    .executeTakeFirst();
}

/**
 * Counts one attempt from a client address, in fixed windows of `windowSeconds`, unless the
 * window already holds `max`: then nothing changes and undefined comes back (atomically, as above).
 */
export async function recordAddressFailure(
  db: Kysely<Database>,
  dialect: Dialect,
  key: string,
  now: Date,
  windowSeconds: number,
  max: number = Number.MAX_SAFE_INTEGER,
): Promise<LoginThrottleRow | undefined> {
  const nowIso = now.toISOString();
  const cut = ts(dialect, new Date(now.getTime() - windowSeconds * 1000).toISOString());
  const t = sql.ref('fg_login_throttle');
  const expired = sql<boolean>`(${t}.window_started_at <= ${cut})`;
  return db
    .insertInto('fg_login_throttle')
    .values({ key, failures: 1, window_started_at: nowIso, locked_until: null, lock_seconds: 0 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`(case when ${expired} then 1 else ${t}.failures + 1 end)`,
        window_started_at: sql<string>`(case when ${expired} then ${ts(dialect, nowIso)} else ${t}.window_started_at end)`,
      }).where(sql<boolean>`(${expired} or ${t}.failures < ${max})`),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Gives back one counted attempt of an address (a login that turned out right). */
export async function releaseAddressAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('fg_login_throttle')
    .set({ failures: sql<number>`(case when failures > 0 then failures - 1 else 0 end)` })
    .where('key', '=', key)
    .execute();
}

/** A timestamp parameter, typed for PostgreSQL (SQLite keeps ISO text, which sorts correctly). */
function ts(dialect: Dialect, iso: string): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`cast(${iso} as timestamptz)` : sql<string>`${iso}`;
}

/** `iso` plus a whole number of seconds computed in SQL, as a timestamp of the column's kind. */
function addSeconds(dialect: Dialect, iso: string, seconds: RawBuilder<number>): RawBuilder<string> {
  if (dialect === 'postgres') return sql<string>`(cast(${iso} as timestamptz) + ${seconds} * interval '1 second')`;
  // Same text shape as Date.toISOString(): 2024-01-01T00:00:00.000Z.
  return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${iso}, '+' || ${seconds} || ' seconds')`;
}

/**
 * Deletes counters that would start over anyway: window started before `windowStartedBefore`
 * and no lock still running at `now`.
 */
export async function deleteQuietThrottles(db: Kysely<Database>, windowStartedBefore: string, now: string): Promise<number> {
  const result = await db
    .deleteFrom('fg_login_throttle')
    .where('window_started_at', '<', windowStartedBefore)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
