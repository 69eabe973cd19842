import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type LinearModel, predict, saveLinearModel } from '../../src/ml/linear-learner.js';
import { type RunningServer, serveModel } from '../../src/serving/model-server.js';
import { entryPoint } from '../cli/entry-point.js';
import { collector, tempDir, writeText } from './helpers.js';

const runServeCommand = entryPoint('serve');

const model: LinearModel = {
  format: 'godwit.linear-learner',
  version: 1,
  predictorType: 'binary_classifier',
  featureDim: 2,
  weights: [1, -1],
  bias: 0,
  threshold: 0.5,
  hyperparameters: {},
  trainedOn: { rows: 1, channels: { train: 1 } },
  solver: { name: 'irls', iterations: 1, notes: [] },
  metrics: {},
};

describe('model server (SageMaker inference contract)', () => {
  let server: RunningServer;
  before(async () => {
    const dir = tempDir();
    await saveLinearModel(join(dir, 'model'), model);
    server = await serveModel({ modelDir: join(dir, 'model'), port: 0, host: '127.0.0.1', predictRoute: '/v1/predict' });
  });
  after(() => server.close());

  const invoke = (body: string, headers: Record<string, string>, path = '/invocations') =>
    fetch(`${server.url}${path}`, { method: 'POST', body, headers });

  test('GET /ping answers 200', async () => {
    const res = await fetch(`${server.url}/ping`);
    assert.equal(res.status, 200);
  });

  test('POST /invocations with text/csv answers predicted_label,score per line', async () => {
    const res = await invoke('2,1\n0,3\n', { 'Content-Type': 'text/csv' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv');
    const lines = (await res.text()).trim().split('\n');
    assert.deepEqual(lines, [`1,${predict(model, [2, 1]).score}`, `0,${predict(model, [0, 3]).score}`]);
  });

  test('Accept application/json gives SageMaker linear-learner JSON; JSON instances are accepted', async () => {
    const res = await invoke(JSON.stringify({ instances: [{ features: [2, 1] }] }), {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { predictions: [{ score: predict(model, [2, 1]).score, predicted_label: 1 }] });
    const vertex = await invoke(
      JSON.stringify({ instances: [[0, 3]] }),
      { 'Content-Type': 'application/json', Accept: 'application/jsonlines' },
      '/v1/predict',
    );
    assert.deepEqual(JSON.parse(await vertex.text()), { score: predict(model, [0, 3]).score, predicted_label: 0 });
  });

  test('bad requests get 4xx with a message, not a crash', async () => {
    const wrong = await invoke('1,2,3\n', { 'Content-Type': 'text/csv' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /request body, line 1: the record has 3 features, but the model expects 2/);
    assert.equal((await invoke('1,2', { 'Content-Type': 'application/x-recordio-protobuf' })).status, 415);
    assert.equal((await invoke('1,2', { 'Content-Type': 'text/csv', Accept: 'text/libsvm' })).status, 406);
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    const params = await (await fetch(`${server.url}/execution-parameters`)).json();
    assert.equal(params.MaxPayloadInMB, 6);
  });

  test('godwit serve starts on the given port, serves, and stops on abort', async () => {
    const dir = tempDir();
    await saveLinearModel(join(dir, 'model'), { ...model, predictorType: 'regressor', threshold: undefined });
    const out = collector();
    const stop = new AbortController();
    const done = runServeCommand(['--port', '0', '--host', '127.0.0.1'], {
      env: { SM_MODEL_DIR: join(dir, 'model') },
      out: out.log,
      signal: stop.signal,
    });
    while (out.lines.length === 0) await new Promise((r) => setTimeout(r, 10));
    const url = /on (http:\/\/\S+) /.exec(out.lines[0])?.[1];
    assert.ok(url, out.lines[0]);
    const res = await fetch(`${url}/invocations`, { method: 'POST', body: '3,1\n', headers: { 'Content-Type': 'text/csv' } });
    assert.equal(await res.text(), '2\n');
    stop.abort();
    assert.equal(await done, 0);
  });

  test('godwit serve refuses a model it cannot run before listening', async () => {
    const dir = tempDir();
    writeText(join(dir, 'model', 'model.tar.gz'), 'x');
    const err = collector();
    const code = await runServeCommand(['--model-dir', join(dir, 'model'), '--port', '0'], { err: err.log });
    assert.equal(code, 1);
    assert.match(err.lines[0], /is not a model Godwit can run: there is no model\.json \(it holds model\.tar\.gz\)/);
  });
});
