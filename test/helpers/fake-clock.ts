// A clock tests can move: sessions, throttling and expiry read time only from deps.clock.
import type { Clock } from '../../src/services/deps.js';

export class FakeClock implements Clock {
  #ms: number;

  constructor(start = Date.now()) {
    this.#ms = start;
  }

  now(): Date {
    return new Date(this.#ms);
  }

  advance(seconds: number): void {
    this.#ms += seconds * 1000;
  }
}
