// API-key usage (issue 12): counted in memory and written once a second and at shutdown, one
// statement per key, instead of an UPDATE on every request. The statement adds this instance's
// count to the stored one and only moves last_used_at forward, so several instances writing the
// same key never lose a use nor move the time back. total_uses is exact after a clean shutdown;
// a crash loses at most the last second's counts. Reads on this instance add what is pending.
import type { Kysely } from 'kysely';
import { addApiKeyUses } from '../storage/repositories/api-keys.js';
import type { Database } from '../storage/schema.js';

export const API_KEY_USAGE_FLUSH_MS = 1000;

export interface PendingUse {
  count: number;
  lastUsedAt: string;
}

export class ApiKeyUsage {
  #pending = new Map<string, PendingUse>();
  #flushing: Promise<void> = Promise.resolve();

  record(apiKeyId: string, at: string): void {
    const entry = this.#pending.get(apiKeyId);
    if (!entry) this.#pending.set(apiKeyId, { count: 1, lastUsedAt: at });
    else {
      entry.count++;
      if (at > entry.lastUsedAt) entry.lastUsedAt = at;
    }
  }

  /** Uses counted here and not written yet. */
  pending(apiKeyId: string): PendingUse | undefined {
    return this.#pending.get(apiKeyId);
  }

  /** Writes what is pending; flushes never overlap, so no use is written twice. */
  flush(db: Kysely<Database>): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write(db));
    return this.#flushing;
  }

  async #write(db: Kysely<Database>): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    for (const [id, use] of batch) {
      try {
        await addApiKeyUses(db, id, use.count, use.lastUsedAt);
      } catch (error) {
        // The database is unreachable: keep the count for the next flush.
        const later = this.#pending.get(id);
        this.#pending.set(id, later ? { count: later.count + use.count, lastUsedAt: later.lastUsedAt > use.lastUsedAt ? later.lastUsedAt : use.lastUsedAt } : use);
        throw error;
      }
    }
  }
}
