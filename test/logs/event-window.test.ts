import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { eventWindow } from '../../src/logs/event-window.js';

const events = Array.from({ length: 5 }, (_, i) => ({
  timestamp: 1000 + i * 10,
  message: `line ${i}`,
  ingestionTime: 1000 + i * 10,
}));
const messages = (w: ReturnType<typeof eventWindow>) => w.events.map((e) => e.message);

describe("GetLogEvents' window", () => {
  test('from the head forward to the end, where the same token comes back', () => {
    const first = eventWindow(events, { startFromHead: true, limit: 2 });
    assert.deepEqual(messages(first), ['line 0', 'line 1']);
    const second = eventWindow(events, { limit: 2, nextToken: first.nextForwardToken });
    const third = eventWindow(events, { limit: 2, nextToken: second.nextForwardToken });
    assert.deepEqual(messages(third), ['line 4']);
    const end = eventWindow(events, { limit: 2, nextToken: third.nextForwardToken });
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, third.nextForwardToken);
    // A line written later is there on the next poll with the same token.
    const grown = [...events, { timestamp: 2000, message: 'line 5', ingestionTime: 2000 }];
    assert.deepEqual(messages(eventWindow(grown, { limit: 2, nextToken: end.nextForwardToken })), ['line 5']);
  });

  test('from the tail backward to the start, where the same token comes back', () => {
    const last = eventWindow(events, { limit: 2 });
    assert.deepEqual(messages(last), ['line 3', 'line 4']);
    const before = eventWindow(events, { limit: 2, nextToken: last.nextBackwardToken });
    assert.deepEqual(messages(before), ['line 1', 'line 2']);
    const start = eventWindow(events, {
      limit: 2,
      nextToken: eventWindow(events, { limit: 2, nextToken: before.nextBackwardToken }).nextBackwardToken,
    });
    assert.deepEqual(start.events, []);
    // Forward from a backward page continues after it.
    assert.deepEqual(messages(eventWindow(events, { limit: 1, nextToken: before.nextForwardToken })), ['line 3']);
  });

  test('startTime is inclusive, endTime exclusive', () => {
    assert.deepEqual(messages(eventWindow(events, { startFromHead: true, limit: 10, startTime: 1010, endTime: 1030 })), [
      'line 1',
      'line 2',
    ]);
  });

  test('a page stops at 1 MB of messages', () => {
    const big = Array.from({ length: 3 }, (_, i) => ({ timestamp: i, message: 'x'.repeat(600_000), ingestionTime: i }));
    assert.equal(eventWindow(big, { startFromHead: true, limit: 10 }).events.length, 1);
    assert.equal(eventWindow(big, { limit: 10 }).events.length, 1);
  });

  test('a token it did not write is E_LOG_TOKEN', () => {
    assert.throws(
      () => eventWindow(events, { limit: 1, nextToken: 'x/1' }),
      (err: unknown) => err instanceof GodwitError && err.code === 'E_LOG_TOKEN',
    );
  });
});
