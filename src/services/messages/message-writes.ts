// Chat messages of runs are written together: every message stored during one turn of the event
// loop goes into the database in one statement (group commit). Each run still waits until its
// own messages are written, so nothing a run answers is missing from the history; under load,
// one commit serves many runs instead of two per run (a commit's WAL write was most of a
// SQLite /run's database time, issue 12). A batch that fails is retried row by row, so one bad
// row (its flow deleted meanwhile) fails only its own run.
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { insertMessageRows, type MessageRow } from '../../storage/repositories/messages.js';

/** Rows per statement: 15 columns each stays far below SQLite's limit of bound values. */
export const MESSAGE_BATCH_MAX_ROWS = 200;

interface Pending {
  row: MessageRow;
  resolve(): void;
  reject(error: unknown): void;
}

export class MessageWrites {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** Resolves once the row is stored; rejects with the database's error for this row. */
  write(row: MessageRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const pending = this.#pending;
    this.#pending = [];
    for (let start = 0; start < pending.length; start += MESSAGE_BATCH_MAX_ROWS) {
      await this.#writeBatch(pending.slice(start, start + MESSAGE_BATCH_MAX_ROWS));
    }
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    try {
      await insertMessageRows(this.db, batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // The statement is all or nothing: find the rows that fail on their own.
      for (const p of batch) {
        await insertMessageRows(this.db, [p.row]).then(p.resolve, p.reject);
      }
    }
  }
}
