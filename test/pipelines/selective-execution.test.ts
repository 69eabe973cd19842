import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreatePipelineCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { waitForStatus } from '../server/sagemaker-pipelines-fixture.js';
import { CREDENTIALS, realServer } from './real-definitions-fixture.js';

const IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';

/** A processing step running `script` with sh, reading `input` (another step's output) if given, writing output "out". */
function step(name: string, script: string, input?: string) {
  return {
    Name: name,
    Type: 'Processing',
    Arguments: {
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
      AppSpecification: {
        ImageUri: IMAGE,
        ContainerEntrypoint: ['sh', '-c', script],
        ContainerArguments: [{ Get: 'Parameters.Fail' }],
      },
      RoleArn: 'arn:aws:iam::0:role/x',
      ProcessingInputs: input
        ? [
            {
              InputName: 'in',
              S3Input: {
                S3Uri: { Get: `Steps.${input}.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri` },
                LocalPath: '/opt/ml/processing/input/in',
                S3DataType: 'S3Prefix',
                S3InputMode: 'File',
              },
            },
          ]
        : [],
      ProcessingOutputConfig: {
        Outputs: [
          {
            OutputName: 'out',
            S3Output: {
              S3Uri: { 'Std:Join': { On: '/', Values: ['s3://selective', { Get: 'Execution.PipelineExecutionId' }, name] } },
              LocalPath: '/opt/ml/processing/output',
              S3UploadMode: 'EndOfJob',
            },
          },
        ],
      },
    },
  };
}

const DEFINITION = JSON.stringify({
  Version: '2020-12-01',
  Parameters: [{ Name: 'Fail', Type: 'String', DefaultValue: 'no' }],
  Steps: [
    step('A', 'echo "a-$(date +%s%N)" > /opt/ml/processing/output/v.txt'),
    step(
      'B',
      '[ "$0" = yes ] && exit 3; cat /opt/ml/processing/input/in/v.txt > /opt/ml/processing/output/v.txt; echo b >> /opt/ml/processing/output/v.txt',
      'A',
    ),
    step(
      'C',
      'cat /opt/ml/processing/input/in/v.txt > /opt/ml/processing/output/v.txt; echo c >> /opt/ml/processing/output/v.txt',
      'B',
    ),
  ],
});

describe('StartPipelineExecution with SelectiveExecutionConfig', () => {
  let server: Awaited<ReturnType<typeof realServer>>;
  let sm: SageMakerClient;
  let s3: S3Client;
  let failedArn: string;
  before(async () => {
    server = await realServer();
    sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'selective' }));
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'abc', PipelineDefinition: DEFINITION, RoleArn: 'arn:aws:iam::0:role/x' }),
    );
    const started = await sm.send(
      new StartPipelineExecutionCommand({ PipelineName: 'abc', PipelineParameters: [{ Name: 'Fail', Value: 'yes' }] }),
    );
    failedArn = started.PipelineExecutionArn as string;
    const failed = await waitForStatus(sm, failedArn, ['Succeeded', 'Failed']);
    assert.equal(failed.PipelineExecutionStatus, 'Failed');
  });
  after(async () => {
    sm?.destroy();
    s3?.destroy();
    await server?.close();
  });

  const steps = async (arn: string) =>
    (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' })))
      .PipelineExecutionSteps ?? [];
  const read = async (key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: 'selective', Key: key }))).Body?.transformToString()) ?? '';

  test('runs only the selected steps, reusing the source execution outputs for the others', async () => {
    const { PipelineExecutionArn: arn } = await sm.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'abc',
        SelectiveExecutionConfig: {
          SourcePipelineExecutionArn: failedArn,
          SelectedSteps: [{ StepName: 'B' }, { StepName: 'C' }],
        },
      }),
    );
    const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    const listed = await steps(arn as string);
    const a = listed.find((s) => s.StepName === 'A');
    assert.equal(a?.StepStatus, 'Succeeded');
    assert.equal(a?.CacheHitResult?.SourcePipelineExecutionArn, failedArn, "A is the source execution's A");
    for (const name of ['B', 'C']) {
      const s = listed.find((x) => x.StepName === name);
      assert.equal(s?.StepStatus, 'Succeeded', name);
      assert.equal(s?.CacheHitResult, undefined, name);
    }
    const sourceId = failedArn.split('/').pop();
    const id = (arn as string).split('/').pop();
    const fromA = await read(`${sourceId}/A/v.txt`);
    assert.match(fromA, /^a-\d+\n$/);
    assert.equal(await read(`${id}/C/v.txt`), `${fromA}b\nc\n`, "C read B, which read the source execution's A");
  });

  test('refused with a ValidationException when the source lacks what a selected step needs, or names no such step', async () => {
    await assert.rejects(
      sm.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'abc',
          SelectiveExecutionConfig: { SourcePipelineExecutionArn: failedArn, SelectedSteps: [{ StepName: 'C' }] },
        }),
      ),
      (err: Error) => {
        assert.equal(err.name, 'ValidationException');
        assert.match(err.message, /step "C" needs step "B", which is failed in the source execution.*Select "B" too/);
        return true;
      },
    );
    await assert.rejects(
      sm.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'abc',
          SelectiveExecutionConfig: { SourcePipelineExecutionArn: failedArn, SelectedSteps: [{ StepName: 'D' }] },
        }),
      ),
      /SelectedSteps name "D", which the pipeline does not have/,
    );
  });
});
