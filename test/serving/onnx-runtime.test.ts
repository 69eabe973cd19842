import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { godwitHome } from '../../src/core/home.js';
import type { ModelInstance } from '../../src/serving/model-runtime.js';
import { createOnnxRuntime, onnxRuntime } from '../../src/serving/runtimes/onnx-runtime.js';
import { scratchDir } from '../helpers/scratch.js';
import { INT64, type LinearSpec, writeLinearModel } from './onnx-models.js';

const root = scratchDir('godwit-onnx-');
let folders = 0;
function modelDir(spec: LinearSpec): string {
  const dir = join(root, `m${folders++}`);
  mkdirSync(dir);
  return writeLinearModel(dir, spec);
}

async function start(spec: LinearSpec): Promise<ModelInstance> {
  const dir = modelDir(spec);
  return onnxRuntime.start({ container: {}, modelDir: dir, home: godwitHome(join(root, 'home')), workDir: dir });
}

async function call(instance: ModelInstance, body: string, contentType: string, accept?: string) {
  const res = await instance.invoke({ body: Buffer.from(body), contentType, accept });
  return { type: res.contentType, text: res.body.toString('utf8') };
}

const LINEAR = { weights: [0.5, -1.25, 2], bias: 0.25 };
const linear = (x: number[]) => x[0] * 0.5 - x[1] * 1.25 + x[2] * 2 + 0.25;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const rows = [
  [1, 2, 3],
  [0.1, -0.7, 4.25],
  [-3, 0, 0.5],
];

function near(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  for (const [i, a] of actual.entries()) assert.ok(Math.abs(a - expected[i]) <= 1e-6, `${a} vs ${expected[i]} at ${i}`);
}

describe('the ONNX runtime', () => {
  it('scores a linear regression from CSV, JSON and JSON lines, as hand-computed to 1e-6', async () => {
    const instance = await start(LINEAR);
    try {
      const csv = await call(instance, rows.map((r) => r.join(',')).join('\n'), 'text/csv');
      assert.equal(csv.type, 'text/csv');
      near(csv.text.trim().split('\n').map(Number), rows.map(linear));
      const json = await call(instance, JSON.stringify({ instances: rows }), 'application/json');
      assert.equal(json.type, 'application/json');
      near(JSON.parse(json.text).predictions, rows.map(linear));
      const features = JSON.stringify({ instances: rows.map((features) => ({ features })) });
      near(JSON.parse((await call(instance, features, 'application/json; charset=utf-8')).text).predictions, rows.map(linear));
      const lines = await call(instance, rows.map((r) => JSON.stringify(r)).join('\n'), 'application/jsonlines', 'text/csv');
      assert.equal(lines.type, 'text/csv');
      near(lines.text.trim().split('\n').map(Number), rows.map(linear));
      const asLines = await call(instance, '1,2,3\n', 'text/csv', 'application/jsonlines');
      assert.equal(asLines.text, `${JSON.parse(asLines.text.trim())}\n`);
      near([JSON.parse(asLines.text)], [linear(rows[0])]);
    } finally {
      await instance.close();
    }
  });

  it('answers every output of a logistic classifier, keyed by name', async () => {
    const instance = await start({ ...LINEAR, logistic: true });
    try {
      const json = JSON.parse((await call(instance, JSON.stringify({ instances: rows }), 'application/json')).text);
      near(
        json.predictions.map((p: { score: number }) => p.score),
        rows.map(linear),
      );
      near(
        json.predictions.map((p: { probability: number }) => p.probability),
        rows.map((r) => sigmoid(linear(r))),
      );
      const csv = (await call(instance, rows.map((r) => r.join(',')).join('\n'), 'text/csv')).text.trim().split('\n');
      near(
        csv.map((line) => Number(line.split(',')[1])),
        rows.map((r) => sigmoid(linear(r))),
      );
    } finally {
      await instance.close();
    }
  });

  it('runs a model whose batch dimension is fixed at 1 once per record', async () => {
    const instance = await start({ ...LINEAR, inputShape: [1, 3] });
    try {
      near(
        (await call(instance, rows.map((r) => r.join(',')).join('\n'), 'text/csv')).text.trim().split('\n').map(Number),
        rows.map(linear),
      );
    } finally {
      await instance.close();
    }
  });

  it('refuses requests that do not fit, naming expected and given', async () => {
    const instance = await start(LINEAR);
    const refused = async (body: string, type: string, code: string, pattern: RegExp, accept?: string) =>
      assert.rejects(call(instance, body, type, accept), (err: Error & { code?: string }) => {
        assert.equal(err.code, code);
        assert.match(err.message, pattern);
        return true;
      });
    try {
      await refused('1,2,3,4\n', 'text/csv', 'E_DATA_FORMAT', /3 features .*\[\?, 3\].* have 4/);
      await refused('1,x,3\n', 'text/csv', 'E_DATA_FORMAT', /Line 1, column 2: "x" is not a number/);
      await refused('{"instances": [[1,2]', 'application/json', 'E_DATA_FORMAT', /not valid JSON/);
      await refused('{"rows": []}', 'application/json', 'E_DATA_FORMAT', /not a list of numbers/);
      await refused('[1,2,3]\n[1,2]\n', 'application/jsonlines', 'E_DATA_FORMAT', /Line 2 has 2 values, but Line 1 has 3/);
      await refused('1,2,3', 'application/x-protobuf', 'E_CONTENT_TYPE', /x-protobuf/);
      await refused('1,2,3', 'text/csv', 'E_CONTENT_TYPE', /image\/png/, 'image/png');
    } finally {
      await instance.close();
    }
  });

  it('refuses at start a file that is not an ONNX model', async () => {
    const dir = join(root, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.onnx'), Buffer.from([0x0a, 0xff, 0xff, 0xff]));
    await assert.rejects(
      onnxRuntime.start({ container: {}, modelDir: dir, home: godwitHome(join(root, 'home')), workDir: dir }),
      (err: Error & { code?: string }) => err.code === 'E_MODEL_FORMAT' && /broken\/model\.onnx/.test(err.message),
    );
  });

  it('refuses at start a model it cannot feed', async () => {
    await assert.rejects(start({ ...LINEAR, inputType: INT64 }), /input "X" is int64/);
    await assert.rejects(start({ ...LINEAR, extraInput: true }), /2 inputs \(X, Z\)/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await assert.rejects(
      onnxRuntime.start({ container: {}, modelDir: empty, home: godwitHome(join(root, 'home')), workDir: empty }),
      (err: Error & { code?: string }) => err.code === 'E_MODEL_FORMAT' && /no \.onnx file/.test(err.message),
    );
  });

  it('says how to install onnxruntime-node when it is absent', async () => {
    const runtime = createOnnxRuntime(() => import(['onnxruntime-node', 'absent'].join('-')) as never);
    const dir = modelDir(LINEAR);
    await assert.rejects(
      runtime.start({ container: {}, modelDir: dir, home: godwitHome(join(root, 'home')), workDir: dir }),
      (err: Error & { code?: string; hint?: string }) => {
        assert.equal(err.code, 'E_ONNX_UNAVAILABLE');
        assert.match(err.hint ?? '', /npm install onnxruntime-node --ignore-scripts/);
        return true;
      },
    );
  });

  it('loads onnxruntime-node only when an ONNX instance starts', () => {
    const dir = modelDir(LINEAR);
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('onnxruntime'));
      const { RUNTIMES } = await import('./src/serving/runtimes/index.ts');
      const onnx = await RUNTIMES.onnx();
      const before = loaded();
      const instance = await onnx.start({ container: {}, modelDir: ${JSON.stringify(dir)}, home: {}, workDir: ${JSON.stringify(dir)} });
      console.log(JSON.stringify({ before, after: loaded() }));
      await instance.close();`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout.trim()), { before: false, after: true });
  });
});
