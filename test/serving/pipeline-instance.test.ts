import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import type { InferenceRequest, ModelInstance } from '../../src/serving/model-runtime.js';
import { PipelineContainerError, pipelineInstance, startPipeline } from '../../src/serving/pipeline-instance.js';
import { startRegressor } from './linear-fixture.js';

const csv = (text: string): InferenceRequest => ({ body: Buffer.from(text), contentType: 'text/csv' });

describe('pipelineInstance', () => {
  it("feeds each container's response body and content type to the next; the caller's Accept reaches the last", async () => {
    // y1 = 2a + 3b + 1; y2 = 10·y1 − 4, through two real linear-learner instances.
    const first = await startRegressor([2, 3], 1);
    const second = await startRegressor([10], -4);
    const model = pipelineInstance([first, second]);
    const out = await model.invoke({ ...csv('1,2\n0,0\n'), accept: 'application/json' });
    assert.equal(out.contentType, 'application/json');
    assert.deepEqual(JSON.parse(out.body.toString()), { predictions: [{ score: 86 }, { score: 6 }] });
    await model.close();
  });

  it('runs three containers, and gives intermediate ones the Accept their environment names', async () => {
    const seen: (string | undefined)[] = [];
    const watch = (inner: ModelInstance): ModelInstance => ({
      runtime: inner.runtime,
      invoke: (r) => {
        seen.push(`${r.contentType} → ${r.accept}`);
        return inner.invoke(r);
      },
      close: () => inner.close(),
    });
    const env = { SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: 'text/csv' };
    const model = pipelineInstance(
      [watch(await startRegressor([1], 1)), watch(await startRegressor([2], 0)), watch(await startRegressor([1], 0.5))],
      [{ environment: env }, {}, {}],
    );
    const out = await model.invoke({ ...csv('3\n'), accept: 'application/jsonlines' });
    assert.equal(out.body.toString(), '{"score":8.5}\n');
    assert.deepEqual(seen, ['text/csv → text/csv', 'text/csv → undefined', 'text/csv → application/jsonlines']);
  });

  it('names the container that failed and keeps its code; later containers are not called', async () => {
    let calledSecond = false;
    const second = await startRegressor([1], 0);
    const model = pipelineInstance(
      [
        await startRegressor([1, 1], 0),
        {
          ...second,
          invoke: (r) => {
            calledSecond = true;
            return second.invoke(r);
          },
        },
      ],
      [{ hostname: 'prep' }, { hostname: 'predictor' }],
    );
    const err = await model.invoke(csv('1,2,3\n')).catch((e: unknown) => e);
    assert.ok(err instanceof PipelineContainerError);
    assert.equal(err.code, 'E_DATA_FORMAT');
    assert.equal(err.containerIndex, 1);
    assert.equal(err.hostname, 'prep');
    assert.match(
      err.message,
      /^Container 1 of 2 \("prep"\) of the inference pipeline failed: .*3 features, but the model expects 2/,
    );
    assert.equal(calledSecond, false);
  });

  it('reports a later container by index when its input does not fit (intermediate JSON it cannot read)', async () => {
    const model = pipelineInstance(
      [await startRegressor([1], 0), await startRegressor([1], 0)],
      [{ environment: { SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: 'application/json' } }],
    );
    const err = await model.invoke(csv('1\n')).catch((e: unknown) => e);
    assert.ok(err instanceof PipelineContainerError);
    assert.equal(err.containerIndex, 2);
    assert.equal(err.hostname, 'container-2');
    assert.equal(err.code, 'E_DATA_FORMAT');
  });

  it('turns anything else a container throws into E_MODEL_ERROR for that container', async () => {
    const broken: ModelInstance = {
      runtime: 'x',
      invoke: async () => Promise.reject(new TypeError('boom')),
      close: async () => {},
    };
    const err = await pipelineInstance([await startRegressor([1], 0), broken])
      .invoke(csv('1\n'))
      .catch((e: unknown) => e);
    assert.ok(err instanceof PipelineContainerError);
    assert.equal(err.code, 'E_MODEL_ERROR');
    assert.match(err.message, /container-2.*boom/);
  });

  it('refuses fewer than 2 or more than 15 containers', async () => {
    const one = await startRegressor([1], 0);
    for (const n of [1, 16]) {
      assert.throws(
        () => pipelineInstance(Array.from({ length: n }, () => one)),
        (e: unknown) => e instanceof GodwitError && e.code === 'E_PIPELINE_CONTAINERS' && e.message.includes(`not ${n}`),
      );
    }
  });

  it('startPipeline starts every container and chains them, as the endpoint host asks', async () => {
    const model = { name: 'm', containers: [{ hostname: 'prep' }, { hostname: 'predictor' }] };
    const instance = await startPipeline(model, (i) => (i === 0 ? startRegressor([2], 0) : startRegressor([1], 1)));
    assert.equal((await instance.invoke(csv('4\n'))).body.toString(), '9\n');
    await instance.close();
  });

  it('startPipeline closes what started when a container fails to start, naming that container', async () => {
    let closed = 0;
    const first = await startRegressor([1], 0);
    const counted: ModelInstance = { ...first, close: async () => void closed++ };
    const model = { name: 'm', containers: [{}, { hostname: 'predictor' }] };
    const fail = () => Promise.reject(new GodwitError('E_MODEL_FORMAT', 'no model.tar.gz at s3://b/k'));
    const err = await startPipeline(model, (i) => (i === 0 ? Promise.resolve(counted) : fail())).catch((e: unknown) => e);
    assert.ok(err instanceof PipelineContainerError);
    assert.equal(err.code, 'E_MODEL_FORMAT');
    assert.equal(err.hostname, 'predictor');
    assert.equal(closed, 1);
    await assert.rejects(
      startPipeline({ name: 'solo', containers: [{}] }, () => startRegressor([1], 0)),
      /Model "solo" is an inference pipeline/,
    );
  });
});
