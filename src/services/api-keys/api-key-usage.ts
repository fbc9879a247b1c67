// API-key usage (issue 12): counted in memory and written once a second and at shutdown, one
// statement per key, instead of an UPDATE on every request. The statement adds this instance's
// count to the stored one and only moves last_used_at forward, so several instances writing the
// same key never lose a use nor move the time back. total_uses is exact after a clean shutdown;
// a crash loses at most the last second's counts. Reads on this instance add what is pending.
import type { Kysely } from 'kysely';
import { addApiKeyUses } from '../../storage/repositories/api-keys.js';
import type { Database } from '../../storage/schema.js';

export const API_KEY_USAGE_FLUSH_MS = 1000;

export interface PendingUse {
  count: number;
  /** UTC ISO string. */
  lastUsedAt: string;
}

// In memory the time is kept in milliseconds: formatting it on every use cost half a microsecond.
interface Counted {
  count: number;
  lastUsedMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class ApiKeyUsage {
  #pending = new Map<string, Counted>();
  #flushing: Promise<void> = Promise.resolve();

  /** One use of the key at `atMs` (milliseconds since the epoch, from the injected clock). */
  record(apiKeyId: string, atMs: number): void {
    const entry = this.#pending.get(apiKeyId);
    if (!entry) this.#pending.set(apiKeyId, { count: 1, lastUsedMs: atMs });
    else {
      entry.count++;
      if (atMs > entry.lastUsedMs) entry.lastUsedMs = atMs;
    }
  }

  /** Uses counted here and not written yet. */
  pending(apiKeyId: string): PendingUse | undefined {
    const entry = this.#pending.get(apiKeyId);
    return entry && { count: entry.count, lastUsedAt: iso(entry.lastUsedMs) };
  }

  /** Writes what is pending; flushes never overlap, so no use is written twice. */
  flush(db: Kysely<Database>): Promise<void> {
    return this.#serialised(() => this.#write(db));
  }

  /**
   * Runs a read of the stored counts with no flush under way: a batch being written is neither in
   * pending() nor yet visible to other connections, so a read beside it would miss its uses.
   * Add pending() inside `read`, before it returns.
   */
  whileSettled<T>(read: () => Promise<T>): Promise<T> {
    return this.#serialised(read);
  }

  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#flushing.then(work);
    // A failed write (the database away) must not stop every later flush: the chain goes on.
    this.#flushing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async #write(db: Kysely<Database>): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending];
    this.#pending = new Map();
    for (let i = 0; i < batch.length; i++) {
      const [id, use] = batch[i]!;
      try {
        await addApiKeyUses(db, id, use.count, iso(use.lastUsedMs));
      } catch (error) {
        // The database is unreachable: this key's count and every one not written yet wait for
        // the next flush (a write whose commit was lost in transit may then count twice: the count
        // errs high rather than dropping uses).
        for (const [laterId, laterUse] of batch.slice(i)) this.#keep(laterId, laterUse);
        throw error;
      }
    }
  }

  #keep(apiKeyId: string, use: Counted): void {
    const newer = this.#pending.get(apiKeyId);
    if (!newer) this.#pending.set(apiKeyId, use);
    else this.#pending.set(apiKeyId, { count: newer.count + use.count, lastUsedMs: Math.max(newer.lastUsedMs, use.lastUsedMs) });
  }
}
