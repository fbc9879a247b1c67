// What authentication reads on every request, kept in process (issue 12): API key by hash, user,
// session, and verified token → claims. Revocation stays immediate:
// - every write of this process to user, apikey or fg_session drops the whole cache after the
//   statement (storage's write watch), and services that revoke inside a transaction call
//   invalidate() once it has committed;
// - writes by anyone else move storage.externalChangeVersion() (SQLite: PRAGMA data_version,
//   checked once per request; PostgreSQL: LISTEN/NOTIFY fed by the 0005 triggers), which drops
//   the cache too; while PostgreSQL's listening connection is down, nothing is served from it;
// - a read that raced with an invalidation is not stored (generation check);
// - entries also expire after AUTH_CACHE_TTL_MS, only a safety net.
// Expiry of sessions and tokens is re-checked on every hit against the injected clock.
import { performance } from 'node:perf_hooks';
import type { Storage } from '../../storage/db.js';
import type { ApiKeyRow } from '../../storage/repositories/api-keys.js';
import type { SessionRow } from '../../storage/repositories/sessions.js';
import type { UserRecord } from '../../storage/repositories/users.js';

export const AUTH_CACHE_TTL_MS = 5_000;
export const AUTH_CACHE_MAX_ENTRIES = 10_000;

type Claims = Record<string, unknown>;

class Bounded<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, until: number): void {
    // Oldest out first: Map keeps insertion order.
    if (this.#entries.size >= AUTH_CACHE_MAX_ENTRIES && !this.#entries.has(key)) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { value, until });
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

function freezeUser(user: UserRecord): UserRecord {
  if (user.optins) Object.freeze(user.optins);
  return Object.freeze(user);
}

export class AuthCache {
  #generation = 0;
  #seenVersion: number | null = null;
  readonly #storage: Storage;
  readonly #apiKeys = new Bounded<ApiKeyRow>();
  readonly #users = new Bounded<UserRecord>();
  readonly #sessions = new Bounded<SessionRow>();
  // Claims depend only on the token and the signing key, never on the database.
  readonly #tokens = new Bounded<Claims>();

  constructor(storage: Storage) {
    this.#storage = storage;
    storage.watchAuthWrites(() => this.invalidate());
  }

  /** Drops every database row held (tokens stay: their claims cannot change). */
  invalidate(): void {
    this.#generation++;
    this.#apiKeys.clear();
    this.#users.clear();
    this.#sessions.clear();
  }

  /**
   * Once per request, before the lookups: false when the cache must not be used (then every
   * lookup reads the database). Drops everything if another writer changed the tables.
   */
  begin(): boolean {
    const version = this.#storage.externalChangeVersion();
    if (version !== this.#seenVersion) {
      this.#seenVersion = version;
      this.invalidate();
    }
    return version !== null;
  }

  apiKey(hash: string, usable: boolean, load: () => Promise<ApiKeyRow | undefined>): Promise<ApiKeyRow | undefined> | ApiKeyRow {
    return this.#read(this.#apiKeys, hash, usable, load);
  }

  user(id: string, usable: boolean, load: () => Promise<UserRecord | undefined>): Promise<UserRecord | undefined> | UserRecord {
    return this.#read(this.#users, id, usable, async () => {
      const user = await load();
      return user && freezeUser(user);
    });
  }

  session(id: string, usable: boolean, load: () => Promise<SessionRow | undefined>): Promise<SessionRow | undefined> | SessionRow {
    return this.#read(this.#sessions, id, usable, load);
  }

  /** Claims of a token verified before, if still unexpired at `nowSeconds`. */
  claims(token: string, nowSeconds: number): Claims | undefined {
    const claims = this.#tokens.get(token, performance.now());
    return claims && typeof claims.exp === 'number' && claims.exp > nowSeconds ? claims : undefined;
  }

  rememberClaims(token: string, claims: Claims): void {
    this.#tokens.set(token, Object.freeze(claims), performance.now() + AUTH_CACHE_TTL_MS * 12);
  }

  #read<V extends object>(map: Bounded<V>, key: string, usable: boolean, load: () => Promise<V | undefined>): Promise<V | undefined> | V {
    if (usable) {
      const hit = map.get(key, performance.now());
      if (hit) return hit;
    }
    const generation = this.#generation;
    return load().then((value) => {
      // Not stored if an invalidation happened while reading: the row may be the old one.
      if (value && usable && generation === this.#generation) map.set(key, value, performance.now() + AUTH_CACHE_TTL_MS);
      return value;
    });
  }
}
