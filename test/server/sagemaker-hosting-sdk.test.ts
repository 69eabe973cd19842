import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  ListEndpointConfigsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  paginateListModels,
  type SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { scratchDir } from '../helpers/scratch.js';
import { xgboostDocument, xgboostModelDir } from '../serving/model-fixtures.js';
import { arn, awsError, hostingFixture, region } from './hosting-fixture.js';

const STUMP = { feature: 0, threshold: 0.5, left: -1, right: 1 };

// Models, model packages and endpoint configs; endpoints are in sagemaker-endpoints-sdk.test.ts.
describe('SageMaker hosting actions, through @aws-sdk/client-sagemaker', () => {
  const model = {
    ModelName: 'abalone',
    PrimaryContainer: { Image: 'godwit/linear-learner', ModelDataUrl: 's3://models/abalone/' },
  };
  let f: Awaited<ReturnType<typeof hostingFixture>>;
  let sm: SageMakerClient;
  before(async () => {
    f = await hostingFixture();
    sm = f.sm;
  });
  after(() => f?.close());

  test('CreateModel, DescribeModel, ListModels (filters, pages), DeleteModel, and their errors', async () => {
    const made = await sm.send(
      new CreateModelCommand({
        ...model,
        ExecutionRoleArn: 'arn:aws:iam::000000000000:role/r',
        // Accepted, as there is no network to isolate locally.
        VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] },
        EnableNetworkIsolation: true,
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

  test('DescribeModelPackage names the framework, version and input the registered model files record', async () => {
    // An XGBoost model.tar.gz in the server's own S3, as a SageMaker training job leaves it.
    const root = scratchDir('godwit-pkg-');
    const doc = xgboostDocument({ objective: 'reg:squarederror', baseScore: 0.5, numFeature: 4, trees: [STUMP] });
    await writeTarGz(xgboostModelDir(root, doc), join(root, 'model.tar.gz'));
    const s3 = new S3Client({
      endpoint: f.server.url,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'described' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'described', Key: 'xgb/model.tar.gz', Body: readFileSync(join(root, 'model.tar.gz')) }),
    );
    s3.destroy();
    await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Described' }));
    const container = (url: string) => ({
      ModelPackageGroupName: 'Described',
      InferenceSpecification: {
        Containers: [{ Image: 'xgboost', ModelDataUrl: url }],
        SupportedContentTypes: [],
        SupportedResponseMIMETypes: [],
      },
    });
    const xgb = await sm.send(new CreateModelPackageCommand(container('s3://described/xgb/model.tar.gz')));
    // A model that is not there is registered all the same, with no framework.
    const missing = await sm.send(new CreateModelPackageCommand(container('s3://described/none/model.tar.gz')));
    const [a, b] = await Promise.all(
      [xgb, missing].map((p) => sm.send(new DescribeModelPackageCommand({ ModelPackageName: p.ModelPackageArn }))),
    );
    const c = a.InferenceSpecification?.Containers?.[0];
    assert.deepEqual(
      [c?.Framework, c?.FrameworkVersion, c?.ModelInput?.DataInputConfig, c?.ModelDataUrl],
      ['XGBOOST', '1.7.4', '{"features":[1,4]}', 's3://described/xgb/model.tar.gz'],
    );
    const none = b.InferenceSpecification?.Containers?.[0];
    assert.deepEqual([none?.Framework, none?.FrameworkVersion, none?.ModelInput], [undefined, undefined, undefined]);
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
          ExplainerConfig: { ClarifyExplainerConfig: { ShapConfig: { ShapBaselineConfig: {} } } },
        }),
      ),
      awsError('ValidationException', 'does not support ExplainerConfig'),
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

  test('an action outside the supported subset is still UnknownOperationException', async () => {
    const res = await fetch(f.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.CreateCompilationJob' },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'UnknownOperationException');
  });
});
