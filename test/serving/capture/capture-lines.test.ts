import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { captureLine, encoderFor } from '../../../src/serving/capture/capture-line.js';
import { CaptureLines } from '../../../src/serving/capture/capture-lines.js';
import { newRing, RingReader, RingWriter } from '../../../src/serving/capture/capture-ring.js';
import type { CaptureRecord } from '../../../src/serving/capture/capture-sink.js';
import { PackedRecord } from '../../../src/serving/capture/packed-record.js';
import { StringTable } from '../../../src/serving/capture/record-packing.js';

const encode = encoderFor({ csvContentTypes: ['text/csv'], jsonContentTypes: ['application/json'] });
const at = new Date('2022-02-14T17:25:49.734Z');
const csv = (text: string | Buffer) => ({ contentType: 'text/csv', body: Buffer.from(text) });
const record = (over: Partial<CaptureRecord> = {}): CaptureRecord => ({
  endpointName: 'churn',
  variantName: 'AllTraffic',
  eventId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  inferenceTime: at,
  input: csv('69,0,153.7,109\n'),
  output: { contentType: 'text/csv; charset=utf-8', body: Buffer.from('0.0254181120544672') },
  ...over,
});

/** What the writer stored before: `captureLine` per record, joined by newlines, one at the end. */
const joined = (records: CaptureRecord[]) => `${records.map((r) => captureLine(r, encode)).join('\n')}\n`;

describe('a batch of capture lines as bytes', () => {
  test("is captureLine's lines, byte for byte, whatever the bodies hold", () => {
    const every = Buffer.from(Array.from({ length: 0x80 }, (_, i) => i));
    const records = [
      record(),
      record({ input: csv('"quoted",back\\slash\ttab\r\n\b\f\u0001\u001f\u007f') }),
      record({ input: csv(every) }),
      record({ input: csv('"é",ü\t1\n') }),
      record({ input: csv(Buffer.from([0x31, 0xff, 0xfe, 0x32])) }), // not UTF-8: replaced as node decodes it
      record({ input: { contentType: 'application/json', body: Buffer.from('{"instances":[[1,"a\\"b"]]}') } }),
      record({ input: { contentType: 'application/x-npy', body: Buffer.from([0x93, 0x4e, 0x00, 0xff]) } }),
      record({ inferenceId: 'order-"17"-é' }),
      record({ eventId: 'given "id"' }),
      record({ input: csv('') }),
      record({ inferenceTime: new Date('2022-02-14T17:25:50.001Z') }),
    ];
    const lines = new CaptureLines(encode, true, true);
    const { body, lines: count, error } = lines.batch(records);
    assert.equal(body.toString('utf8'), joined(records));
    assert.equal(count, records.length);
    assert.equal(error, undefined);
    // The encoder's buffer is reused: the next batch starts from its beginning.
    const again = lines.batch([record({ input: csv('9,9,9') })]);
    assert.equal(again.body.toString('utf8'), joined([record({ input: csv('9,9,9') })]));
  });

  test('writes the same bytes from records left packed, as the capture thread reads them', () => {
    const records = [
      record(),
      record({ input: csv('"é",ü\t1\n'), inferenceId: 'order-"17"' }),
      record({ input: { contentType: 'application/x-npy', body: Buffer.from([0x93, 0x00, 0xff]) }, output: undefined }),
      record({ input: undefined, eventId: 'given' }),
    ];
    const ring = newRing(4096);
    const writer = new RingWriter(ring, new StringTable());
    for (const r of records) assert.ok(writer.write(r));
    const back = new RingReader(ring).read();
    assert.ok(back.every((r) => r instanceof PackedRecord));
    assert.equal(new CaptureLines(encode, true, true).batch(back).body.toString(), joined(records));
    const inputOnly = records.map((r) => ({ ...r, output: undefined }));
    assert.equal(new CaptureLines(encode, true, false).batch(back).body.toString(), joined(inputOnly));
  });

  test('grows past its first buffer', () => {
    const big = record({ input: csv('1,'.repeat(50_000)) });
    const { body } = new CaptureLines(encode, true, true).batch([big, big]);
    assert.equal(body.toString('utf8'), joined([big, big]));
  });

  test('keeps only the sides the capture modes name', () => {
    const r = record();
    const inputOnly = new CaptureLines(encode, true, false).batch([r]).body.toString();
    assert.equal(inputOnly, joined([{ ...r, output: undefined }]));
    const outputOnly = new CaptureLines(encode, false, true).batch([r]).body.toString();
    assert.equal(outputOnly, joined([{ ...r, input: undefined }]));
  });

  test('makes a fresh version 4 event id for each record without one', () => {
    const records = Array.from({ length: 600 }, () => record({ eventId: undefined }));
    const { body } = new CaptureLines(encode, true, true).batch(records);
    const ids = body
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).eventMetadata.eventId as string);
    assert.equal(new Set(ids).size, 600);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('leaves out a record it cannot write, and says why', () => {
    const bad = record({ input: { contentType: 'text/csv', body: 'not bytes' as unknown as Buffer } });
    const { body, lines, error } = new CaptureLines(encode, true, true).batch([record(), bad, record()]);
    assert.equal(lines, 2);
    assert.match(String(error), /input body is not a Buffer/);
    assert.equal(body.toString(), joined([record(), record()]));
  });
});
