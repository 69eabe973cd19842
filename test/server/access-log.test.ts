import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accessLine, batchedLines, timeText } from '../../src/server/access-log.js';

describe('the access log', () => {
  test('writes times as toISOString does, including within one second and across seconds', () => {
    const times = [0, 5, 99, 100, 999, 1000, -1, -1001, Date.parse('2026-12-05T22:45:01.007Z'), 1_733_433_901_999];
    for (const ms of times) {
      assert.equal(timeText(new Date(ms)), new Date(ms).toISOString(), `at ${ms}`);
      assert.equal(timeText(ms), new Date(ms).toISOString(), `at ${ms} as a number`);
    }
  });

  test('holds only the entry: no header, query or body can reach it', () => {
    const line = accessLine({
      at: Date.parse('2026-12-05T22:45:01.250Z'),
      requestId: 'req-1',
      method: 'POST',
      path: '/endpoints/abalone/invocations',
      status: 200,
      door: 'sagemaker-runtime',
      operation: 'InvokeEndpoint',
      ms: 0.4321,
    });
    assert.equal(
      line,
      '2026-12-05T22:45:01.250Z 200 POST /endpoints/abalone/invocations sagemaker-runtime InvokeEndpoint 0.4ms req-1',
    );
    const unrouted = accessLine({ at: 0, requestId: 'r', method: 'GET', path: '/x', status: 404, ms: 1 });
    assert.equal(unrouted, '1970-01-01T00:00:00.000Z 404 GET /x - - 1.0ms r');
  });

  test('batches lines into one write per turn of the event loop', async () => {
    const writes: string[] = [];
    const lines = batchedLines({ write: (text: string) => writes.push(text) });
    lines.write('a');
    lines.write('b');
    assert.deepEqual(writes, []);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, ['a\nb\n']);
  });
});
