import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemClock } from '../../../src/core/clock.js';
import { GodwitError } from '../../../src/core/errors.js';
import { InstancePool } from '../../../src/serving/host/instance-pool.js';
import { type Invocation, LiveEndpoint } from '../../../src/serving/host/live-endpoint.js';
import type { InferenceRequest, InferenceResponse, ModelInstance } from '../../../src/serving/model-runtime.js';

/** An instance scored on this thread, as the linear learner is: `invokeNow` beside `invoke`. */
const onThread = async (): Promise<ModelInstance> => {
  const invokeNow = (request: InferenceRequest) => {
    if (request.body.toString() === 'bad') throw new GodwitError('E_DATA_FORMAT', 'not a number');
    return { body: Buffer.from(`scored ${request.body}`), contentType: 'text/csv' };
  };
  return { runtime: 'on-thread', invokeNow, invoke: async (r) => invokeNow(r), close: async () => {} };
};

const req = (text: string): InferenceRequest => ({ body: Buffer.from(text), contentType: 'text/csv' });

describe('LiveEndpoint.serve', () => {
  test('an instance scored on this thread answers before serve returns, metrics recorded; failures too', async () => {
    const pool = new InstancePool(async () => onThread());
    await pool.open(1);
    const recorded: number[] = [];
    const metrics = { variant: () => ({ record: (status: number) => void recorded.push(status) }) };
    const endpoint = new LiveEndpoint('ep', 'cfg', [{ name: 'A', weight: 1, pool }], [], undefined, { metrics }, systemClock);
    const outcomes: (Invocation | string)[] = [];
    const reply = {
      answered: (variantName: string, response: InferenceResponse) => void outcomes.push({ variantName, response }),
      failed: (err: unknown) => void outcomes.push((err as GodwitError).code),
    };
    endpoint.serve(req('1,2'), {}, reply);
    endpoint.serve(req('bad'), {}, reply);
    endpoint.serve(req('1,2'), { targetVariant: 'Z' }, reply);
    // All three settled synchronously: no promise between the request and its answer.
    assert.equal(outcomes.length, 3);
    const [answered, failed, unknown] = outcomes;
    assert.equal((answered as Invocation).variantName, 'A');
    assert.equal((answered as Invocation).response.body.toString(), 'scored 1,2');
    assert.deepEqual([failed, unknown], ['E_DATA_FORMAT', 'E_VARIANT_NOT_FOUND']);
    // An unknown variant served nothing, so it is not counted.
    assert.deepEqual(recorded, [200, 400]);
    assert.equal((await endpoint.invoke(req('3'))).response.body.toString(), 'scored 3');
    await endpoint.close();
  });
});
