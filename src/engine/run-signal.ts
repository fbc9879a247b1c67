// The run's time limit and cancellation. One AbortSignal combines the caller's signal and the
// timer; `guard` makes any awaited work give way as soon as it fires, so a slow component or
// a slow variable lookup cannot hold the run past its limit.
import { FlowTimeoutError } from './errors.js';

export interface RunSignal {
  readonly signal: AbortSignal;
  /** Throws the abort reason if the run has been stopped. */
  check(): void;
  /** Resolves as `work` does, or rejects with the abort reason as soon as the run is stopped. */
  guard<T>(work: Promise<T>): Promise<T>;
  /** Clears the timer and listeners. */
  dispose(): void;
}

export function createRunSignal(options: { signal?: AbortSignal; timeoutMs?: number }): RunSignal {
  const controller = new AbortController();
  const { signal: outer, timeoutMs } = options;
  const onOuterAbort = () => controller.abort(reasonOf(outer!));
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer =
    timeoutMs !== undefined && Number.isFinite(timeoutMs)
      ? setTimeout(() => controller.abort(new FlowTimeoutError(timeoutMs)), Math.max(0, timeoutMs))
      : undefined;
  const signal = controller.signal;
  // One abort listener for the whole run rejects whatever is being guarded: adding and removing
  // a listener on the signal for every guarded step cost more than the step itself (issue 12).
  const guarded = new Set<(reason: unknown) => void>();
  const onAbort = () => {
    for (const reject of guarded) reject(signal.reason);
    guarded.clear();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const check = () => {
    if (signal.aborted) throw signal.reason;
  };
  const guard = <T>(work: Promise<T>): Promise<T> => {
    if (signal.aborted) {
      work.catch(() => undefined);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      guarded.add(reject);
      work.then(
        (value) => {
          guarded.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          guarded.delete(reject);
          reject(error);
        },
      );
    });
  };
  const dispose = () => {
    if (timer) clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    signal.removeEventListener('abort', onAbort);
  };
  return { signal, check, guard, dispose };
}

function reasonOf(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The run was aborted', 'AbortError');
}
