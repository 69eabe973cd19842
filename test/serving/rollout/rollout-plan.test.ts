import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rolloutPlan } from '../../../src/serving/rollout/rollout-plan.js';

const bg = (
  type: 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR',
  size?: { type: 'INSTANCE_COUNT' | 'CAPACITY_PERCENT'; value: number },
) => ({
  blueGreen: {
    trafficRouting: {
      type,
      waitIntervalInSeconds: 300,
      ...(type === 'CANARY' && { canarySize: size }),
      ...(type === 'LINEAR' && { linearStepSize: size }),
    },
    terminationWaitInSeconds: 120,
    maximumExecutionTimeoutInSeconds: 3600,
  },
});
const shares = (plan: ReturnType<typeof rolloutPlan>) => plan.steps.map((s) => s.greenShare);

describe('rolloutPlan: the traffic steps SageMaker takes for a deployment config', () => {
  test('ALL_AT_ONCE is one step to 100 %; CANARY its share then 100 %, each baked', () => {
    assert.deepEqual(shares(rolloutPlan(bg('ALL_AT_ONCE'), 4)), [1]);
    const canary = rolloutPlan(bg('CANARY', { type: 'INSTANCE_COUNT', value: 1 }), 4);
    assert.deepEqual(shares(canary), [0.25, 1]);
    assert.deepEqual(
      canary.steps.map((s) => s.bakeSeconds),
      [300, 300],
    );
    assert.deepEqual([canary.terminationWaitSeconds, canary.timeoutSeconds, canary.kind], [120, 3600, 'blue-green']);
    assert.deepEqual(shares(rolloutPlan(bg('CANARY', { type: 'CAPACITY_PERCENT', value: 30 }), 1)), [0.3, 1]);
  });

  test('LINEAR adds a step each time, the last capped at 100 %', () => {
    assert.deepEqual(shares(rolloutPlan(bg('LINEAR', { type: 'CAPACITY_PERCENT', value: 30 }), 10)), [0.3, 0.6, 0.9, 1]);
    assert.deepEqual(shares(rolloutPlan(bg('LINEAR', { type: 'INSTANCE_COUNT', value: 1 }), 4)), [0.25, 0.5, 0.75, 1]);
    assert.deepEqual(shares(rolloutPlan(bg('LINEAR', { type: 'CAPACITY_PERCENT', value: 50 }), 2)), [0.5, 1]);
  });

  test('rolling replaces a batch per step, keeps no old fleet after, and rolls back in its own batches', () => {
    const plan = rolloutPlan(
      {
        rolling: {
          maximumBatchSize: { type: 'INSTANCE_COUNT', value: 2 },
          waitIntervalInSeconds: 60,
          rollbackMaximumBatchSize: { type: 'CAPACITY_PERCENT', value: 50 },
        },
      },
      6,
    );
    assert.equal(plan.kind, 'rolling');
    assert.deepEqual(shares(plan), [0.333333, 0.666667, 1]);
    assert.deepEqual([plan.terminationWaitSeconds, plan.rollbackBatchShare, plan.timeoutSeconds], [0, 0.5, undefined]);
  });
});
