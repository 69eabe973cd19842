import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { manifestOf, openBatchCapture } from '../../../src/serving/capture/batch-capture.js';
import { storeForUri } from '../../../src/store/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const START = '2022-08-26T13:04:05.678Z';

describe('batch transform capture', () => {
  test('writes input and output manifests under input/ and output/ of the start hour', async () => {
    const dir = scratchDir('godwit-batch-capture-');
    const capture = await openBatchCapture({ destination: dir, jobName: 'nightly', clock: new FakeClock(Date.parse(START)) });
    capture.addInput('s3://ml/in/dummy_0.csv');
    capture.addInput('s3://ml/in/dummy_1.csv');
    capture.addOutput('s3://ml/out/dummy_0.csv.out');
    capture.addOutput('s3://ml/out/dummy_1.csv.out');
    const written = await capture.close();
    const store = await storeForUri(dir);
    const keys = (await store.list('')).map((o) => o.key);
    assert.equal(keys.length, 2);
    assert.match(keys[0]!, /^input\/2022\/08\/26\/13\/04-05-678-[0-9a-f-]{36}\.jsonl$/);
    assert.match(keys[1]!, /^output\/2022\/08\/26\/13\/04-05-678-[0-9a-f-]{36}\.jsonl$/);
    assert.equal(written.input, store.uri(keys[0]!));
    assert.equal(written.output, store.uri(keys[1]!));
    assert.equal((await store.get(keys[0]!)).toString(), '[{"prefix":"s3://ml/in/"},"dummy_0.csv","dummy_1.csv"]\n');
    assert.equal((await store.get(keys[1]!)).toString(), '[{"prefix":"s3://ml/out/"},"dummy_0.csv.out","dummy_1.csv.out"]\n');
  });

  test('writes no manifest for a side without objects, and leaves output alone without GenerateInferenceId', async () => {
    const dir = scratchDir('godwit-batch-capture-');
    const capture = await openBatchCapture({ destination: `file://${dir}`, jobName: 'j' });
    const body = Buffer.from('0.5\n');
    assert.equal(capture.stamp(body, 'text/csv'), body);
    capture.addInput(`file://${dir}/in.csv`);
    const written = await capture.close();
    assert.equal(written.output, undefined);
    assert.equal((await (await storeForUri(dir)).list('output/')).length, 0);
  });

  test('the manifest prefix is the longest common folder', () => {
    assert.deepEqual(manifestOf(['s3://b/in/a.csv', 's3://b/in/x/b.csv']), [{ prefix: 's3://b/in/' }, 'a.csv', 'x/b.csv']);
    assert.deepEqual(manifestOf(['s3://b/in/a.csv', 's3://b/other.csv']), [{ prefix: 's3://b/' }, 'in/a.csv', 'other.csv']);
    assert.deepEqual(manifestOf(['s3://b/in/only.csv']), [{ prefix: 's3://b/in/' }, 'only.csv']);
  });
});

describe('GenerateInferenceId', () => {
  const open = async () =>
    openBatchCapture({
      destination: scratchDir('godwit-batch-capture-'),
      jobName: 'nightly',
      generateInferenceId: true,
      clock: new FakeClock(Date.parse('2022-08-30T00:49:15.250Z')),
    });

  test('appends an inference id and the job start time to each CSV record', async () => {
    const capture = await open();
    const out = capture.stamp(Buffer.from('0\r\n1,0.25\n\n'), 'text/csv').toString();
    const rows = out.split(/\r?\n/);
    assert.equal(rows.length, 4);
    const [first, second] = rows.map((r) => r.split(','));
    assert.equal(first![0], '0');
    assert.match(first![1]!, UUID);
    assert.equal(first![2], '2022-08-30T00:49:15Z');
    assert.deepEqual(second!.slice(0, 2), ['1', '0.25']);
    assert.notEqual(first![1], second![2], 'each record has its own id');
    assert.ok(out.includes('\r\n') && out.endsWith('\n\n'), 'line breaks kept');
  });

  test('adds SageMakerInferenceId and SageMakerInferenceTime to JSON and JSON Lines objects', async () => {
    const capture = await open();
    const json = JSON.parse(capture.stamp(Buffer.from('{"output": 0}\n'), 'application/json; charset=utf-8').toString());
    assert.deepEqual(Object.keys(json), ['output', 'SageMakerInferenceId', 'SageMakerInferenceTime']);
    assert.match(json.SageMakerInferenceId, UUID);
    assert.equal(json.SageMakerInferenceTime, '2022-08-30T00:49:15Z');
    const lines = capture
      .stamp(Buffer.from('{"output":0}\n{"output":1}\n'), 'application/jsonlines')
      .toString()
      .trimEnd()
      .split('\n');
    const [a, b] = lines.map((l) => JSON.parse(l));
    assert.deepEqual([a.output, b.output], [0, 1]);
    assert.notEqual(a.SageMakerInferenceId, b.SageMakerInferenceId);
  });

  test('refuses output it cannot stamp with E_CAPTURE_INFERENCE_ID naming it', async () => {
    const capture = await open();
    assert.throws(() => capture.stamp(Buffer.from('[0.1, 0.2]'), 'application/json'), {
      code: 'E_CAPTURE_INFERENCE_ID',
      message: /output record \[0\.1, 0\.2\]: it is not a JSON object/,
    });
    assert.throws(() => capture.stamp(Buffer.from([1, 2]), 'application/x-npy'), {
      code: 'E_CAPTURE_INFERENCE_ID',
      message: /"nightly" cannot add inference ids to its application\/x-npy output/,
    });
  });
});
