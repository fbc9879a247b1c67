// One build job: its events queued until someone reads them (Langflow's job queue: each event
// is delivered once, to whichever reader takes it), its cancellation, and its end.
import { randomUUID } from 'node:crypto';
import { MAX_QUEUED_EVENT_BYTES } from './limits.js';

/** One event as Langflow's EventManager writes it: a JSON object, then a blank line. */
export function encodeBuildEvent(event: string, data: unknown): string {
  return `${JSON.stringify({ event, data })}\n\n`;
}

/** The `error` event's data for a message about the whole build (Langflow's ErrorMessage). */
export type BuildErrorData = (text: string) => Record<string, unknown>;

export class BuildJob {
  readonly id = randomUUID();
  readonly ownerId: string;
  /** Builds the data of an `error` event for this job (its flow and session). */
  readonly errorData: BuildErrorData;
  private readonly controller = new AbortController();
  private queued: string[] = [];
  private queuedBytes = 0;
  private waiters = new Set<() => void>();
  private ended = false;

  constructor(ownerId: string, errorData: BuildErrorData) {
    this.ownerId = ownerId;
    this.errorData = errorData;
  }

  /** Aborts when the build is cancelled (the API, a reader leaving, the server closing). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the build has stopped producing events. */
  get finished(): boolean {
    return this.ended;
  }

  push(event: string, data: unknown): void {
    if (this.ended) return;
    const line = encodeBuildEvent(event, data);
    this.queued.push(line);
    this.queuedBytes += Buffer.byteLength(line);
    if (this.queuedBytes > MAX_QUEUED_EVENT_BYTES) this.cancel(new Error('Nobody read the build events; the build was cancelled'));
    this.wake();
  }

  /** The events queued so far, removed from the queue. */
  take(): string[] {
    const taken = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    return taken;
  }

  get hasQueued(): boolean {
    return this.queued.length > 0;
  }

  /** No more events will come. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake();
  }

  /** Stops the build; returns false when it had already finished. */
  cancel(reason: Error = new Error('The build was cancelled')): boolean {
    if (this.ended) return false;
    this.controller.abort(reason);
    this.finish();
    return true;
  }

  /** Resolves when an event is queued, the job finishes, `signal` aborts or `timeoutMs` passes. */
  changed(signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    if (this.hasQueued || this.ended || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        if (timer) clearTimeout(timer);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
