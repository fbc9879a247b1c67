// A value now or later. The hot paths of authentication answer from memory most of the time:
// returning the value itself then, instead of a promise, spares every request a microtask turn
// per step (issue 12). Callers that await it see no difference.
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** f(value), at once when the value is there, after it when it is a promise. */
export function andThen<T, U>(value: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(f) : f(value);
}
