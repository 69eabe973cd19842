import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newRing, RingReader, RingWriter } from '../../../src/serving/capture/capture-ring.js';
import type { CaptureRecord } from '../../../src/serving/capture/capture-sink.js';
import { StringTable } from '../../../src/serving/capture/record-packing.js';
import { csvRecord } from './capture-fixtures.js';

const T0 = Date.parse('2026-12-05T10:59:59.900Z');
const at = (ms: number) => new Date(T0 + ms);

/** Every field of a record as a plain object, undefined where it has none. */
const full = (r: CaptureRecord) => ({
  endpointName: r.endpointName,
  variantName: r.variantName,
  inferenceTime: r.inferenceTime,
  eventId: r.eventId,
  inferenceId: r.inferenceId,
  input: r.input,
  output: r.output,
});

describe('the capture ring', () => {
  test('gives back every record field for field, in order, across many wraps of a small ring', () => {
    const shared = newRing(1000);
    const writer = new RingWriter(shared, new StringTable());
    const reader = new RingReader(shared);
    const sent: CaptureRecord[] = [];
    const back: CaptureRecord[] = [];
    for (let i = 1; i <= 500; i++) {
      const record: CaptureRecord =
        i % 7 === 0
          ? {
              endpointName: 'churn',
              variantName: `v-${i % 3}`,
              inferenceTime: at(i),
              output: { contentType: 'application/json', body: Buffer.from(`[${i}]`) },
            }
          : csvRecord(i, at(i), i % 2 ? 'AllTraffic' : 'Challenger', { inferenceId: i % 5 === 0 ? `ïd-${i}` : undefined });
      assert.equal(writer.write(record), true, `record ${i} fits`);
      sent.push(record);
      // The reader falls behind by a varying number of records, so the wrap lands everywhere.
      if (i % (1 + (i % 4)) === 0) back.push(...reader.read());
    }
    back.push(...reader.read());
    assert.deepEqual(back.map(full), sent.map(full));
    assert.deepEqual(reader.read(), []);
  });

  test('refuses a record it has no room for, and takes records again once they are read', () => {
    const shared = newRing(200);
    const writer = new RingWriter(shared, new StringTable());
    const reader = new RingReader(shared);
    const written: CaptureRecord[] = [];
    let refused = 0;
    for (let i = 1; i <= 20; i++) {
      const record = csvRecord(i, at(i));
      if (writer.write(record)) written.push(record);
      else refused++;
    }
    assert.ok(refused > 0 && written.length > 0, `${written.length} written, ${refused} refused`);
    assert.equal(writer.write(csvRecord(20, at(20), 'LateVariant')), false);
    assert.deepEqual(reader.read().map(full), written.map(full));
    // A name whose record was refused was taken back: it is sent with the next record that uses it.
    const late = csvRecord(21, at(21), 'LateVariant');
    assert.equal(writer.write(late), true);
    assert.deepEqual(reader.read().map(full), [full(late)]);
  });

  test('can be read on another thread while it is written', async () => {
    const { Worker } = await import('node:worker_threads');
    const shared = newRing(4096);
    const reader = new RingReader(shared);
    const writer = new RingWriter(shared, new StringTable());
    // The writer runs here; a worker only proves the buffer is shared (it writes nothing).
    const worker = new Worker('const { workerData } = require("node:worker_threads"); new Int32Array(workerData, 0, 2);', {
      eval: true,
      workerData: shared,
    });
    let got = 0;
    for (let i = 1; i <= 300; i++) {
      while (!writer.write(csvRecord(i, at(i)))) got += reader.read().length;
    }
    got += reader.read().length;
    await worker.terminate();
    assert.equal(got, 300);
  });
});
