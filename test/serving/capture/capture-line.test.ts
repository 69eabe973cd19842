import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { captureFileName, endpointCaptureKey, hourFolder } from '../../../src/serving/capture/capture-keys.js';
import { captureLine, encoderFor, inferenceTimeText } from '../../../src/serving/capture/capture-line.js';
import { sampler } from '../../../src/serving/capture/sampler.js';

// The sample line of AWS's Model Monitor guide ("Capture data from real-time endpoint", the
// churn model invoked with text/csv; docs/data-capture.md), as one line, its CSV row shortened.
const DOCUMENTED =
  '{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT",' +
  '"data":"69,0,153.7,109,194.0,105,256.1,114,14.1,6,1,0,0\\n","encoding":"CSV"},' +
  '"endpointOutput":{"observedContentType":"text/csv; charset=utf-8","mode":"OUTPUT","data":"0.0254181120544672","encoding":"CSV"}},' +
  '"eventMetadata":{"eventId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","inferenceTime":"2022-02-14T17:25:49Z"},"eventVersion":"0"}';

const csvJson = encoderFor({ csvContentTypes: ['text/csv'], jsonContentTypes: ['application/json'] });

describe('a capture line', () => {
  const record = {
    endpointName: 'churn',
    variantName: 'AllTraffic',
    eventId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    // Milliseconds are dropped: SageMaker writes inferenceTime to the second.
    inferenceTime: new Date('2022-02-14T17:25:49.734Z'),
    input: { contentType: 'text/csv', body: Buffer.from('69,0,153.7,109,194.0,105,256.1,114,14.1,6,1,0,0\n') },
    output: { contentType: 'text/csv; charset=utf-8', body: Buffer.from('0.0254181120544672') },
  };

  test('is the documented sample, byte for byte and field by field', () => {
    const line = captureLine(record, csvJson);
    assert.equal(line, DOCUMENTED);
    const got = JSON.parse(line);
    const want = JSON.parse(DOCUMENTED);
    assert.deepEqual(Object.keys(got), ['captureData', 'eventMetadata', 'eventVersion']);
    assert.deepEqual(Object.keys(got.captureData.endpointInput), ['observedContentType', 'mode', 'data', 'encoding']);
    for (const side of ['endpointInput', 'endpointOutput']) {
      for (const field of ['observedContentType', 'mode', 'data', 'encoding']) {
        assert.equal(got.captureData[side][field], want.captureData[side][field], `${side}.${field}`);
      }
    }
    assert.deepEqual(got.eventMetadata, want.eventMetadata);
    assert.equal(got.eventVersion, '0');
  });

  test('carries the InferenceId only when one was given', () => {
    const withId = JSON.parse(captureLine({ ...record, inferenceId: 'order-17' }, csvJson));
    assert.deepEqual(withId.eventMetadata, {
      eventId: record.eventId,
      inferenceTime: '2022-02-14T17:25:49Z',
      inferenceId: 'order-17',
    });
    assert.equal('inferenceId' in JSON.parse(captureLine(record, csvJson)).eventMetadata, false);
  });

  test('leaves out the side a capture mode does not keep', () => {
    const inputOnly = JSON.parse(captureLine({ ...record, output: undefined }, csvJson));
    assert.deepEqual(Object.keys(inputOnly.captureData), ['endpointInput']);
    const outputOnly = JSON.parse(captureLine({ ...record, input: undefined }, csvJson));
    assert.deepEqual(Object.keys(outputOnly.captureData), ['endpointOutput']);
  });

  test('encodes JSON as its text and any other type as BASE64', () => {
    const body = Buffer.from('{"instances":[[1,2]]}');
    const json = JSON.parse(captureLine({ ...record, input: { contentType: 'application/json', body } }, csvJson));
    assert.deepEqual(json.captureData.endpointInput, {
      observedContentType: 'application/json',
      mode: 'INPUT',
      data: '{"instances":[[1,2]]}',
      encoding: 'JSON',
    });
    const bytes = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x00, 0xff]);
    const npy = JSON.parse(captureLine({ ...record, input: { contentType: 'application/x-npy', body: bytes } }, csvJson));
    assert.equal(npy.captureData.endpointInput.encoding, 'BASE64');
    assert.deepEqual(Buffer.from(npy.captureData.endpointInput.data, 'base64'), bytes);
  });

  test('matches content types by media type, ignoring case and parameters; no header means BASE64', () => {
    assert.equal(csvJson('TEXT/CSV; charset=utf-8'), 'CSV');
    assert.equal(csvJson('application/json;charset=UTF-8'), 'JSON');
    assert.equal(csvJson('application/jsonlines'), 'BASE64');
    const none = encoderFor({ csvContentTypes: [], jsonContentTypes: [] });
    assert.equal(none('text/csv'), 'BASE64');
    const custom = encoderFor({ csvContentTypes: ['text/plain'], jsonContentTypes: ['application/jsonlines'] });
    assert.equal(custom('text/plain'), 'CSV');
    assert.equal(custom('application/jsonlines'), 'JSON');
    assert.equal(custom('text/csv'), 'BASE64');
  });

  test('keeps non-ASCII text and escapes what JSON must', () => {
    const body = Buffer.from('"é",ü\t1\n');
    const line = captureLine({ ...record, input: { contentType: 'text/csv', body } }, csvJson);
    assert.equal(JSON.parse(line).captureData.endpointInput.data, '"é",ü\t1\n');
    assert.ok(!line.includes('\n'), 'one record is one line');
  });
});

describe('capture keys', () => {
  test('follow <endpoint>/<variant>/yyyy/mm/dd/hh/MM-SS-mmm-<uuid>.jsonl in UTC', () => {
    const at = new Date('2026-03-01T04:05:06.007Z');
    assert.equal(hourFolder(at), '2026/03/01/04');
    assert.equal(captureFileName(at, 'cee08c3a'), '05-06-007-cee08c3a.jsonl');
    assert.equal(endpointCaptureKey('churn', 'AllTraffic', at, 'u'), 'churn/AllTraffic/2026/03/01/04/05-06-007-u.jsonl');
    assert.match(captureFileName(at), /^05-06-007-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.jsonl$/);
    assert.equal(inferenceTimeText(at), '2026-03-01T04:05:06Z');
  });
});

describe('sampler', () => {
  test('0 % never and 100 % always sample; p % samples when random()·100 < p', () => {
    assert.equal(sampler(0, () => 0)(), false);
    assert.equal(sampler(100, () => 0.9999)(), true);
    const values = [0.1, 0.369, 0.37, 0.5, 0.0];
    let i = 0;
    const s = sampler(37, () => values[i++]!);
    assert.deepEqual(
      values.map(() => s()),
      [true, true, false, false, true],
    );
  });

  test('keeps about p % of many requests', () => {
    const s = sampler(25);
    let kept = 0;
    for (let n = 0; n < 20_000; n++) if (s()) kept++;
    // 20,000 draws at p = 0.25: σ ≈ 61, so ±400 is over 6σ.
    assert.ok(Math.abs(kept - 5_000) < 400, `kept ${kept}`);
  });
});
