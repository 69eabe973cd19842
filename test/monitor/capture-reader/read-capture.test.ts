import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { type CapturedRecord, payloadBytes, payloadText, scanCapture } from '../../../src/monitor/capture-reader/index.js';
import { openCaptureSink } from '../../../src/serving/capture/capture-writer.js';
import { startS3rver } from '../../helpers/s3-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { captureSpec, csvRecord } from '../../serving/capture/capture-fixtures.js';

// Genuine SageMaker files (test/fixtures/monitor/sdk/SOURCE.md: aws/sagemaker-python-sdk,
// tests/data/monitor at 8326c232^).
const SDK = new URL('../../fixtures/monitor/sdk/', import.meta.url);
const sdkFile = (name: string) => readFileSync(new URL(name, SDK), 'utf8');

const T0 = Date.parse('2026-12-05T10:59:59.000Z');
const at = (s: number) => new Date(T0 + s * 1000);

async function collect(scan: ReturnType<typeof scanCapture>): Promise<CapturedRecord[]> {
  const out: CapturedRecord[] = [];
  for await (const record of scan.records()) out.push(record);
  return out;
}

function place(dir: string, key: string, text: string): void {
  mkdirSync(dirname(join(dir, key)), { recursive: true });
  writeFileSync(join(dir, key), text);
}

describe('the capture reader', () => {
  test("reads Godwit's capture writer output: the window's records of every variant, with their fields", async () => {
    const dir = scratchDir('godwit-capread-');
    const sink = await openCaptureSink({ spec: captureSpec(dir), flushIntervalMs: 60_000 });
    sink.offer(csvRecord(1, at(-3600))); // 09:59:59, outside the window and its hours
    sink.offer(csvRecord(2, at(0))); // 10:59:59, in the 10 o'clock folder, before start
    sink.offer(csvRecord(3, at(1), 'AllTraffic', { inferenceId: 'order-3' })); // 11:00:00
    sink.offer(csvRecord(4, at(2), 'Challenger'));
    sink.offer(csvRecord(5, at(3601))); // 12:00:00, the end, exclusive
    await sink.close();
    const start = new Date(T0 + 500); // 10:59:59.5: the 10 o'clock folder overlaps the window
    const scan = scanCapture({ captureUri: dir, endpointName: 'churn', start, end: at(3601) });
    const records = await collect(scan);
    assert.deepEqual(
      records.map((r) => [r.eventId, r.variant, r.inferenceId, r.inferenceTime.toISOString()]),
      [
        ['ev-3', 'AllTraffic', 'order-3', '2026-12-05T11:00:00.000Z'],
        ['ev-4', 'Challenger', undefined, '2026-12-05T11:00:01.000Z'],
      ],
    );
    const [first] = records;
    assert.equal(payloadText(first!.input!), '3,1.5,2\n');
    assert.equal(first!.output!.observedContentType, 'text/csv; charset=utf-8');
    assert.equal(first!.output!.encoding, 'CSV');
    assert.match(first!.where, /^file:\/\/.*\/churn\/AllTraffic\/2026\/12\/05\/11\/00-00-000-[0-9a-f-]+\.jsonl:1$/);
    // The 10 o'clock folder overlaps the window and is read; its record lies before the start.
    assert.deepEqual(scan.stats(), { objects: 3, lines: 3, records: 2, outsideWindow: 1, skipped: 0 });

    const onlyChallenger = await collect(
      scanCapture({ captureUri: dir, endpointName: 'churn', start, end: at(3601), variants: ['Challenger'] }),
    );
    assert.deepEqual(
      onlyChallenger.map((r) => r.eventId),
      ['ev-4'],
    );
  });

  test('decodes BASE64 and JSON payloads as captured, and refuses base64 that is not', async () => {
    const dir = scratchDir('godwit-capread-');
    const sink = await openCaptureSink({
      spec: captureSpec(dir, { csvContentTypes: [], jsonContentTypes: ['application/json'] }),
    });
    sink.offer(
      csvRecord(1, at(0), 'AllTraffic', { input: { contentType: 'application/x-npy', body: Buffer.from([0x93, 0x4e, 0, 255]) } }),
    );
    sink.offer(
      csvRecord(2, at(1), 'AllTraffic', { output: { contentType: 'application/json', body: Buffer.from('{"score":0.5}') } }),
    );
    await sink.close();
    const [one, two] = await collect(scanCapture({ captureUri: dir, endpointName: 'churn', start: at(0), end: at(5) }));
    assert.equal(one!.input!.encoding, 'BASE64');
    assert.deepEqual([...payloadBytes(one!.input!)], [0x93, 0x4e, 0, 255]);
    assert.equal(two!.output!.encoding, 'JSON');
    assert.deepEqual(JSON.parse(payloadText(two!.output!)), { score: 0.5 });
    assert.throws(
      () => payloadBytes({ observedContentType: 'x', mode: 'INPUT', encoding: 'BASE64', data: 'not base64!' }),
      (e) => e instanceof GodwitError && e.code === 'E_CAPTURE_PAYLOAD',
    );
  });

  test("reads the SDK's genuine capture.jsonl once its {%s} time is filled in, as the SDK's tests do", async () => {
    const dir = scratchDir('godwit-capread-');
    const text = sdkFile('capture.jsonl').replaceAll('{%s}', '2026-12-05T11:30:00Z');
    place(dir, 'xgb/AllTraffic/2026/12/05/11/30-00-000-sdk.jsonl', text);
    const scan = scanCapture({ captureUri: `file://${dir}`, endpointName: 'xgb', start: at(1), end: at(3601) });
    const records = await collect(scan);
    assert.equal(records.length, 44); // 44 lines, the last without a newline
    assert.equal(records[0]!.eventId, '74b0dd56-e7c8-368e-94b1-14a138a96000');
    assert.equal(payloadText(records[0]!.input!), '9,45,45,42,7,5,0');
    assert.equal(payloadText(records[0]!.output!), '0.302709460258');
    assert.equal(scan.stats().skipped, 0);
  });

  test("reads the SDK's genuine captured-data.jsonl (JSON with a newline inside its data)", async () => {
    const dir = scratchDir('godwit-capread-');
    place(dir, 'ep/AllTraffic/2019/11/24/07/30-50-000-sdk.jsonl', sdkFile('captured-data.jsonl'));
    const records = await collect(
      scanCapture({
        captureUri: dir,
        endpointName: 'ep',
        start: new Date('2019-11-24T07:00:00Z'),
        end: new Date('2019-11-24T08:00:00Z'),
      }),
    );
    assert.deepEqual(
      records.map((r) => r.eventId),
      ['12b73486-e916-45de-9d82-7fa23d4a39a6', 'f9305ead-ba10-401d-953c-8bfb981da274'],
    );
    assert.deepEqual(JSON.parse(payloadText(records[0]!.output!)), { predictions: [3.5, 4.0, 5.5] });
    assert.deepEqual(JSON.parse(payloadText(records[1]!.input!)), { instances: [1.0, 2.0, 5.0] });
  });

  test('skips malformed lines, counting each and naming <uri>:<line> and why, and keeps reading', async () => {
    const dir = scratchDir('godwit-capread-');
    const good = (id: string) =>
      JSON.stringify({
        captureData: { endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '1', encoding: 'CSV' } },
        eventMetadata: { eventId: id, inferenceTime: '2026-12-05T11:00:05Z' },
        eventVersion: '0',
      });
    const lines = [
      good('a'),
      '{"captureData": {"endpointOutput"', // cut short
      '',
      sdkFile('capture.jsonl').split('\n')[0], // the SDK's placeholder time
      JSON.stringify({ captureData: {}, eventMetadata: { inferenceTime: '2026-12-05T11:00:05Z' } }),
      good('b').replace('"CSV"', '"XML"'),
      '[1,2]',
      good('c'),
    ];
    place(dir, 'churn/AllTraffic/2026/12/05/11/00-00-000-x.jsonl', `${lines.join('\r\n')}\r\n`);
    const scan = scanCapture({ captureUri: dir, endpointName: 'churn', start: at(1), end: at(3601), maxSkippedListed: 4 });
    const records = await collect(scan);
    assert.deepEqual(
      records.map((r) => r.eventId),
      ['a', 'c'],
    );
    const uri = `file://${dir}/churn/AllTraffic/2026/12/05/11/00-00-000-x.jsonl`;
    assert.deepEqual(scan.skipped, [
      { where: `${uri}:2`, reason: 'not a JSON object' },
      { where: `${uri}:4`, reason: 'eventMetadata.inferenceTime "{%s}" is not a time' },
      { where: `${uri}:5`, reason: 'no eventMetadata.eventId' },
      { where: `${uri}:6`, reason: 'captureData.endpointOutput has encoding "XML", not CSV, JSON or BASE64' },
    ]);
    // Five skipped, four listed: the count is never capped.
    assert.deepEqual(scan.stats(), { objects: 1, lines: 7, records: 2, outsideWindow: 0, skipped: 5 });
  });

  test('an empty window yields nothing; a window that is no time range is E_CAPTURE_WINDOW', async () => {
    const dir = scratchDir('godwit-capread-');
    const scan = scanCapture({ captureUri: dir, endpointName: 'churn', start: at(0), end: at(60) });
    assert.deepEqual(await collect(scan), []);
    assert.deepEqual(scan.stats(), { objects: 0, lines: 0, records: 0, outsideWindow: 0, skipped: 0 });
    for (const [start, end] of [
      [at(60), at(0)],
      [at(0), at(0)],
      [new Date('nope'), at(0)],
    ]) {
      assert.throws(
        () => scanCapture({ captureUri: dir, endpointName: 'churn', start: start!, end: end! }),
        (e) => e instanceof GodwitError && e.code === 'E_CAPTURE_WINDOW',
      );
    }
  });

  test('a window of many days lists the endpoint once and still keeps only its hours', async () => {
    const dir = scratchDir('godwit-capread-');
    const sink = await openCaptureSink({ spec: captureSpec(dir) });
    sink.offer(csvRecord(1, new Date('2026-11-01T00:00:00Z')));
    sink.offer(csvRecord(2, new Date('2026-11-20T12:00:00Z')));
    sink.offer(csvRecord(3, new Date('2026-12-10T00:00:00Z')));
    await sink.close();
    const scan = scanCapture({
      captureUri: dir,
      endpointName: 'churn',
      start: new Date('2026-11-10T00:00:00Z'),
      end: new Date('2026-12-01T00:00:00Z'),
    });
    assert.deepEqual(
      (await collect(scan)).map((r) => r.eventId),
      ['ev-2'],
    );
    assert.equal(scan.stats().objects, 1);
  });

  test('reads from s3:// (s3rver) and gs:// stores the same way', async () => {
    const s3 = await startS3rver(['capture']);
    const s3Options = { s3: { endpoint: s3.endpoint }, env: { ...s3.env } };
    const home = scratchDir('godwit-capread-gcs-');
    for (const [uri, storeOptions] of [
      ['s3://capture/team/capture', s3Options],
      ['gs://monitoring/capture', { home }],
    ] as const) {
      const sink = await openCaptureSink({ spec: captureSpec(uri), storeOptions });
      sink.offer(csvRecord(7, at(10)));
      await sink.close();
      const scan = scanCapture({ captureUri: uri, endpointName: 'churn', start: at(0), end: at(60), storeOptions });
      const [record] = await collect(scan);
      assert.equal(record!.eventId, 'ev-7');
      assert.ok(record!.where.startsWith(`${uri}/churn/AllTraffic/2026/12/05/11/`), record!.where);
    }
  });
});
