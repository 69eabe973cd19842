/**
 * The contract every `LogSource` passes: one node:test suite per source, run over real logs (a
 * real run's step log recorded for a real job, a real container process's output). `open` gives
 * the source with one group holding one stream whose log holds `lines`, a group name of the same
 * family that has no logs (if the family has several), and a way to append a line as the stream's
 * writer would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LogSource } from './log-source.js';

export interface LogSourceFixture {
  readonly source: LogSource;
  readonly group: string;
  readonly stream: string;
  readonly lines: readonly string[];
  /** A group of the family with no logs, when the family has more than one group. */
  readonly emptyGroup?: string;
  append(line: string): void;
  close(): Promise<void>;
}

export function logSourceContract(name: string, open: () => Promise<LogSourceFixture>) {
  describe(`LogSource contract: ${name}`, () => {
    let f: LogSourceFixture;
    before(async () => {
      f = await open();
    });
    after(async () => f?.close());

    test('owns its family of groups, and no other', () => {
      assert.ok(f.source.owns(f.group));
      if (f.emptyGroup) assert.ok(f.source.owns(f.emptyGroup));
      assert.ok(!f.source.owns('/aws/lambda/something'));
    });

    test('lists a group once it has a stream, with its size and age', async () => {
      const groups = await f.source.groups();
      const group = groups.find((g) => g.name === f.group);
      assert.ok(group, `${f.group} in ${groups.map((g) => g.name).join(', ')}`);
      assert.ok(group.storedBytes > 0 && group.creationTime > 0);
      assert.ok(!groups.some((g) => g.name === f.emptyGroup));
      assert.equal(groups.filter((g) => g.name === f.group).length, 1);
    });

    test("a stream's event times bound its first and last event", async () => {
      const [stream, ...others] = await f.source.streams(f.group);
      assert.equal(others.length, 0);
      assert.equal(stream.name, f.stream);
      const events = (await f.source.events(f.group, f.stream)) ?? [];
      assert.ok(stream.storedBytes > 0);
      assert.ok((stream.firstEventTimestamp ?? 0) <= (events[0]?.timestamp ?? 0));
      assert.ok((stream.lastEventTimestamp ?? 0) >= (events.at(-1)?.timestamp ?? 0));
      if (f.emptyGroup) assert.deepEqual(await f.source.streams(f.emptyGroup), []);
      assert.deepEqual(await f.source.streams('/aws/lambda/something'), []);
    });

    test('events are the lines in the order written, with times that never go back', async () => {
      const events = (await f.source.events(f.group, f.stream)) ?? [];
      assert.deepEqual(
        events.map((e) => e.message),
        f.lines,
      );
      for (let i = 1; i < events.length; i++) assert.ok(events[i].timestamp >= events[i - 1].timestamp);
      for (const e of events) assert.equal(e.ingestionTime, e.timestamp);
    });

    test('an unknown stream, or a stream asked of another group, is undefined', async () => {
      assert.equal(await f.source.events(f.group, 'no-such-stream'), undefined);
      assert.equal(await f.source.events('/aws/lambda/something', f.stream), undefined);
      if (f.emptyGroup) assert.equal(await f.source.events(f.emptyGroup, f.stream), undefined);
    });

    test('eventsOf reads the streams asked for, by name, with the events events() gives', async () => {
      const all = await f.source.eventsOf(f.group, () => true);
      assert.deepEqual([...all.keys()], [f.stream]);
      assert.deepEqual(all.get(f.stream), await f.source.events(f.group, f.stream));
      assert.equal((await f.source.eventsOf(f.group, (s) => s !== f.stream)).size, 0);
      assert.equal((await f.source.eventsOf('/aws/lambda/something', () => true)).size, 0);
      if (f.emptyGroup) assert.equal((await f.source.eventsOf(f.emptyGroup, () => true)).size, 0);
    });

    test('a line appended is read at once: the log is readable while it is written', async () => {
      f.append('one more line');
      const events = (await f.source.events(f.group, f.stream)) ?? [];
      assert.equal(events.at(-1)?.message, 'one more line');
      assert.equal(events.length, f.lines.length + 1);
    });
  });
}
