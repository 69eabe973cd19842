import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CaptureRecord } from '../../../src/serving/capture/capture-sink.js';
import { openCaptureSink, openCaptureSinkOn } from '../../../src/serving/capture/capture-writer.js';
import { type ArtifactStore, storeForUri } from '../../../src/store/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';
import { capturedObjects, captureSpec, csvRecord } from './capture-fixtures.js';

const T0 = Date.parse('2026-12-05T10:59:59.900Z');
const at = (ms: number) => new Date(T0 + ms);

describe('the capture writer to a folder', () => {
  test('writes one object per variant and hour under <endpoint>/<variant>/yyyy/mm/dd/hh/', async () => {
    const dir = scratchDir('godwit-capture-');
    const sink = await openCaptureSink({ spec: captureSpec(dir), flushIntervalMs: 60_000 });
    sink.offer(csvRecord(1, at(0)));
    sink.offer(csvRecord(2, at(50)));
    sink.offer(csvRecord(3, at(200))); // 11:00:00.100: the next hour's folder
    sink.offer(csvRecord(4, at(10), 'Challenger'));
    assert.deepEqual(sink.stats(), {
      offered: 4,
      written: 0,
      dropped: 0,
      pending: 4,
      objects: 0,
      failedWrites: 0,
      lastError: undefined,
    });
    await sink.flush();
    const objects = await capturedObjects(await storeForUri(dir));
    const keys = objects.map((o) => o.key.replace(/-[0-9a-f-]{36}\.jsonl$/, '-<uuid>.jsonl'));
    assert.deepEqual(keys, [
      'churn/AllTraffic/2026/12/05/10/59-59-900-<uuid>.jsonl',
      'churn/AllTraffic/2026/12/05/11/00-00-100-<uuid>.jsonl',
      'churn/Challenger/2026/12/05/10/59-59-910-<uuid>.jsonl',
    ]);
    assert.deepEqual(
      objects.map((o) => o.lines.map((l) => l.eventMetadata.eventId)),
      [['ev-1', 'ev-2'], ['ev-3'], ['ev-4']],
    );
    assert.deepEqual(objects[1]!.lines[0], {
      captureData: {
        endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: '3,1.5,2\n', encoding: 'CSV' },
        endpointOutput: { observedContentType: 'text/csv; charset=utf-8', mode: 'OUTPUT', data: '0.3', encoding: 'CSV' },
      },
      eventMetadata: { eventId: 'ev-3', inferenceTime: '2026-12-05T11:00:00Z' },
      eventVersion: '0',
    });
    assert.deepEqual(sink.stats(), {
      offered: 4,
      written: 4,
      dropped: 0,
      pending: 0,
      objects: 3,
      failedWrites: 0,
      lastError: undefined,
    });
    await sink.close();
  });

  test('keeps only the sides the capture modes name, and the InferenceId when given', async () => {
    for (const mode of ['Input', 'Output'] as const) {
      const dir = scratchDir('godwit-capture-');
      const sink = await openCaptureSink({ spec: captureSpec(`file://${dir}`, { captureModes: [mode] }) });
      sink.offer(csvRecord(1, at(0), 'AllTraffic', { inferenceId: 'order-9' }));
      sink.offer(csvRecord(2, at(1)));
      await sink.close();
      const [object] = await capturedObjects(await storeForUri(dir));
      const [first, second] = object!.lines;
      assert.deepEqual(Object.keys(first!.captureData), [mode === 'Input' ? 'endpointInput' : 'endpointOutput']);
      assert.equal(first!.eventMetadata.inferenceId, 'order-9');
      assert.equal('inferenceId' in second!.eventMetadata, false);
    }
  });

  test('writes a batch as soon as a variant has maxBatchRecords waiting, without waiting for the timer', async () => {
    const dir = scratchDir('godwit-capture-');
    const sink = await openCaptureSink({ spec: captureSpec(dir), flushIntervalMs: 3_600_000, maxBatchRecords: 3 });
    for (let n = 0; n < 7; n++) sink.offer(csvRecord(n, at(n)));
    for (let i = 0; i < 200 && sink.stats().written < 6; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual([sink.stats().written, sink.stats().pending], [6, 1]);
    await sink.close();
    const objects = await capturedObjects(await storeForUri(dir));
    assert.deepEqual(
      objects.map((o) => o.lines.length),
      [3, 3, 1],
    );
  });

  test('writes what waits after flushIntervalMs on its own', async () => {
    const dir = scratchDir('godwit-capture-');
    const sink = await openCaptureSink({ spec: captureSpec(dir), flushIntervalMs: 20 });
    sink.offer(csvRecord(1, at(0)));
    for (let i = 0; i < 300 && sink.stats().written < 1; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(sink.stats().written, 1);
    await sink.close();
  });

  test('counts records beyond maxPending as dropped, and offers after close too; never throws', async () => {
    const dir = scratchDir('godwit-capture-');
    const sink = await openCaptureSink({ spec: captureSpec(dir), maxPending: 10, flushIntervalMs: 3_600_000 });
    for (let n = 0; n < 15; n++) sink.offer(csvRecord(n, at(n)));
    assert.deepEqual([sink.stats().pending, sink.stats().dropped], [10, 5]);
    await sink.flush();
    // A record the writer cannot encode is a counted drop, and its neighbours are still written.
    sink.offer({ ...csvRecord(99, at(50)), input: { contentType: 'text/csv', body: null as unknown as Buffer } });
    sink.offer(csvRecord(10, at(60)));
    await sink.flush();
    assert.equal(sink.stats().dropped, 6);
    assert.match(sink.stats().lastError ?? '', /churn\/AllTraffic could not be encoded/);
    await sink.close();
    sink.offer(csvRecord(100, at(100)));
    const stats = sink.stats();
    assert.deepEqual([stats.offered, stats.written, stats.dropped, stats.pending], [18, 11, 7, 0]);
    const lines = (await capturedObjects(await storeForUri(dir))).flatMap((o) => o.lines);
    assert.deepEqual(lines.map((l) => l.eventMetadata.eventId).sort(), Array.from({ length: 11 }, (_, n) => `ev-${n}`).sort());
  });

  test('offer returns at once while the store hangs, and counts what it cannot keep', async () => {
    const dir = scratchDir('godwit-capture-');
    const real = await storeForUri(dir);
    let puts = 0;
    const hanging = new Proxy(real, {
      get: (target, name) =>
        name === 'put'
          ? () => {
              puts++;
              return new Promise(() => {});
            }
          : Reflect.get(target, name, target).bind(target),
    });
    const sink = openCaptureSinkOn(hanging, { spec: captureSpec(dir), maxPending: 100, maxBatchRecords: 10 });
    for (let n = 0; n < 150; n++) sink.offer(csvRecord(n, at(n)));
    await new Promise((r) => setTimeout(r, 20));
    const stats = sink.stats();
    assert.equal(puts, 1, 'one write in flight, the rest queued behind it');
    assert.deepEqual([stats.offered, stats.written, stats.pending, stats.dropped], [150, 0, 100, 50]);
  });

  test('a write loop that throws is shown and retried on the next tick, never an unhandled rejection', async () => {
    const dir = scratchDir('godwit-capture-');
    const real = await storeForUri(dir);
    let broken = true;
    // uri() is called only to name a failed write: throwing there escapes the retry loop itself.
    const odd = new Proxy(real, {
      get: (target, name) => {
        if (name === 'put' && broken) return async () => Promise.reject(new Error('down'));
        if (name === 'uri' && broken)
          return () => {
            throw new Error('uri exploded');
          };
        return Reflect.get(target, name, target).bind(target);
      },
    });
    const sink = openCaptureSinkOn(odd, {
      spec: captureSpec(dir),
      flushIntervalMs: 10,
      onWriteError: () => {
        throw new Error('logger down');
      },
    });
    sink.offer(csvRecord(1, at(0)));
    for (let i = 0; i < 300 && !sink.stats().lastError; i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(sink.stats().lastError ?? '', /uri exploded/);
    broken = false;
    await sink.close();
    assert.deepEqual([sink.stats().written, sink.stats().pending], [1, 0]);
  });

  test('10,000 records over two variants: none lost, order kept per variant', async () => {
    const dir = scratchDir('godwit-capture-');
    const sink = await openCaptureSink({ spec: captureSpec(dir), maxBatchRecords: 700, flushIntervalMs: 5 });
    const records: CaptureRecord[] = [];
    for (let n = 0; n < 10_000; n++) records.push(csvRecord(n, at(n * 1_000), n % 3 === 0 ? 'B' : 'A'));
    for (const [i, r] of records.entries()) {
      sink.offer(r);
      if (i % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await sink.close();
    const objects = await capturedObjects(await storeForUri(dir));
    for (const variant of ['A', 'B']) {
      const got = objects
        .filter((o) => o.key.startsWith(`churn/${variant}/`))
        .flatMap((o) => o.lines.map((l) => l.eventMetadata.eventId));
      const want = records.filter((r) => r.variantName === variant).map((r) => r.eventId);
      assert.deepEqual(got, want, `variant ${variant}`);
    }
    // 10,000 s span four hours: every object stays inside one.
    for (const o of objects) {
      const folder = o.key.split('/').slice(2, 6).join('/');
      for (const line of o.lines) assert.equal(line.eventMetadata.inferenceTime.slice(0, 13).replace(/[-T]/g, '/'), folder);
    }
    assert.ok(new Set(objects.map((o) => o.key.split('/').slice(2, 6).join('/'))).size >= 3);
    assert.deepEqual(sink.stats().written, 10_000);
  });

  test('refuses a config it cannot honour with E_CAPTURE_CONFIG', async () => {
    const dir = scratchDir('godwit-capture-');
    await assert.rejects(openCaptureSink({ spec: captureSpec(dir, { initialSamplingPercentage: 101 }) }), {
      code: 'E_CAPTURE_CONFIG',
    });
    await assert.rejects(openCaptureSink({ spec: captureSpec(dir, { captureModes: [] }) }), { code: 'E_CAPTURE_CONFIG' });
  });

  test('retries a failing store with backoff on the clock and loses nothing', async () => {
    const dir = scratchDir('godwit-capture-');
    const clock = new FakeClock();
    const real = await storeForUri(dir);
    let failures = 3;
    const flakyPut: ArtifactStore['put'] = async (key, data) => {
      if (failures-- > 0) throw new Error('disk full');
      return real.put(key, data);
    };
    const flaky = new Proxy(real, {
      get: (target, name) => (name === 'put' ? flakyPut : Reflect.get(target, name, target).bind(target)),
    });
    const errors: number[] = [];
    const sink = openCaptureSinkOn(flaky, {
      spec: captureSpec(dir),
      clock,
      retryDelayMs: 100,
      maxRetryDelayMs: 300,
      // A logger that throws does not stop the retries.
      onWriteError: (_e, n) => {
        errors.push(n);
        if (n === 2) throw new Error('logger down');
      },
    });
    sink.offer(csvRecord(1, at(0)));
    await sink.close();
    assert.deepEqual(clock.slept, [100, 200, 300]);
    assert.deepEqual(errors, [1, 2, 3]);
    const stats = sink.stats();
    assert.deepEqual([stats.written, stats.failedWrites, stats.objects, stats.lastError], [1, 3, 1, undefined]);
    assert.equal((await capturedObjects(real)).length, 1);
  });
});
