import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from './clock.js';
import { GodwitError } from './errors.js';

/** The environment variable that runs a process (normally `godwit server`) on a faster clock. */
export const CLOCK_SPEED_ENV = 'GODWIT_CLOCK_SPEED';

/**
 * A clock that runs `speed` times faster than real time from `start`: `now()` moves `speed`
 * simulated milliseconds per real one, and `sleep(ms)` waits `ms / speed` real milliseconds. Unlike
 * a test's hand-moved clock, real work (endpoints answering, load generators, timers in several
 * loops at once) keeps running while simulated time passes, so a canary's 10-minute baking period
 * or a 15-minute scale-in alarm is a second of wall time in a test or a lab, with every loop
 * seeing the same time.
 */
export function scaledClock(speed: number, start: Date = new Date()): Clock {
  if (!Number.isFinite(speed) || speed < 1) {
    throw new GodwitError('E_CONFIG', `Clock speed "${speed}" is not a number of at least 1.`, {
      hint: `Give ${CLOCK_SPEED_ENV} a factor such as 60 (a simulated minute per real second); 1 is real time.`,
    });
  }
  if (speed === 1) return systemClock;
  const base = start.getTime();
  const origin = performance.now();
  return {
    now: () => new Date(base + Math.floor((performance.now() - origin) * speed)),
    sleep: (ms, signal) => systemClock.sleep(ms / speed, signal),
  };
}

/** `GODWIT_CLOCK_SPEED` when set (a factor ≥ 1), else the system clock. */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const value = env[CLOCK_SPEED_ENV];
  if (value === undefined || value === '') return systemClock;
  return scaledClock(Number(value));
}
