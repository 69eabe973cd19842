import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import type { MissedPolicy } from '../../../src/events/schedules/missed-policy.js';
import { openMetadata } from '../../../src/meta/index.js';
import { startServer } from '../../../src/server/start-server.js';
import { CREDENTIALS } from './events-fixture.js';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const MIN = 60_000;
const BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/ticks';

async function archivedTimes(home: ReturnType<typeof godwitHome>): Promise<number[]> {
  const metadata = await openMetadata(home, systemClock, {});
  try {
    const kept = await metadata.eventbridge.listArchivedEvents('ticks', { from: new Date(0), to: new Date(8.64e15) });
    return kept.map((k) => Date.parse(k.event.time)).sort((a, b) => a - b);
  } finally {
    await metadata.close();
  }
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A server fires a rate(1 minute) rule, stops, and a second server starts on the same home ten
// simulated minutes later (clocks at 60× real time): the nine times that fell in between are
// caught up once, or skipped, as GODWIT_MISSED_SCHEDULES says.
for (const [policy, expected] of [
  ['run-once', 1],
  ['skip', 0],
] as const) {
  test(`schedule times missed while no server ran: ${policy}`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'godwit-missed-'));
    const home = godwitHome(join(root, 'home'));
    const start = (at: number, missedSchedules: MissedPolicy) =>
      startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, clock: scaledClock(60, new Date(at)), missedSchedules });
    try {
      const first = await start(T0, policy);
      const client = new EventBridgeClient({ endpoint: first.url, region: 'us-east-1', credentials: CREDENTIALS });
      await client.send(new CreateEventBusCommand({ Name: 'ticks' }));
      await client.send(new CreateArchiveCommand({ ArchiveName: 'ticks', EventSourceArn: BUS }));
      await client.send(new PutRuleCommand({ Name: 'every-minute', ScheduleExpression: 'rate(1 minute)' }));
      await client.send(new PutTargetsCommand({ Rule: 'every-minute', Targets: [{ Id: 'ticks', Arn: BUS }] }));
      await waitFor(async () => ((await client.send(new DescribeArchiveCommand({ ArchiveName: 'ticks' }))).EventCount ?? 0) >= 1);
      client.destroy();
      await first.stop();
      const [fired] = await archivedTimes(home);
      const restart = T0 + 10 * MIN;
      const second = await start(restart, policy);
      try {
        // The first time after the restart fires either way; what came before it is the policy's.
        await waitFor(async () => (await archivedTimes(home)).some((t) => t >= restart));
      } finally {
        await second.stop();
      }
      const times = await archivedTimes(home);
      const between = times.filter((t) => t > (fired as number) && t < restart);
      assert.equal(between.length, expected, JSON.stringify(times.map((t) => new Date(t).toISOString())));
      if (expected === 1) assert.equal(between[0], (fired as number) + MIN, 'the catch-up carries the first missed time');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
}
