import type { Clock } from '../../src/core/clock.js';

/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export class FakeClock implements Clock {
  private t: number;
  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
