import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  ListEndpointsCommand,
  type SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  waitUntilEndpointDeleted,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir } from '../serving/model-fixtures.js';
import { arn, awsError, hostingFixture } from './hosting-fixture.js';

// Endpoints through the official client against a server whose endpoint host really serves them.
describe('SageMaker endpoints, through @aws-sdk/client-sagemaker', () => {
  let f: Awaited<ReturnType<typeof hostingFixture>>;
  let sm: SageMakerClient;
  const waitFor = { minDelay: 1, maxDelay: 1, maxWaitTime: 60 };
  const inService = (name: string) => waitUntilEndpointInService({ client: sm, ...waitFor }, { EndpointName: name });
  const describeOf = (name: string) => sm.send(new DescribeEndpointCommand({ EndpointName: name }));
  before(async () => {
    f = await hostingFixture();
    sm = f.sm;
    const dir = scratchDir('godwit-endpoints-sdk-');
    const data = `${pathToFileURL(linearModelDir(dir, [1, 2], 0.5)).href}/`;
    mkdirSync(join(dir, 'empty'));
    const container = { Image: 'godwit/linear-learner', ModelDataUrl: data };
    await sm.send(new CreateModelCommand({ ModelName: 'abalone', PrimaryContainer: container }));
    await sm.send(
      new CreateModelCommand({
        ModelName: 'empty',
        PrimaryContainer: { ...container, ModelDataUrl: `${pathToFileURL(join(dir, 'empty')).href}/` },
      }),
    );
    const variant = (VariantName: string, InitialVariantWeight: number, InitialInstanceCount: number, ModelName = 'abalone') => ({
      VariantName,
      ModelName,
      InitialVariantWeight,
      InitialInstanceCount,
    });
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'ab-config',
        ProductionVariants: [variant('A', 3, 2), variant('B', 1, 1)],
        ShadowProductionVariants: [variant('S', 1, 1)],
        DataCaptureConfig: {
          InitialSamplingPercentage: 100,
          DestinationS3Uri: pathToFileURL(join(dir, 'capture')).href,
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        },
      }),
    );
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'b-only', ProductionVariants: [variant('B', 1, 1)] }));
    await sm.send(
      new CreateEndpointConfigCommand({ EndpointConfigName: 'broken', ProductionVariants: [variant('X', 1, 1, 'empty')] }),
    );
  });
  after(() => f?.close());

  test('CreateEndpoint, then InService through the waiter: current and desired variants, images, shadow, capture', async () => {
    const made = await sm.send(new CreateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'ab-config' }));
    assert.equal(made.EndpointArn, arn('endpoint/ab'));
    assert.ok(['Creating', 'InService'].includes((await describeOf('ab')).EndpointStatus ?? ''));
    assert.equal((await inService('ab')).state, 'SUCCESS');
    const d = await describeOf('ab');
    assert.deepEqual(
      d.ProductionVariants?.map((v) => [
        v.VariantName,
        v.CurrentWeight,
        v.DesiredWeight,
        v.CurrentInstanceCount,
        v.DesiredInstanceCount,
      ]),
      [
        ['A', 3, 3, 2, 2],
        ['B', 1, 1, 1, 1],
      ],
    );
    assert.deepEqual(
      d.ProductionVariants?.[0].DeployedImages?.map((i) => [i.SpecifiedImage, i.ResolvedImage]),
      [['godwit/linear-learner', 'godwit/linear-learner']],
    );
    assert.deepEqual(
      d.ShadowProductionVariants?.map((v) => v.VariantName),
      ['S'],
    );
    assert.deepEqual(
      [d.DataCaptureConfig?.EnableCapture, d.DataCaptureConfig?.CaptureStatus, d.DataCaptureConfig?.CurrentSamplingPercentage],
      [true, 'Started', 100],
    );
    assert.ok(d.CreationTime instanceof Date && d.LastModifiedTime instanceof Date);
    await assert.rejects(
      sm.send(new CreateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'ab-config' })),
      awsError('ValidationException', `Cannot create already existing endpoint "${arn('endpoint/ab')}".`),
    );
    await assert.rejects(
      sm.send(new CreateEndpointCommand({ EndpointName: 'other', EndpointConfigName: 'ghost' })),
      awsError('ValidationException', `Could not find endpoint configuration "${arn('endpoint-config/ghost')}".`),
    );
  });

  test('UpdateEndpointWeightsAndCapacities and UpdateEndpoint take effect; unknown variants are refused', async () => {
    await assert.rejects(
      sm.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: 'ab',
          DesiredWeightsAndCapacities: [{ VariantName: 'Z', DesiredWeight: 1 }],
        }),
      ),
      awsError('ValidationException', 'Z', 'not present in the endpoint'),
    );
    await sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'ab',
        DesiredWeightsAndCapacities: [{ VariantName: 'B', DesiredWeight: 5, DesiredInstanceCount: 3 }],
      }),
    );
    const during = await describeOf('ab');
    assert.deepEqual(
      during.ProductionVariants?.map((v) => [v.DesiredWeight, v.DesiredInstanceCount]),
      [
        [3, 2],
        [5, 3],
      ],
    );
    await inService('ab');
    const after = await describeOf('ab');
    assert.deepEqual(
      after.ProductionVariants?.map((v) => [v.CurrentWeight, v.CurrentInstanceCount]),
      [
        [3, 2],
        [5, 3],
      ],
    );
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'b-only' }));
    await inService('ab');
    const moved = await describeOf('ab');
    assert.deepEqual(
      [moved.EndpointConfigName, moved.PendingDeploymentSummary, moved.ProductionVariants?.map((v) => v.VariantName)],
      ['b-only', undefined, ['B']],
    );
    await assert.rejects(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'b-only', RetainAllVariantProperties: true })),
      awsError('ValidationException', 'RetainAllVariantProperties'),
    );
  });

  test('a model that cannot load: Failed with a FailureReason, and an update from Failed is allowed', async () => {
    await sm.send(new CreateEndpointCommand({ EndpointName: 'broken', EndpointConfigName: 'broken' }));
    await assert.rejects(inService('broken'));
    const d = await describeOf('broken');
    assert.equal(d.EndpointStatus, 'Failed');
    assert.match(d.FailureReason ?? '', /Variant "X" \(model "empty"\)/);
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'broken', EndpointConfigName: 'b-only' }));
    await inService('broken');
    assert.deepEqual(
      [(await describeOf('broken')).EndpointConfigName, (await describeOf('broken')).FailureReason],
      ['b-only', undefined],
    );
  });

  test('ListEndpoints filters, sorts and pages; DeleteEndpoint removes it; a missing endpoint is named by ARN', async () => {
    const named = await sm.send(
      new ListEndpointsCommand({ NameContains: 'b', SortBy: 'Name', SortOrder: 'Descending', MaxResults: 1 }),
    );
    assert.deepEqual(
      named.Endpoints?.map((e) => [e.EndpointName, e.EndpointStatus, e.EndpointArn]),
      [['broken', 'InService', arn('endpoint/broken')]],
    );
    const rest = await sm.send(
      new ListEndpointsCommand({
        NameContains: 'b',
        SortBy: 'Name',
        SortOrder: 'Descending',
        MaxResults: 1,
        NextToken: named.NextToken,
      }),
    );
    assert.deepEqual([rest.Endpoints?.map((e) => e.EndpointName), rest.NextToken], [['ab'], undefined]);
    assert.deepEqual((await sm.send(new ListEndpointsCommand({ StatusEquals: 'Failed' }))).Endpoints, []);
    await sm.send(new DeleteEndpointCommand({ EndpointName: 'broken' }));
    assert.equal((await waitUntilEndpointDeleted({ client: sm, ...waitFor }, { EndpointName: 'broken' })).state, 'SUCCESS');
    await assert.rejects(
      describeOf('broken'),
      awsError('ValidationException', `Could not find endpoint "${arn('endpoint/broken')}".`),
    );
    await assert.rejects(
      sm.send(new DeleteEndpointCommand({ EndpointName: 'broken' })),
      awsError('ValidationException', 'Could not find endpoint'),
    );
  });
});
