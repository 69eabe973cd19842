import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PassLoop } from '../../src/core/pass-loop.js';
import { scaledClock } from '../../src/core/scaled-clock.js';

test('a pass loop runs passes at the moments they ask for on the clock, survives a throwing pass, wakes on poke and stops on close', async () => {
  // 1000 simulated ms per real ms: a pass asking for "10 s from now" is run again ~10 ms later.
  const clock = scaledClock(1000);
  // The loop's own timers are unreferenced (a server's sockets keep its process up); this test's is not.
  const keepAlive = setInterval(() => {}, 1000);
  const logged: string[] = [];
  const loop = new PassLoop({ clock, log: (line) => logged.push(line), tickMs: 60_000, name: 'test passes' });
  let passes = 0;
  let woken: () => void = () => {};
  const third = new Promise<void>((resolve) => (woken = resolve));
  loop.start(async () => {
    passes++;
    if (passes === 2) {
      // A poke during a pass runs the next one as soon as it ends (here: instead of the minute's tick).
      loop.poke();
      throw new Error('the second pass fails');
    }
    if (passes === 3) woken();
    return passes < 3 ? new Date(clock.now().getTime() + 10_000) : undefined;
  });
  await third;
  assert.deepEqual(logged, ['test passes: the second pass fails']);
  // After the third pass nothing is due and the real tick is a minute away: only a poke runs a pass.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(passes, 3);
  loop.poke();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(passes, 4);
  await loop.close();
  assert.equal(loop.closed, true);
  loop.poke();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(passes, 4, 'a closed loop runs no pass');
  clearInterval(keepAlive);
});
