import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { StatesError } from '../../../src/workflows/asl/states-error.js';
import { sagemakerIntegration } from '../../../src/workflows/integrations/sagemaker/sagemaker-integration.js';
import type { ServiceIntegration } from '../../../src/workflows/integrations/service-integration.js';
import { scratchDir } from '../../helpers/scratch.js';
import { integrationsFixture, taskCall } from './integrations-fixture.js';

const TRAIN = '#!/bin/sh\necho "[0] validation-rmse:1.5"\necho weights > "$SM_MODEL_DIR/model.txt"\n';
const FAIL = '#!/bin/sh\necho "bad data: no rows" > "$SM_OUTPUT_DIR/failure"\nexit 1\n';
const SLOW = '#!/bin/sh\nsleep 30\n';

/** The fields of DescribeTrainingJob these tests read. */
interface Described {
  readonly TrainingJobName: string;
  readonly TrainingJobStatus: string;
  readonly TrainingJobArn: string;
  readonly ModelArtifacts: { readonly S3ModelArtifacts: string };
  readonly FinalMetricDataList: readonly { readonly MetricName: string; readonly Value: number }[];
}

const TRAINING = 'arn:aws:states:::sagemaker:createTrainingJob.sync';

// Real jobs through the server's job service and real records through the SageMaker door, in-process.
describe('SageMaker Task integrations on the local job service and SageMaker door', () => {
  let f: Awaited<ReturnType<typeof integrationsFixture>>;
  let sagemaker: ServiceIntegration;
  const images = scratchDir('godwit-integration-images-');
  const out = scratchDir('godwit-integration-models-');

  const training = (name: string, image: string) => ({
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
    AlgorithmSpecification: {
      TrainingImage: `file://${join(images, image)}`,
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'validation:rmse', Regex: 'validation-rmse:([0-9.]+)' }],
    },
    OutputDataConfig: { S3OutputPath: `file://${out}` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 5 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
  });

  before(async () => {
    for (const [name, text] of [
      ['train', TRAIN],
      ['fail', FAIL],
      ['slow', SLOW],
    ] as const) {
      writeFileSync(join(images, name), text);
      chmodSync(join(images, name), 0o755);
    }
    f = await integrationsFixture();
    sagemaker = sagemakerIntegration({
      jobs: f.jobs,
      sagemaker: f.sagemaker,
      endpoints: f.services.metadata.endpoints,
      clock: f.services.clock,
      region: 'us-east-1',
    });
  });
  after(() => f?.close());

  test('createTrainingJob.sync runs the job to its end and answers DescribeTrainingJob', async () => {
    const call = taskCall(TRAINING, training('wf-train-1', 'train'));
    const described = (await sagemaker.invoke(call)) as unknown as Described;
    assert.equal(described.TrainingJobName, 'wf-train-1');
    assert.equal(described.TrainingJobStatus, 'Completed');
    assert.equal(described.TrainingJobArn, 'arn:aws:sagemaker:us-east-1:000000000000:training-job/wf-train-1');
    assert.equal(described.ModelArtifacts.S3ModelArtifacts, `file://${out}/wf-train-1/output/model.tar.gz`);
    assert.deepEqual(
      described.FinalMetricDataList.map((m) => [m.MetricName, m.Value]),
      [['validation:rmse', 1.5]],
    );
    assert.equal(sagemaker.delivery(TRAINING), 'exactly-once');

    // The same call again (the engine restarted after the job started): the job is found, not created twice.
    const again = (await sagemaker.invoke({ ...call })) as unknown as Described;
    assert.equal(again.TrainingJobArn, described.TrainingJobArn);
    assert.equal((await f.jobs.list('training')).filter((j) => j.name === 'wf-train-1').length, 1);

    // Another task (another token) naming the same job is refused as SageMaker refuses a name in use.
    await assert.rejects(sagemaker.invoke(taskCall(TRAINING, training('wf-train-1', 'train'))), (err: StatesError) => {
      assert.equal(err.error, 'SageMaker.ResourceInUseException');
      return true;
    });
  });

  test('request-response createTrainingJob answers the ARN at once; the job runs on', async () => {
    const answer = await sagemaker.invoke(
      taskCall('arn:aws:states:::sagemaker:createTrainingJob', training('wf-train-2', 'train')),
    );
    assert.deepEqual(answer, { TrainingJobArn: 'arn:aws:sagemaker:us-east-1:000000000000:training-job/wf-train-2' });
    assert.equal((await f.jobs.waitFor('training', 'wf-train-2')).status, 'Completed');
  });

  test('a failed job fails the task States.TaskFailed with DescribeTrainingJob as the cause', async () => {
    await assert.rejects(sagemaker.invoke(taskCall(TRAINING, training('wf-fails', 'fail'))), (err: StatesError) => {
      assert.equal(err.error, 'States.TaskFailed');
      const cause = JSON.parse(err.causeText);
      assert.equal(cause.TrainingJobStatus, 'Failed');
      assert.match(cause.FailureReason, /bad data: no rows/);
      return true;
    });
  });

  test('a request SageMaker refuses is SageMaker.AmazonSageMakerException, and no job is left', async () => {
    const bad = { ...training('wf-bad', 'train'), ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 0 } };
    await assert.rejects(sagemaker.invoke(taskCall(TRAINING, bad)), (err: StatesError) => {
      assert.equal(err.error, 'SageMaker.AmazonSageMakerException');
      return true;
    });
    await assert.rejects(f.jobs.get('training', 'wf-bad'), { code: 'E_JOB_NOT_FOUND' });
  });

  test('an aborted .sync task stops its job (StopTrainingJob)', async () => {
    const controller = new AbortController();
    const call = taskCall(TRAINING, training('wf-slow', 'slow'), { signal: controller.signal });
    const running = sagemaker.invoke(call);
    for (let i = 0; i < 100 && (await f.jobs.list('training')).every((j) => j.name !== 'wf-slow'); i++)
      await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error('execution stopped'));
    await assert.rejects(running, /execution stopped/);
    assert.equal((await f.jobs.waitFor('training', 'wf-slow')).status, 'Stopped');
  });

  test('createModel, createEndpointConfig, createEndpoint through the door; a repeated call re-attaches', async () => {
    const model = taskCall('arn:aws:states:::sagemaker:createModel', {
      ModelName: 'wf-model',
      PrimaryContainer: {
        Image: `file://${join(images, 'train')}`,
        ModelDataUrl: `file://${out}/wf-train-1/output/model.tar.gz`,
      },
      ExecutionRoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
    });
    assert.deepEqual(await sagemaker.invoke(model), { ModelArn: 'arn:aws:sagemaker:us-east-1:000000000000:model/wf-model' });
    assert.deepEqual(await sagemaker.invoke(model), { ModelArn: 'arn:aws:sagemaker:us-east-1:000000000000:model/wf-model' });
    const stored = await f.services.metadata.endpoints.getModel('wf-model');
    assert.equal(stored?.tags.find((t) => t.Key === 'godwit:workflow-task')?.Value, model.idempotencyToken);

    const other = taskCall('arn:aws:states:::sagemaker:createModel', model.parameters);
    await assert.rejects(sagemaker.invoke(other), (err: StatesError) => err.error === 'SageMaker.AmazonSageMakerException');

    const config = (name: string) =>
      taskCall('arn:aws:states:::sagemaker:createEndpointConfig', {
        EndpointConfigName: name,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: 'wf-model', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' },
        ],
      });
    assert.deepEqual(await sagemaker.invoke(config('wf-config')), {
      EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/wf-config',
    });
    await sagemaker.invoke(config('wf-config-2'));
    const endpoint = taskCall('arn:aws:states:::sagemaker:createEndpoint', {
      EndpointName: 'wf-endpoint',
      EndpointConfigName: 'wf-config',
    });
    const arn = { EndpointArn: 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/wf-endpoint' };
    assert.deepEqual(await sagemaker.invoke(endpoint), arn);
    assert.deepEqual(await sagemaker.invoke(endpoint), arn);
    assert.equal((await f.services.metadata.endpoints.getEndpoint('wf-endpoint'))?.status, 'Creating');

    // The endpoint host (not running here) would report it in service; then the update is recorded once.
    await f.services.metadata.endpoints.reportEndpoint('wf-endpoint', { status: 'InService', configName: 'wf-config' });
    const update = taskCall('arn:aws:states:::sagemaker:updateEndpoint', {
      EndpointName: 'wf-endpoint',
      EndpointConfigName: 'wf-config-2',
    });
    assert.deepEqual(await sagemaker.invoke(update), arn);
    const updating = await f.services.metadata.endpoints.getEndpoint('wf-endpoint');
    assert.equal(updating?.status, 'Updating');
    assert.equal(updating?.pendingConfigName, 'wf-config-2');
    assert.deepEqual(await sagemaker.invoke(update), arn);
  });

  test('startPipelineExecution starts a Godwit pipeline once per token', async () => {
    const definition = JSON.stringify({
      Version: '2020-12-01',
      Parameters: [],
      Steps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'stopped on purpose' } }],
    });
    await f.sagemaker.call('CreatePipeline', {
      PipelineName: 'wf-pipeline',
      PipelineDefinition: definition,
      RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      ClientRequestToken: 'create-wf-pipeline-0000000000000001',
    });
    const start = taskCall('arn:aws:states:::sagemaker:startPipelineExecution', { PipelineName: 'wf-pipeline' });
    const first = (await sagemaker.invoke(start)) as { PipelineExecutionArn: string };
    assert.match(first.PipelineExecutionArn, /^arn:aws:sagemaker:us-east-1:000000000000:pipeline\/wf-pipeline\/execution\//);
    assert.deepEqual(await sagemaker.invoke(start), first);
    const executions = await f.sagemaker.call('ListPipelineExecutions', { PipelineName: 'wf-pipeline' });
    assert.equal((executions.PipelineExecutionSummaries as unknown[]).length, 1);
  });

  test('the resources served, and those that are not', () => {
    for (const r of [
      TRAINING,
      'arn:aws:states:::sagemaker:createProcessingJob.sync',
      'arn:aws:states:::sagemaker:createTransformJob',
      'arn:aws:states:::aws-sdk:sagemaker:createModelPackage',
    ])
      assert.ok(sagemaker.supports(r), r);
    for (const r of [
      'arn:aws:states:::sagemaker:createModel.sync',
      'arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync',
    ])
      assert.ok(!sagemaker.supports(r), r);
  });

  test("Godwit's compiled documents use only served resources", () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const doc = readFileSync(join(root, 'examples/abalone/abalone.asl.json'), 'utf8');
    const resources = [...doc.matchAll(/"Resource": "(arn:aws:states:::[^"]+)"/g)].map((m) => m[1] as string);
    assert.ok(resources.length >= 5);
    for (const r of resources.filter((r) => !r.includes(':s3:'))) assert.ok(sagemaker.supports(r), r);
  });
});
