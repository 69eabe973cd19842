import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointConfigRecord, VariantSpec } from '../../src/endpoints/endpoint-records.js';
import { finalConfig, shadowConfig } from '../../src/experiments/experiment-configs.js';
import type { ExperimentRecord } from '../../src/experiments/experiment-records.js';
import { shadowSamplingPercentage } from '../../src/serving/shadow/shadow-sampling.js';

const v = (variantName: string, modelName: string, weight: number, count: number): VariantSpec => ({
  variantName,
  modelName,
  initialVariantWeight: weight,
  initialInstanceCount: count,
  instanceType: 'ml.m5.large',
});
const at = new Date('2026-12-06T08:00:00Z');
const experiment: ExperimentRecord = {
  name: 'xgb-vs-linear',
  type: 'ShadowMode',
  roleArn: 'arn:aws:iam::000000000000:role/r',
  endpointName: 'ep',
  modelVariants: [
    { variantName: 'Blue', modelName: 'linear', instanceType: 'ml.m5.xlarge', instanceCount: 3 },
    { variantName: 'Shadow', modelName: 'xgb', instanceType: 'ml.c5.xlarge', instanceCount: 2 },
  ],
  productionVariant: 'Blue',
  shadowVariant: 'Shadow',
  samplingPercentage: 30,
  startTime: at,
  endTime: new Date(at.getTime() + 3_600_000),
  dataStorage: { destination: 's3://exp/capture', csvContentTypes: [], jsonContentTypes: [] },
  tags: [],
  status: 'Starting',
  createdAt: at,
  lastModifiedAt: at,
};
const base: EndpointConfigRecord = {
  name: 'ep-config',
  productionVariants: [v('Blue', 'linear', 3, 1), v('Green', 'other', 1, 1)],
  shadowVariants: [v('Old', 'older', 1, 1)],
  dataCapture: {
    enableCapture: true,
    initialSamplingPercentage: 10,
    destinationS3Uri: 's3://own',
    captureModes: ['Input'],
    csvContentTypes: [],
    jsonContentTypes: [],
  },
  tags: [],
  createdAt: at,
};

describe('the endpoint configs of a shadow test', () => {
  it('adds the shadow weighted to mirror the sampling percentage, keeping live weights, other variants and shadows', () => {
    const states = [
      { variantName: 'Blue', weight: 6, instanceCount: 2 },
      { variantName: 'Green', weight: 4, instanceCount: 5 },
    ];
    const c = shadowConfig(experiment, base, states);
    assert.match(c.name, /^xgb-vs-linear-shadow-[0-9a-f]{8}$/);
    assert.equal(c.name, shadowConfig(experiment, base, states).name, 'the same name on every try');
    assert.deepEqual(
      c.productionVariants.map((x) => [x.variantName, x.initialVariantWeight, x.initialInstanceCount, x.instanceType]),
      [
        ['Blue', 6, 3, 'ml.m5.xlarge'],
        ['Green', 4, 5, 'ml.m5.large'],
      ],
    );
    const shadow = c.shadowVariants?.find((x) => x.variantName === 'Shadow') as VariantSpec;
    assert.deepEqual([shadow.modelName, shadow.initialInstanceCount, shadow.instanceType], ['xgb', 2, 'ml.c5.xlarge']);
    assert.ok(Math.abs(shadowSamplingPercentage(10, shadow.initialVariantWeight) - 30) < 1e-9);
    assert.deepEqual(
      c.shadowVariants?.map((x) => x.variantName),
      ['Old', 'Shadow'],
    );
    assert.equal(c.dataCapture?.destinationS3Uri, 's3://exp/capture');
    assert.deepEqual(c.tags, [{ Key: 'godwit:inference-experiment', Value: 'xgb-vs-linear' }]);
  });

  it('ends by removing, retaining or promoting the shadow', () => {
    const current: EndpointConfigRecord = {
      ...base,
      ...shadowConfig(experiment, base, []),
      createdAt: at,
    } as EndpointConfigRecord;
    const stop = (actions: Record<string, 'Promote' | 'Remove' | 'Retain'>, count?: number) => ({
      actions,
      desiredVariants: count === undefined ? [] : [{ ...experiment.modelVariants[1], instanceCount: count }],
      desiredState: 'Completed' as const,
    });
    const removed = finalConfig(experiment, current, [], stop({ Blue: 'Retain', Shadow: 'Remove' }), base.dataCapture);
    assert.deepEqual(
      removed?.shadowVariants?.map((x) => x.variantName),
      ['Old'],
    );
    assert.deepEqual(
      removed?.productionVariants.map((x) => x.variantName),
      ['Blue', 'Green'],
    );
    assert.equal(removed?.dataCapture?.destinationS3Uri, 's3://own', "the endpoint's own capture comes back");
    assert.equal(
      finalConfig(experiment, current, [], stop({ Blue: 'Retain', Shadow: 'Retain' })),
      undefined,
      'nothing to change',
    );
    const promoted = finalConfig(
      experiment,
      current,
      [{ variantName: 'Blue', weight: 7, instanceCount: 4 }],
      stop({ Blue: 'Remove', Shadow: 'Promote' }),
    );
    assert.match(promoted?.name ?? '', /-promote-/);
    assert.deepEqual(
      promoted?.productionVariants.map((x) => [x.variantName, x.modelName, x.initialVariantWeight, x.initialInstanceCount]),
      [
        ['Shadow', 'xgb', 7, 4],
        ['Green', 'other', 1, 1],
      ],
    );
    const sized = finalConfig(experiment, current, [], stop({ Blue: 'Remove', Shadow: 'Promote' }, 6));
    assert.equal(sized?.productionVariants[0].initialInstanceCount, 6);
  });
});
