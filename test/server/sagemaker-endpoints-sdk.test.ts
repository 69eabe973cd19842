import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import type { Metadata } from '../../src/meta/index.js';
import { arn, awsError, hostingFixture } from './hosting-fixture.js';

describe('SageMaker endpoints, through @aws-sdk/client-sagemaker', () => {
  let f: Awaited<ReturnType<typeof hostingFixture>>;
  let sm: SageMakerClient;
  /** The host's side, played by the test: it reports status as the endpoint host would. */
  let host: Metadata;
  before(async () => {
    f = await hostingFixture();
    sm = f.sm;
    host = f.host;
    await sm.send(
      new CreateModelCommand({
        ModelName: 'abalone',
        PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: 's3://m/' },
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'ab-config',
        ProductionVariants: [
          { VariantName: 'A', ModelName: 'abalone', InitialInstanceCount: 2, InitialVariantWeight: 3 },
          { VariantName: 'B', ModelName: 'abalone', InitialInstanceCount: 1, InitialVariantWeight: 1 },
        ],
        ShadowProductionVariants: [
          { VariantName: 'S', ModelName: 'abalone', InitialInstanceCount: 1, InitialVariantWeight: 0.5 },
        ],
        DataCaptureConfig: {
          InitialSamplingPercentage: 100,
          DestinationS3Uri: 's3://capture/abalone',
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        },
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'b-only',
        ProductionVariants: [{ VariantName: 'B', ModelName: 'abalone', InitialInstanceCount: 1 }],
      }),
    );
  });
  after(() => f?.close());

  test('endpoints: Creating → InService (the waiter), weights and capacities, UpdateEndpoint, Failed, List, Delete', async () => {
    const made = await sm.send(new CreateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'ab-config' }));
    assert.equal(made.EndpointArn, arn('endpoint/ab'));
    let d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'ab' }));
    assert.equal(d.EndpointStatus, 'Creating');
    assert.deepEqual(
      d.ProductionVariants?.map((v) => [v.VariantName, v.CurrentWeight, v.DesiredWeight, v.DesiredInstanceCount]),
      [
        ['A', undefined, 3, 2],
        ['B', undefined, 1, 1],
      ],
    );
    assert.deepEqual(
      d.ProductionVariants?.[0].DeployedImages?.map((i) => i.SpecifiedImage),
      ['godwit/linear-learner'],
    );
    assert.deepEqual(
      d.ShadowProductionVariants?.map((v) => v.VariantName),
      ['S'],
    );
    assert.deepEqual([d.DataCaptureConfig?.CaptureStatus, d.DataCaptureConfig?.CurrentSamplingPercentage], ['Started', 100]);
    await assert.rejects(
      sm.send(new CreateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'ab-config' })),
      awsError('ValidationException', `Cannot create already existing endpoint "${arn('endpoint/ab')}".`),
    );
    await assert.rejects(
      sm.send(new CreateEndpointCommand({ EndpointName: 'other', EndpointConfigName: 'ghost' })),
      awsError('ValidationException', `Could not find endpoint configuration "${arn('endpoint-config/ghost')}".`),
    );
    await assert.rejects(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'b-only' })),
      awsError('ValidationException', `Cannot update in-progress endpoint "${arn('endpoint/ab')}".`),
    );

    const variants = [
      { variantName: 'A', weight: 3, instanceCount: 2 },
      { variantName: 'B', weight: 1, instanceCount: 1 },
    ];
    setTimeout(() => void host.endpoints.reportEndpoint('ab', { status: 'InService', variants }), 300);
    const waited = await waitUntilEndpointInService(
      { client: sm, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { EndpointName: 'ab' },
    );
    assert.equal(waited.state, 'SUCCESS');
    d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'ab' }));
    assert.deepEqual(
      d.ProductionVariants?.map((v) => [v.CurrentWeight, v.CurrentInstanceCount]),
      [
        [3, 2],
        [1, 1],
      ],
    );

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
    d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'ab' }));
    assert.equal(d.EndpointStatus, 'Updating');
    assert.deepEqual(
      d.ProductionVariants?.map((v) => [v.DesiredWeight, v.DesiredInstanceCount]),
      [
        [3, 2],
        [5, 3],
      ],
    );
    const reached = await host.endpoints.reportEndpoint('ab', {
      status: 'InService',
      variants: (await host.endpoints.getEndpoint('ab'))?.variants,
    });

    await sm.send(new UpdateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'b-only' }));
    d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'ab' }));
    assert.deepEqual(
      [d.EndpointStatus, d.EndpointConfigName, d.PendingDeploymentSummary?.EndpointConfigName],
      ['Updating', 'ab-config', 'b-only'],
    );
    assert.ok(reached.generation > 0);
    await host.endpoints.reportEndpoint('ab', { status: 'Failed', failureReason: 'The model in variant B did not load.' });
    d = await sm.send(new DescribeEndpointCommand({ EndpointName: 'ab' }));
    assert.deepEqual(
      [d.EndpointStatus, d.FailureReason, d.PendingDeploymentSummary],
      ['Failed', 'The model in variant B did not load.', undefined],
    );

    await sm.send(new CreateEndpointCommand({ EndpointName: 'zz', EndpointConfigName: 'b-only' }));
    const failed = await sm.send(new ListEndpointsCommand({ StatusEquals: 'Failed' }));
    assert.deepEqual(
      failed.Endpoints?.map((e) => [e.EndpointName, e.EndpointStatus]),
      [['ab', 'Failed']],
    );
    const page1 = await sm.send(new ListEndpointsCommand({ SortBy: 'Name', SortOrder: 'Descending', MaxResults: 1 }));
    assert.deepEqual(
      page1.Endpoints?.map((e) => e.EndpointName),
      ['zz'],
    );
    const page2 = await sm.send(
      new ListEndpointsCommand({ SortBy: 'Name', SortOrder: 'Descending', MaxResults: 1, NextToken: page1.NextToken }),
    );
    assert.deepEqual([page2.Endpoints?.map((e) => e.EndpointName), page2.NextToken], [['ab'], undefined]);

    await sm.send(new DeleteEndpointCommand({ EndpointName: 'zz' }));
    assert.equal((await sm.send(new DescribeEndpointCommand({ EndpointName: 'zz' }))).EndpointStatus, 'Deleting');
    await host.endpoints.forgetEndpoint('zz');
    await assert.rejects(
      sm.send(new DescribeEndpointCommand({ EndpointName: 'zz' })),
      awsError('ValidationException', `Could not find endpoint "${arn('endpoint/zz')}".`),
    );
    await assert.rejects(
      sm.send(new DeleteEndpointCommand({ EndpointName: 'zz' })),
      awsError('ValidationException', 'Could not find endpoint'),
    );
  });
});
