// Password hashing under a bound (issue 12): argon2id (OWASP's 19 MiB, t = 2, p = 1; see
// auth/password.ts) runs on libuv's threads, four by default; a login storm hashing on all of them
// took every core of a two-core machine and left the API a fifth of its throughput. At most
// `threads` hashes run at once (default cores − 1, at least 1), which also bounds their memory;
// at most `queue` wait, and beyond that the answer is 503 with Retry-After, before any work.
import { hashPassword, verifyDummy, verifyPassword, type PasswordCheck } from '../../auth/password.js';
import { AppError } from '../errors.js';

export const HASH_BUSY_MESSAGE = 'The server is busy checking passwords. Try again shortly.';

export class HashQueueFullError extends AppError {
  constructor() {
    super(503, HASH_BUSY_MESSAGE, { 'Retry-After': '1' });
  }
}

export class PasswordHasher {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #threads: number;
  readonly #queue: number;

  constructor(threads: number, queue: number) {
    this.#threads = Math.max(1, threads);
    this.#queue = Math.max(0, queue);
  }

  hash(password: string): Promise<string> {
    return this.#run(() => hashPassword(password));
  }

  verify(password: string, storedHash: string): Promise<PasswordCheck> {
    return this.#run(() => verifyPassword(password, storedHash));
  }

  /** The work of one verification, for unknown users (the same queue, so the same timing). */
  verifyDummy(password: string): Promise<void> {
    return this.#run(() => verifyDummy(password));
  }

  /** Refuses (503) when a hash could not even wait now: before any other work, such as counting a login attempt. */
  assertCapacity(): void {
    if (this.#running >= this.#threads && this.#waiting.length >= this.#queue) throw new HashQueueFullError();
  }

  get stats(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  async #run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#threads) {
      if (this.#waiting.length >= this.#queue) throw new HashQueueFullError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
