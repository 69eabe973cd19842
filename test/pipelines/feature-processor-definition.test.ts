import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreatePipelineCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { loadConfig } from '../../src/config/config.js';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';
import { readStepLog } from '../../src/runs/step-log.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { harness } from '../helpers/harness.js';
import { waitForStatus } from '../server/sagemaker-pipelines-fixture.js';
import { CREDENTIALS, REAL } from './real-definitions-fixture.js';

const FILE = join(REAL, 'sdk-feature-processor-test-pipeline-26.definition.json');
const STEP = 'test-pipeline-26-training-step';

// The definition a real DescribePipeline returned for a SageMaker Feature Store feature processor:
// one Training step in the Spark image, started by the remote function's job_driver.sh.
describe('A feature processor pipeline as DescribePipeline returned it', () => {
  test('imports with notes for what is ignored (Debugger, Profiler), what the image needs, and the retry strategy', async () => {
    const { ir, notes } = await importSageMakerDefinition(JSON.parse(await readFile(FILE, 'utf8')), { name: 'fp' });
    assert.deepEqual(ir.parameters, [{ name: 'scheduled-time', type: 'string' }]);
    const [step] = ir.steps;
    assert.ok(step.type === 'training');
    assert.deepEqual(step.retry, { maxAttempts: 2, on: ['infrastructure'] });
    assert.equal(step.process?.command[0], '/bin/bash');
    assert.deepEqual(step.process?.args?.slice(0, 2), ['--s3_base_uri', 's3://bugbash-schema-update-suryans/test-pipeline-26']);
    const note = (feature: string) => notes.find((n) => n.feature === feature);
    assert.equal(note('DebugHookConfig')?.outcome, 'dropped');
    assert.match(note('DebugHookConfig')?.detail ?? '', /Debugger is not run locally/);
    assert.equal(note('ProfilerConfig')?.outcome, 'dropped');
    assert.match(note('RetryStrategy')?.detail ?? '', /1 retries after an infrastructure fault/);
    assert.match(
      note('TrainingImage')?.detail ?? '',
      /sagemaker-spark-processing:3\.2-cpu-py39-v1\.1 is not run.*images: \{"153931337802\.dkr\.ecr\.us-west-2\.amazonaws\.com\/sagemaker-spark-processing:\*"/,
    );
  });

  test("a RetryStrategy asking more attempts than the step's RetryPolicies keeps the policies' backoff", async () => {
    const definition = JSON.parse(await readFile(FILE, 'utf8'));
    definition.Steps[0].Arguments.RetryStrategy = { MaximumRetryAttempts: 4 };
    definition.Steps[0].RetryPolicies = [
      { ExceptionType: ['SageMaker.JOB_INTERNAL_ERROR'], MaxAttempts: 1, IntervalSeconds: 7, BackoffRate: 3 },
    ];
    const { ir } = await importSageMakerDefinition(definition, { name: 'fp' });
    const [step] = ir.steps;
    assert.equal(step.retry?.maxAttempts, 5);
    assert.deepEqual(step.retry?.on, ['infrastructure']);
    assert.equal(step.retry?.backoff?.initialSeconds, 7);
  });

  describe('run by godwit server with the Spark image mapped to a local command', () => {
    let h: Awaited<ReturnType<typeof harness>>;
    let server: RunningServer;
    let sm: SageMakerClient;
    before(async () => {
      h = await harness();
      // The image's program: what the Spark image's entry point would do with the remote function's bootstrap.
      const program = join(h.root, 'spark-image.sh');
      await writeFile(
        program,
        [
          '#!/bin/sh',
          'echo "spark image args: $*"',
          'echo "bootstrap: $(cat "$SM_CHANNEL_SAGEMAKER_REMOTE_FUNCTION_BOOTSTRAP/job_driver.sh")"',
          'echo "wheel: $(ls "$SM_CHANNEL_SAGEMAKER_WHEEL_FILE")"',
          'echo done > "$SM_MODEL_DIR/result.txt"',
          '',
        ].join('\n'),
      );
      await chmod(program, 0o755);
      await writeFile(
        join(h.root, 'godwit.config.yaml'),
        `images:\n  "*/sagemaker-spark-processing:*":\n    command: [${program}]\n`,
      );
      const config = loadConfig({ cwd: h.root, env: {} });
      server = await startServer(h.home, { host: '127.0.0.1', port: 0, log: () => {}, config });
      sm = new SageMakerClient({ endpoint: server.url, region: 'us-west-2', credentials: CREDENTIALS });
      const s3 = new S3Client({ endpoint: server.url, region: 'us-west-2', forcePathStyle: true, credentials: CREDENTIALS });
      for (const [bucket, key, body] of [
        ['bugbash-schema-update-suryans', 'test-pipeline-26/sagemaker_remote_function_bootstrap/job_driver.sh', '#!/bin/bash\n'],
        ['bugbash-schema-update', 'sagemaker-2.142.1.dev0-py2.py3-none-any.whl', 'wheel'],
      ]) {
        await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      }
      s3.destroy();
    });
    after(async () => {
      sm?.destroy();
      await server?.stop();
      await h?.close();
    });

    test('the training runs the mapped command with the ContainerArguments and the channels from S3', async () => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'test-pipeline-26',
          PipelineDefinition: await readFile(FILE, 'utf8'),
          RoleArn: 'arn:aws:iam::597217924798:role/Admin',
        }),
      );
      const { PipelineExecutionArn: arn } = await sm.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'test-pipeline-26',
          PipelineParameters: [{ Name: 'scheduled-time', Value: '2026-12-06T00:00:00Z' }],
        }),
      );
      const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
      assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
      const steps = (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }))).PipelineExecutionSteps;
      assert.equal(steps?.length, 1);
      assert.equal(steps?.[0].StepName, STEP);
      assert.equal(steps?.[0].AttemptCount, 1);
      assert.match(steps?.[0].Metadata?.TrainingJob?.Arn ?? '', /:training-job\/pipelines-.*-test-pipeline-26-training-step$/);
      const runId = (arn as string).split('/').pop() as string;
      const log = await readStepLog(h.services.metadata.store, h.home.root, runId, STEP);
      const text = log.text ?? '';
      assert.match(
        text,
        /spark image args: --s3_base_uri s3:\/\/bugbash-schema-update-suryans\/test-pipeline-26 --region us-west-2 --client_python_version 3\.9/,
      );
      assert.match(text, /bootstrap: #!\/bin\/bash/);
      assert.match(text, /wheel: sagemaker-2\.142\.1\.dev0-py2\.py3-none-any\.whl/);
    });
  });
});
