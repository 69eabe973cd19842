import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { openCaptureThread } from '../../../src/serving/capture/capture-thread.js';
import { storeForUri } from '../../../src/store/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { capturedObjects, captureSpec, csvRecord } from './capture-fixtures.js';

const T0 = Date.parse('2026-12-05T10:59:59.900Z');
const at = (ms: number) => new Date(T0 + ms);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the capture thread', () => {
  test('writes what the in-process writer writes, with counts exact across the thread', async () => {
    const dir = scratchDir('godwit-capture-thread-');
    const sink = openCaptureThread({ spec: captureSpec(dir), flushIntervalMs: 60_000 });
    const n = 2_600; // more than two chunks of 1,024
    for (let i = 1; i <= n; i++)
      sink.offer(csvRecord(i, at(i % 50), i % 4 === 0 ? 'Challenger' : 'AllTraffic', { eventId: undefined }));
    assert.equal(sink.stats().offered, n);
    assert.equal(sink.stats().pending, n);
    await sink.flush();
    assert.deepEqual(sink.stats(), {
      offered: n,
      written: n,
      dropped: 0,
      pending: 0,
      objects: 2,
      failedWrites: 0,
      lastError: undefined,
    });
    const objects = await capturedObjects(await storeForUri(dir));
    assert.deepEqual(
      objects.map((o) => [o.key.split('/').slice(0, 2).join('/'), o.lines.length]),
      [
        ['churn/AllTraffic', 1950],
        ['churn/Challenger', 650],
      ],
    );
    const lines = objects.flatMap((o) => o.lines);
    // The thread makes each eventId once, a UUID, never the same twice.
    assert.ok(lines.every((l) => UUID.test(l.eventMetadata.eventId)));
    assert.equal(new Set(lines.map((l) => l.eventMetadata.eventId)).size, n);
    const first = objects[0]!.lines[0];
    assert.deepEqual(first.captureData.endpointInput, {
      observedContentType: 'text/csv',
      mode: 'INPUT',
      data: '1,1.5,2\n',
      encoding: 'CSV',
    });
    assert.equal(first.eventMetadata.inferenceTime, '2026-12-05T10:59:59Z');
    await sink.close();
  });

  test('keeps what a full ring cannot take and writes it as the ring empties: nothing dropped', async () => {
    const dir = scratchDir('godwit-capture-thread-');
    // A ring of 2 KiB holds ~40 records: offering 3,000 at once fills it many times over.
    const sink = openCaptureThread({ spec: captureSpec(dir), flushIntervalMs: 60_000, ringBytes: 2048 });
    const n = 3_000;
    for (let i = 1; i <= n; i++) sink.offer(csvRecord(i, at(i % 50), 'AllTraffic', { eventId: `ev-${i}` }));
    await sink.flush();
    assert.deepEqual(
      { ...sink.stats(), lastError: undefined },
      {
        offered: n,
        written: n,
        dropped: 0,
        pending: 0,
        objects: 1,
        failedWrites: 0,
        lastError: undefined,
      },
    );
    const [object] = await capturedObjects(await storeForUri(dir));
    // In the order offered.
    assert.deepEqual(
      object!.lines.map((l) => l.eventMetadata.eventId),
      Array.from({ length: n }, (_, i) => `ev-${i + 1}`),
    );
    await sink.close();
  });

  test('writes records that wait less than a chunk on its own, after the flush interval', async () => {
    const dir = scratchDir('godwit-capture-thread-');
    const sink = openCaptureThread({ spec: captureSpec(dir), flushIntervalMs: 50 });
    sink.offer(csvRecord(1, at(0)));
    // Starting the thread (through tsx, on a loaded machine) can take seconds: wait for the write.
    for (let i = 0; i < 1_500 && sink.stats().written < 1; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sink.stats().written, 1);
    await sink.close();
    sink.offer(csvRecord(2, at(0)));
    assert.deepEqual(
      { ...sink.stats(), lastError: undefined },
      { offered: 2, written: 1, dropped: 1, pending: 0, objects: 1, failedWrites: 0, lastError: undefined },
    );
  });

  test('a record offered while it closes is counted as dropped, never left pending', async () => {
    const sink = openCaptureThread({ spec: captureSpec(scratchDir('godwit-capture-thread-')) });
    sink.offer(csvRecord(1, at(0)));
    const closing = sink.close();
    sink.offer(csvRecord(2, at(1)));
    await closing;
    assert.deepEqual(
      { ...sink.stats(), lastError: undefined },
      { offered: 2, written: 1, dropped: 1, pending: 0, objects: 1, failedWrites: 0, lastError: undefined },
    );
  });

  test('does not keep a process alive that never closed it', async () => {
    const dir = scratchDir('godwit-capture-thread-');
    const script = join(dir, 'forgets-to-close.mts');
    const thread = new URL('../../../src/serving/capture/capture-thread.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { openCaptureThread } from ${JSON.stringify(thread)};
const spec = { enableCapture: true, initialSamplingPercentage: 100, destinationS3Uri: ${JSON.stringify(join(dir, 'out'))},
  captureModes: ['Input'], csvContentTypes: ['text/csv'], jsonContentTypes: [] };
const sink = openCaptureThread({ spec, flushIntervalMs: 10 });
sink.offer({ endpointName: 'e', variantName: 'v', inferenceTime: new Date(), input: { contentType: 'text/csv', body: Buffer.from('1') } });
while (sink.stats().written < 1) await new Promise((r) => setTimeout(r, 20));
`,
    );
    const child = spawn(process.execPath, [...process.execArgv, script], { stdio: 'inherit' });
    const exited = await Promise.race([
      once(child, 'exit').then(([code]) => code),
      new Promise((r) => setTimeout(() => r('still running after 60 s'), 60_000).unref()),
    ]);
    child.kill();
    assert.equal(exited, 0);
  });

  test('refuses a config it cannot honour before starting a thread', () => {
    assert.throws(
      () => openCaptureThread({ spec: captureSpec('/tmp/x', { initialSamplingPercentage: 101 }) }),
      (err: unknown) => err instanceof GodwitError && err.code === 'E_CAPTURE_CONFIG',
    );
    assert.throws(
      () => openCaptureThread({ spec: captureSpec('ftp://bucket/capture') }),
      (err: unknown) => err instanceof GodwitError && err.code === 'E_URI',
    );
  });
});
