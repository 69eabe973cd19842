/**
 * What the capabilities' contract suites (`*.contract.ts`: endpoints, jobs, pipelines) share: a
 * unique name per test, so suites can share one PostgreSQL database; an assertion on an error's
 * code; and a clock the suite moves by hand, so every timestamp is known.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';

export const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** For `assert.rejects` / `assert.throws`: the error carries `expected` as its code. */
export const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

export class HandClock implements Clock {
  t = Date.parse('2026-12-05T10:00:00Z');
  now = () => new Date(this.t);
  sleep = async (ms: number) => {
    this.t += ms;
  };
}
