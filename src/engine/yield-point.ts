// Lets other requests in during a long run. A component that resolves at once (text, prompt,
// parser…) never gives the event loop back, so a flow of many of them would hold every other
// request (`/health` included) until it ends; the runner calls `maybeYield()` between
// components, which gives way to pending I/O once a slice of CPU time has been used.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Milliseconds of uninterrupted work a run may do before letting other requests in. */
const SLICE_MS = 5;

export interface YieldPoint {
  maybeYield(): Promise<void>;
}

export function createYieldPoint(now: () => number = () => performance.now()): YieldPoint {
  let sliceStart = now();
  return {
    async maybeYield() {
      if (now() - sliceStart < SLICE_MS) return;
      await nextTurn();
      sliceStart = now();
    },
  };
}
