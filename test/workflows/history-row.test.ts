import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Json } from '../../src/workflows/asl/asl-types.js';
import { eventsBetween, HistoryRow } from '../../src/workflows/history-row.js';
import type { NewHistoryEvent } from '../../src/workflows/workflow-catalog.js';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, 0, ms));

/** Events as GetExecutionHistory answers them: `inputDetails` / `outputDetails` beside input and output. */
function asRead(events: readonly NewHistoryEvent[]) {
  return events.map((e) => {
    const { details, ...rest } = e;
    if (!details) return rest;
    const read: Record<string, unknown> = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
    if ('input' in read) read.inputDetails = { truncated: false };
    if ('output' in read) read.outputDetails = { truncated: false };
    return { ...rest, details: read };
  });
}

const events: NewHistoryEvent[] = [
  {
    id: 5,
    previousEventId: 4,
    timestamp: at(10),
    type: 'PassStateExited',
    details: { name: 'A "quoted" state', output: '{"v":1}' },
  },
  { id: 6, previousEventId: 5, timestamp: at(10), type: 'TaskStateEntered', details: { name: 'Train', input: '{"v":1}' } },
  { id: 7, previousEventId: 6, timestamp: at(12), type: 'TaskStateExited', details: { name: 'Train', output: '{}' } },
  {
    id: 8,
    previousEventId: 7,
    timestamp: at(12),
    type: 'PassStateEntered',
    details: { name: 'back\\slash \u{1f426} \ud800\n', input: '{}' },
  },
  {
    id: 9,
    previousEventId: 8,
    timestamp: at(12),
    type: 'PassStateExited',
    details: { name: 'back\\slash \u{1f426} \ud800\n', output: '{}' },
  },
  { id: 10, previousEventId: 9, timestamp: at(12), type: 'ParallelStateStarted' },
  { id: 11, previousEventId: 3, timestamp: at(11), type: 'MapIterationStarted', details: { name: 'Each', index: 0 } },
  {
    id: 12,
    previousEventId: 11,
    timestamp: at(500),
    type: 'TaskScheduled',
    details: {
      resourceType: 'lambda',
      resource: 'arn:x',
      parameters: '{"a":[1,2]}',
      region: undefined as unknown as Json, // as a spread of an absent field leaves it
      nested: { n: [1, null] },
    },
  },
  { id: 13, previousEventId: 12, timestamp: at(500), type: 'ExecutionFailed', details: {} },
  { id: 14, previousEventId: 13, timestamp: at(501), type: 'ExecutionSucceeded', details: { output: '"\u2603"' } },
];

describe('HistoryRow: a commit’s events as one compact row', () => {
  test('events added one by one read back the same: details, times, previous ids, events without details', () => {
    const row = new HistoryRow();
    for (const e of events) {
      if (e.details && Object.keys(e.details).join() === 'name,output') {
        row.addState(
          e.id,
          e.previousEventId,
          e.timestamp,
          e.type,
          e.details.name as string,
          'output',
          e.details.output as string,
        );
      } else if (e.details && Object.keys(e.details).join() === 'name,input') {
        row.addState(e.id, e.previousEventId, e.timestamp, e.type, e.details.name as string, 'input', e.details.input as string);
      } else row.add(e.id, e.previousEventId, e.timestamp, e.type, e.details);
    }
    assert.equal(row.length, 10);
    assert.equal(row.firstId, 5);
    assert.equal(row.lastId, 14);
    const stored = { first_id: row.firstId, events: row.text() };
    assert.deepEqual(eventsBetween([stored], 1, 100), asRead(events));
    assert.deepEqual(eventsBetween([stored], 7, 12), asRead(events.slice(2, 8)));
    assert.deepEqual(HistoryRow.of(events).text(), row.text());
  });

  test('a payload text repeated is stored once', () => {
    const row = new HistoryRow();
    const payload = JSON.stringify({ big: 'x'.repeat(10_000) });
    for (let id = 1; id <= 100; id++) row.addState(id, id - 1, at(0), 'PassStateEntered', 'Same', 'input', payload);
    assert.ok(row.text().length < payload.length + 2000, `${row.text().length} characters`);
  });

  test('ids must follow one another', () => {
    const row = new HistoryRow();
    row.add(1, 0, at(0), 'ExecutionStarted');
    assert.throws(() => row.add(3, 2, at(0), 'PassStateEntered'), /does not follow event 1/);
  });

  test('rows written by earlier versions still read: the first compact form and the array of tuples', () => {
    const compact = {
      first_id: 2,
      events: JSON.stringify({
        t0: at(0).getTime(),
        types: ['PassStateEntered', 'PassStateExited'],
        texts: ['{}'],
        e: [
          [0, 0, { name: 'A', input: 0 }],
          [1, 3, { name: 'A', output: 0 }, 1],
        ],
      }),
    };
    const tuples = { first_id: 4, events: JSON.stringify([[4, 3, at(7).toISOString(), 'ExecutionSucceeded', { output: '{}' }]]) };
    assert.deepEqual(
      eventsBetween([compact, tuples], 1, 10),
      asRead([
        { id: 2, previousEventId: 1, timestamp: at(0), type: 'PassStateEntered', details: { name: 'A', input: '{}' } },
        { id: 3, previousEventId: 1, timestamp: at(3), type: 'PassStateExited', details: { name: 'A', output: '{}' } },
        { id: 4, previousEventId: 3, timestamp: at(7), type: 'ExecutionSucceeded', details: { output: '{}' } },
      ]),
    );
  });
});
