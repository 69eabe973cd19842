import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { godwitHome } from '../../../src/core/home.js';
import type { ModelInstance } from '../../../src/serving/model-runtime.js';
import { onnxRuntime } from '../../../src/serving/runtimes/onnx-runtime.js';
import { batchTransform } from '../../../src/serving/transform/batch-transform.js';
import { runTransformJob, type TransformJob } from '../../../src/serving/transform/transform-job.js';
import type { TransformOptions } from '../../../src/serving/transform/transform-options.js';
import { scratchDir } from '../../helpers/scratch.js';
import { writeLinearModel } from '../onnx-models.js';

const root = scratchDir('godwit-transform-job-');
const home = godwitHome(join(root, 'home'));
const modelDir = join(root, 'model');
mkdirSync(modelDir);
writeLinearModel(modelDir, { weights: [0.5, -1.25], bias: 0.25, logistic: true });
const score = (x: number[]) => x[0] * 0.5 - x[1] * 1.25 + 0.25;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

let cases = 0;
function inputs(files: Record<string, string>): { input: string; output: string } {
  const dir = join(root, `case-${cases++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'in', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'in', name), text);
  }
  return { input: join(dir, 'in'), output: join(dir, 'out') };
}

/** Real ONNX instances, watched: how many started, each request's size, the most in flight at once. */
function watched() {
  const seen = { started: 0, bodies: [] as number[], inFlight: 0, maxInFlight: 0 };
  const start = async (): Promise<ModelInstance> => {
    const instance = await onnxRuntime.start({ container: {}, modelDir, home, workDir: root });
    seen.started++;
    return {
      runtime: instance.runtime,
      invoke: async (request) => {
        seen.bodies.push(request.body.length);
        seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
        try {
          return await instance.invoke(request);
        } finally {
          seen.inFlight--;
        }
      },
      close: () => instance.close(),
    };
  };
  return { seen, start };
}

const run = (files: { input: string; output: string }, options: TransformOptions, start = watched().start) =>
  runTransformJob({ ...files, options, startInstance: start } satisfies TransformJob);
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('batch transform on the ONNX runtime', () => {
  test('scores every record, each output row its outputs in order, to 1e-6', async () => {
    const rows = [
      [1, 2],
      [0.5, -3],
      [4, 0],
    ];
    const files = inputs({ 'a.csv': rows.map((r) => r.join(',')).join('\n') });
    await run(files, {});
    const got = lines(join(files.output, 'a.csv.out')).map((l) => l.split(',').map(Number));
    for (const [i, r] of rows.entries()) {
      assert.ok(Math.abs(got[i][0] - score(r)) < 1e-6);
      assert.ok(Math.abs(got[i][1] - sigmoid(score(r))) < 1e-6);
    }
  });

  test('joins CSV input to its predictions with SageMaker filters: $[1:] in, $[0,-1] out', async () => {
    const files = inputs({ 'ids.csv': 'a17,1,2\n"b,9",0.5,-3\n' });
    await run(files, {
      accept: 'text/csv',
      dataProcessing: { inputFilter: '$[1:]', joinSource: 'Input', outputFilter: '$[0,-1]' },
    });
    const out = lines(join(files.output, 'ids.csv.out'));
    assert.equal(out.length, 2);
    assert.equal(out[0].split(',')[0], 'a17');
    assert.ok(Math.abs(Number(out[0].split(',')[1]) - sigmoid(score([1, 2]))) < 1e-6);
    assert.match(out[1], /^"b,9",0\.9/);
  });

  test('joins JSON lines records under SageMakerOutput and filters by name', async () => {
    const files = inputs({ 'r.jsonl': '{"id": 1, "features": [1, 2]}\n{"id": 2, "features": [4, 0]}\n' });
    await run(files, {
      contentType: 'application/jsonlines',
      accept: 'application/jsonlines',
      dataProcessing: { inputFilter: '$.features', joinSource: 'Input', outputFilter: "$['id','SageMakerOutput']" },
    });
    const out = lines(join(files.output, 'r.jsonl.out')).map((l) => JSON.parse(l));
    assert.deepEqual(Object.keys(out[0]), ['id', 'SageMakerOutput']);
    assert.equal(out[1].id, 2);
    assert.ok(Math.abs(out[1].SageMakerOutput.score - score([4, 0])) < 1e-6);
    const bare = inputs({ 'b.jsonl': '[1, 2]\n' });
    await run(bare, {
      contentType: 'application/jsonlines',
      accept: 'application/jsonlines',
      dataProcessing: { joinSource: 'Input' },
    });
    const joined = JSON.parse(lines(join(bare.output, 'b.jsonl.out'))[0]);
    assert.deepEqual(joined.SageMakerInput, [1, 2]);
    assert.ok(Math.abs(joined.SageMakerOutput.probability - sigmoid(score([1, 2]))) < 1e-6);
  });

  test('mini-batches stay under MaxPayloadInMB; a record over it alone is refused', async () => {
    const row = '1.000000000000,2.000000000000\n';
    const count = Math.ceil((2.5 * 1024 * 1024) / row.length);
    const files = inputs({ 'big.csv': row.repeat(count) });
    const w = watched();
    const result = await run(files, { maxPayloadInMB: 1 }, w.start);
    assert.equal(result.records, count);
    assert.equal(result.requests, 3);
    assert.ok(w.seen.bodies.every((b) => b <= 1024 * 1024));
    assert.equal(lines(join(files.output, 'big.csv.out')).length, count);
    const huge = inputs({ 'huge.csv': `${'1,'.repeat(600_000)}2\n` });
    await assert.rejects(
      run(huge, { maxPayloadInMB: 1 }),
      (err: GodwitError) => err.code === 'E_PAYLOAD_TOO_LARGE' && /huge\.csv, record 1/.test(err.message),
    );
  });

  test('instances × MaxConcurrentTransforms requests run at once, and no more', async () => {
    const files = inputs(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}.csv`, '1,2\n3,4\n5,6\n'])));
    const w = watched();
    const result = await run(files, { instanceCount: 2, maxConcurrentTransforms: 3, batchStrategy: 'SingleRecord' }, w.start);
    assert.equal(result.concurrency, 6);
    assert.equal(w.seen.started, 2);
    assert.equal(result.requests, 24);
    assert.ok(w.seen.maxInFlight > 1 && w.seen.maxInFlight <= 6, `max in flight ${w.seen.maxInFlight}`);
    for (let i = 0; i < 8; i++) assert.equal(lines(join(files.output, `p${i}.csv.out`)).length, 3);
  });

  test('a model error names the file and records, and the job stops', async () => {
    const files = inputs({ 'a.csv': '1,2\n', 'b.csv': '1,2,3\n' });
    await assert.rejects(
      run(files, {}),
      (err: GodwitError) => err.code === 'E_DATA_FORMAT' && /^b\.csv, record 1: /.test(err.message),
    );
  });

  test('options that cannot work together are refused before any model starts', async () => {
    const files = inputs({ 'a.csv': '1,2\n' });
    const w = watched();
    await assert.rejects(
      run(files, { splitType: 'None', dataProcessing: { joinSource: 'Input' } }, w.start),
      (err: GodwitError) => err.code === 'E_TRANSFORM_CONFIG',
    );
    await assert.rejects(
      run(files, { accept: 'application/json', dataProcessing: { joinSource: 'Input' } }, w.start),
      /CSV predictions/,
    );
    assert.equal(w.seen.started, 0);
  });

  test('batch data capture writes SageMaker manifests and stamps inference ids', async () => {
    const files = inputs({ 'a.csv': '1,2\n4,0\n', 'sub/b.csv': '0,0\n' });
    const capture = join(root, 'capture');
    const result = await batchTransform({
      model: modelDir,
      ...files,
      options: { accept: 'text/csv', dataCapture: { destination: capture, generateInferenceId: true } },
      home,
    });
    assert.equal(result.runtime, 'onnx');
    const manifest = (side: string) => {
      const hours = (dir: string): string => {
        const [entry] = readdirSync(dir, { withFileTypes: true });
        return entry.isDirectory() ? hours(join(dir, entry.name)) : join(dir, entry.name);
      };
      return JSON.parse(readFileSync(hours(join(capture, side)), 'utf8'));
    };
    assert.deepEqual(manifest('input').slice(1), ['a.csv', 'sub/b.csv']);
    assert.match(manifest('input')[0].prefix, /^file:\/\/.*\/in\/$/);
    assert.deepEqual(manifest('output').slice(1), ['a.csv.out', 'sub/b.csv.out']);
    const stamped = lines(join(files.output, 'a.csv.out')).map((l) => l.split(','));
    assert.equal(stamped[0].length, 4);
    assert.match(stamped[0][2], /^[0-9a-f-]{36}$/);
    assert.notEqual(stamped[0][2], stamped[1][2]);
  });
});
