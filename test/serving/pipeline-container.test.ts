import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ModelInstance } from '../../src/serving/model-runtime.js';
import { PipelineContainerError, startPipeline } from '../../src/serving/pipeline-instance.js';
import { startContainer } from '../../src/serving/runtimes/container-runtime.js';
import { PYTHON, withEnv } from '../contracts/helpers.js';
import { startOptions } from './container-fixture.js';
import { startRegressor } from './linear-fixture.js';

const PREP = fileURLToPath(new URL('./fixtures/abalone_prep_server.py', import.meta.url));
// A regressor over the preprocessed features: F, I, M one-hot, then seven measurements.
const WEIGHTS = [1, -1, 0.5, 2, 3, 4, 5, 6, 7, 8];
const BIAS = 0.25;
const RAW = ['M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15', 'I,0.33,0.255,0.08,0.205,0.0895,0.0395,0.055'];

function expected(row: string): number {
  const [sex, ...m] = row.split(',');
  const features = [...['F', 'I', 'M'].map((s) => (s === sex ? 1 : 0)), ...m.map(Number)];
  return features.reduce((sum, x, j) => sum + x * WEIGHTS[j], BIAS);
}

// A real preprocessing process (SageMaker's serving contract, through the container runtime)
// followed by the real linear learner: raw rows in, predictions out, as CreateModel's Containers.
describe('an inference pipeline of a serving container and the linear learner', () => {
  const instances: ModelInstance[] = [];
  const start = async (prepEnv: Record<string, string>) => {
    const model = {
      name: 'abalone-pipeline',
      containers: [{ hostname: 'prep', environment: prepEnv }, { hostname: 'predictor' }],
    };
    const instance = await withEnv({ GODWIT_SANDBOX: 'none' }, () =>
      startPipeline(model, (i) =>
        i === 0 ? startContainer(startOptions({ command: [PYTHON, PREP], environment: prepEnv })) : startRegressor(WEIGHTS, BIAS),
      ),
    );
    instances.push(instance);
    return instance;
  };
  let csvPipeline: ModelInstance;
  before(async () => {
    csvPipeline = await start({ SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: 'text/csv' });
  });
  after(() => Promise.all(instances.map((x) => x.close())));

  test("raw rows become the model's features in the first container and predictions in the second", async () => {
    const out = await csvPipeline.invoke({
      body: Buffer.from(`${RAW.join('\n')}\n`),
      contentType: 'text/csv',
      accept: 'application/json',
    });
    assert.equal(out.contentType, 'application/json');
    const scores = (JSON.parse(out.body.toString()) as { predictions: { score: number }[] }).predictions.map((p) => p.score);
    assert.equal(scores.length, 2);
    for (const [i, row] of RAW.entries()) {
      assert.ok(Math.abs(scores[i] - expected(row)) < 1e-9, `${scores[i]} vs ${expected(row)}`);
    }
  });

  test('the first container answers JSON instances when its environment asks for them, and the learner reads them', async () => {
    const json = await start({ SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: 'application/json' });
    const out = await json.invoke({ body: Buffer.from(`${RAW[0]}\n`), contentType: 'text/csv' });
    assert.equal(out.contentType, 'text/csv');
    assert.ok(Math.abs(Number(out.body.toString()) - expected(RAW[0])) < 1e-9);
  });

  test("a row the first container refuses is that container's 400, named, and the pipeline keeps serving", async () => {
    const err = await csvPipeline
      .invoke({ body: Buffer.from('X,1,1,1,1,1,1,1\n'), contentType: 'text/csv' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof PipelineContainerError);
    assert.equal(err.code, 'E_DATA_FORMAT');
    assert.equal(err.containerIndex, 1);
    assert.equal(err.hostname, 'prep');
    assert.match(
      err.message,
      /^Container 1 of 2 \("prep"\) of the inference pipeline failed: .*400.*sex must be F, I or M, not 'X'/,
    );
    const again = await csvPipeline.invoke({ body: Buffer.from(`${RAW[1]}\n`), contentType: 'text/csv' });
    assert.ok(Math.abs(Number(again.body.toString()) - expected(RAW[1])) < 1e-9);
  });
});
