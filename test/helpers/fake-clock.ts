import type { Clock } from '../../src/core/clock.js';

/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export class FakeClock implements Clock {
  private t: number;
  /** Every `sleep` asked for, in order (retry backoff, timeouts), in milliseconds. */
  readonly slept: number[] = [];
  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.slept.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
