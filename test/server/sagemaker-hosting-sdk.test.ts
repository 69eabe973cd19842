import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  paginateListModels,
  SageMakerClient,
  type SageMakerServiceException,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  UpdateModelPackageCommand,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const region = 'eu-west-1';
const arn = (resource: string) => `arn:aws:sagemaker:${region}:000000000000:${resource}`;

/** Rejects with this AWS error type and a message holding every fragment. */
const awsError =
  (type: string, ...fragments: string[]) =>
  (err: unknown) => {
    const e = err as SageMakerServiceException;
    assert.equal(e.name, type, String(err));
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" should mention "${f}"`);
    return true;
  };

// The official client, unmodified, against a server started in this process over a fresh home.
describe('SageMaker hosting actions, through @aws-sdk/client-sagemaker', () => {
  let server: RunningServer;
  let sm: SageMakerClient;
  /** The host's side, played by the test: it reports status as the endpoint host would. */
  let host: Metadata;
  const model = {
    ModelName: 'abalone',
    PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: 's3://models/abalone/' },
  };
  before(async () => {
    const home = godwitHome(join(scratchDir('godwit-hosting-'), 'home'));
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    host = await openMetadata(home, systemClock, {});
    sm = new SageMakerClient({ endpoint: server.url, region, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' } });
  });
  after(async () => {
    sm?.destroy();
    await host?.close();
    await server?.stop();
  });

  test('CreateModel, DescribeModel, ListModels (filters, pages), DeleteModel, and their errors', async () => {
    const made = await sm.send(
      new CreateModelCommand({
        ...model,
        ExecutionRoleArn: 'arn:aws:iam::000000000000:role/r',
        Tags: [{ Key: 't', Value: 'v' }],
      }),
    );
    assert.equal(made.ModelArn, arn('model/abalone'));
    const seen = await sm.send(new DescribeModelCommand({ ModelName: 'abalone' }));
    assert.deepEqual(
      [seen.ModelName, seen.PrimaryContainer?.Image, seen.PrimaryContainer?.ModelDataUrl, seen.ExecutionRoleArn],
      ['abalone', 'godwit/linear-learner', 's3://models/abalone/', 'arn:aws:iam::000000000000:role/r'],
    );
    assert.ok(seen.CreationTime instanceof Date);
    await assert.rejects(
      sm.send(new CreateModelCommand(model)),
      awsError('ValidationException', `Cannot create already existing model "${arn('model/abalone')}".`),
    );
    await sm.send(
      new CreateModelCommand({
        ModelName: 'pipeline-model',
        Containers: [
          { Image: 'pre', ModelDataUrl: 's3://m/pre/', ContainerHostname: 'pre', Environment: { K: 'V' } },
          { Image: 'post', ModelDataUrl: 's3://m/post/' },
        ],
        InferenceExecutionConfig: { Mode: 'Serial' },
      }),
    );
    const pipelineModel = await sm.send(new DescribeModelCommand({ ModelName: 'pipeline-model' }));
    assert.deepEqual(
      pipelineModel.Containers?.map((c) => [c.Image, c.ContainerHostname, c.Environment]),
      [
        ['pre', 'pre', { K: 'V' }],
        ['post', undefined, undefined],
      ],
    );
    const names = [];
    for await (const p of paginateListModels({ client: sm, pageSize: 1 }, { SortBy: 'Name', SortOrder: 'Ascending' })) {
      names.push(...(p.Models ?? []).map((m) => m.ModelName));
    }
    assert.deepEqual(names, ['abalone', 'pipeline-model']);
    const filtered = await sm.send(new ListModelsCommand({ NameContains: 'pipe' }));
    assert.deepEqual(
      filtered.Models?.map((m) => [m.ModelName, m.ModelArn]),
      [['pipeline-model', arn('model/pipeline-model')]],
    );
    await sm.send(new DeleteModelCommand({ ModelName: 'pipeline-model' }));
    await assert.rejects(
      sm.send(new DescribeModelCommand({ ModelName: 'pipeline-model' })),
      awsError('ValidationException', `Could not find model "${arn('model/pipeline-model')}".`),
    );
    await assert.rejects(
      sm.send(new DeleteModelCommand({ ModelName: 'pipeline-model' })),
      awsError('ValidationException', 'Could not find model'),
    );
    await assert.rejects(
      sm.send(new CreateModelCommand({ ModelName: 'bad_name', PrimaryContainer: { Image: 'x' } })),
      awsError('ValidationException', "Value 'bad_name' at 'modelName' failed to satisfy constraint"),
    );
    await assert.rejects(
      sm.send(new CreateModelCommand({ ModelName: 'none' })),
      awsError('ValidationException', 'PrimaryContainer or Containers'),
    );
  });

  test('model packages: a group, a version, approval, then a model from the ARN (only once Approved)', async () => {
    const group = await sm.send(
      new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone', ModelPackageGroupDescription: 'd' }),
    );
    assert.equal(group.ModelPackageGroupArn, arn('model-package-group/Abalone'));
    await assert.rejects(
      sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone' })),
      awsError('ValidationException', `Model Package Group already exists: ${arn('model-package-group/Abalone')}`),
    );
    await assert.rejects(
      sm.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: 'Nope',
          InferenceSpecification: { Containers: [{ Image: 'i' }], SupportedContentTypes: [], SupportedResponseMIMETypes: [] },
        }),
      ),
      awsError('ValidationException', 'Model Package Group does not exist'),
    );
    const pkg = await sm.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'Abalone',
        ModelPackageDescription: 'first',
        InferenceSpecification: {
          Containers: [{ Image: 'godwit/linear-learner', ModelDataUrl: 's3://models/v1/' }],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      }),
    );
    assert.equal(pkg.ModelPackageArn, arn('model-package/Abalone/1'));
    const described = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: pkg.ModelPackageArn }));
    assert.deepEqual(
      [
        described.ModelApprovalStatus,
        described.InferenceSpecification?.Containers?.[0].ModelDataUrl,
        described.InferenceSpecification?.SupportedContentTypes,
      ],
      ['PendingManualApproval', 's3://models/v1/', ['text/csv']],
    );
    const fromPackage = { ModelName: 'from-package', PrimaryContainer: { ModelPackageName: pkg.ModelPackageArn } };
    await assert.rejects(
      sm.send(new CreateModelCommand(fromPackage)),
      awsError('ValidationException', 'PendingManualApproval', 'only an Approved version'),
    );
    await sm.send(new UpdateModelPackageCommand({ ModelPackageArn: pkg.ModelPackageArn, ModelApprovalStatus: 'Approved' }));
    await sm.send(new CreateModelCommand(fromPackage));
    const m = await sm.send(new DescribeModelCommand({ ModelName: 'from-package' }));
    assert.deepEqual(
      [m.PrimaryContainer?.Image, m.PrimaryContainer?.ModelDataUrl, m.PrimaryContainer?.ModelPackageName],
      ['godwit/linear-learner', 's3://models/v1/', 'arn:aws:sagemaker:us-east-1:000000000000:model-package/Abalone/1'],
    );
    const listed = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'Abalone' }));
    assert.deepEqual(
      listed.ModelPackageSummaryList?.map((s) => [s.ModelPackageVersion, s.ModelApprovalStatus]),
      [[1, 'Approved']],
    );
  });

  test('CreateEndpointConfig with variants, a shadow and data capture; Describe, List, Delete; bad configs refused', async () => {
    const made = await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'ab-config',
        ProductionVariants: [
          {
            VariantName: 'A',
            ModelName: 'abalone',
            InitialInstanceCount: 2,
            InitialVariantWeight: 3,
            InstanceType: 'ml.m5.large',
          },
          {
            VariantName: 'B',
            ModelName: 'abalone',
            InitialInstanceCount: 1,
            InitialVariantWeight: 1,
            InstanceType: 'ml.m5.large',
          },
        ],
        ShadowProductionVariants: [
          { VariantName: 'S', ModelName: 'abalone', InitialInstanceCount: 1, InitialVariantWeight: 0.5 },
        ],
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 100,
          DestinationS3Uri: 's3://capture/abalone',
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
          CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
        },
      }),
    );
    assert.equal(made.EndpointConfigArn, arn('endpoint-config/ab-config'));
    const c = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'ab-config' }));
    assert.deepEqual(
      c.ProductionVariants?.map((v) => [v.VariantName, v.InitialInstanceCount, v.InitialVariantWeight, v.InstanceType]),
      [
        ['A', 2, 3, 'ml.m5.large'],
        ['B', 1, 1, 'ml.m5.large'],
      ],
    );
    assert.deepEqual(
      c.ShadowProductionVariants?.map((v) => [v.VariantName, v.InitialVariantWeight]),
      [['S', 0.5]],
    );
    assert.deepEqual(c.DataCaptureConfig, {
      EnableCapture: true,
      InitialSamplingPercentage: 100,
      DestinationS3Uri: 's3://capture/abalone',
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
    });
    const variant = { VariantName: 'A', ModelName: 'abalone', InitialInstanceCount: 1 };
    await assert.rejects(
      sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'ab-config', ProductionVariants: [variant] })),
      awsError(
        'ValidationException',
        `Cannot create already existing endpoint configuration "${arn('endpoint-config/ab-config')}".`,
      ),
    );
    await assert.rejects(
      sm.send(
        new CreateEndpointConfigCommand({ EndpointConfigName: 'x', ProductionVariants: [{ ...variant, ModelName: 'ghost' }] }),
      ),
      awsError('ValidationException', `Could not find model "${arn('model/ghost')}".`),
    );
    await assert.rejects(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'x',
          ProductionVariants: Array.from({ length: 11 }, (_, i) => ({ ...variant, VariantName: `v${i}` })),
        }),
      ),
      awsError(
        'ValidationException',
        "at 'productionVariants' failed to satisfy constraint: Member must have length less than or equal to 10",
      ),
    );
    await assert.rejects(
      sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'x', ProductionVariants: [variant, variant] })),
      awsError('ValidationException', 'Variant names must be unique'),
    );
    await assert.rejects(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'x',
          ProductionVariants: [variant],
          AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://o/' } },
        }),
      ),
      awsError('ValidationException', 'does not support AsyncInferenceConfig'),
    );
    await sm.send(
      new CreateEndpointConfigCommand({ EndpointConfigName: 'b-only', ProductionVariants: [{ ...variant, VariantName: 'B' }] }),
    );
    const listed = await sm.send(new ListEndpointConfigsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    assert.deepEqual(
      listed.EndpointConfigs?.map((e) => e.EndpointConfigName),
      ['ab-config', 'b-only'],
    );
    await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'doomed', ProductionVariants: [variant] }));
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'doomed' }));
    await assert.rejects(
      sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'doomed' })),
      awsError('ValidationException', `Could not find endpoint configuration "${arn('endpoint-config/doomed')}".`),
    );
  });

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

  test('an action outside the supported subset is still UnknownOperationException', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.CreateTrainingJob' },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'UnknownOperationException');
  });
});
