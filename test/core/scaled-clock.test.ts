import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { GodwitError } from '../../src/core/errors.js';
import { clockFromEnv, scaledClock } from '../../src/core/scaled-clock.js';

test('a scaled clock moves speed simulated milliseconds per real one, and sleeps the real share', async () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const clock = scaledClock(6000, start);
  const real = performance.now();
  await clock.sleep(600_000); // 10 simulated minutes
  const waited = performance.now() - real;
  const simulated = clock.now().getTime() - start.getTime();
  assert.ok(waited >= 99 && waited < 1000, `slept ${waited} ms of real time`);
  assert.ok(simulated >= 600_000 && simulated < 6_000_000, `moved ${simulated} simulated ms`);
});

test('a scaled clock sleep aborts with the signal', async () => {
  const clock = scaledClock(10);
  const abort = new AbortController();
  const sleeping = clock.sleep(60_000, abort.signal);
  abort.abort(new Error('stopped'));
  await assert.rejects(sleeping, /stopped/);
});

test('GODWIT_CLOCK_SPEED picks the clock; a bad factor is a coded error', () => {
  assert.equal(clockFromEnv({}), systemClock);
  assert.equal(clockFromEnv({ GODWIT_CLOCK_SPEED: '1' }), systemClock);
  assert.notEqual(clockFromEnv({ GODWIT_CLOCK_SPEED: '60' }), systemClock);
  for (const bad of ['fast', '0', '-5', 'Infinity']) {
    assert.throws(
      () => clockFromEnv({ GODWIT_CLOCK_SPEED: bad }),
      (err) => err instanceof GodwitError && err.code === 'E_CONFIG' && /GODWIT_CLOCK_SPEED/.test(err.hint ?? ''),
    );
  }
});
