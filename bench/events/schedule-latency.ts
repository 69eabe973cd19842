/**
 * How late a schedule fires on the real clock. A home's metadata (SQLite) with the EventBridge
 * service over it and the server's `Scheduler` on the system clock; ROUNDS schedule rules with
 * `at()` times one second apart (EventBridge's finest schedule is a minute, so 20 fires of a
 * `rate(1 minute)` would take 20 minutes; `at()` times give the same fire path 20 times in 20 s).
 * Each fire publishes the rule's Scheduled Event to its target's delivery queue and records the
 * fire, as in `godwit server`; lateness is the wall time when that is done minus the scheduled
 * time. The baseline, in the same run half a second after each fire: a bare `setTimeout` to the
 * same kind of moment, i.e. what the event loop alone gives.
 *
 *   node --conditions=godwit-source --import tsx bench/events/schedule-latency.ts
 *
 * BENCH_ROUNDS (20). Target: every fire within 50 ms of its time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { CatalogEventBridgeService } from '../../src/events/bus/catalog-eventbridge-service.js';
import { eventBridgeScheduleSource } from '../../src/events/schedules/schedule-source.js';
import { Scheduler } from '../../src/events/schedules/scheduler.js';
import { openMetadata } from '../../src/meta/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
const wall = (d: Date) => d.toISOString().slice(0, 19);

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-schedules-'));
const metadata = await openMetadata(godwitHome(join(root, 'home')), systemClock, {});
const events = new CatalogEventBridgeService(metadata.eventbridge, systemClock);
const first = Math.ceil(Date.now() / 1000) * 1000 + 2000;
for (let i = 0; i < ROUNDS; i++) {
  const name = `at-${i}`;
  await events.putRule({ name, scheduleExpression: `at(${wall(new Date(first + i * 1000))})` });
  await events.putTargets(name, undefined, [{ id: '1', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' }]);
}

const godwit: number[] = [];
const source = eventBridgeScheduleSource(events, metadata.eventbridge);
const measured = {
  ...source,
  fire: async (rule: Parameters<typeof source.fire>[0], at: Date) => {
    await source.fire(rule, at);
    godwit.push(Date.now() - at.getTime());
  },
};
const cpu0 = process.cpuUsage();
const scheduler = new Scheduler({ source: measured, state: metadata.eventSchedules, clock: systemClock, log: console.error });
await scheduler.start();

const baseline: number[] = [];
await Promise.all(
  Array.from({ length: ROUNDS }, (_, i) => {
    const due = first + i * 1000 + 500;
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        baseline.push(Date.now() - due);
        resolve();
      }, due - Date.now()),
    );
  }),
);
while (godwit.length < ROUNDS) await new Promise((r) => setTimeout(r, 50));
await scheduler.close();
const cpu = process.cpuUsage(cpu0);
await metadata.close();
await rm(root, { recursive: true, force: true });

const line = (label: string, xs: number[]) => `${label.padEnd(34)} p50 ${pct(xs, 0.5)} ms   max ${Math.max(...xs)} ms`;
console.log(`${ROUNDS} fires, one a second, on the real clock`);
console.log(line('Godwit scheduler (fire + record)', godwit));
console.log(line('setTimeout to the same moment', baseline));
console.log(`ratio of p50 (Godwit / setTimeout): ${(pct(godwit, 0.5) / Math.max(1, pct(baseline, 0.5))).toFixed(2)}×`);
console.log(`CPU over the run: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
console.log(`within 50 ms: ${godwit.every((x) => x <= 50) ? 'met' : 'NOT met'}`);
