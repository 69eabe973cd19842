/**
 * examples/retrain-on-approval end to end, through the official AWS SDK clients against one
 * Godwit server whose clock runs 600 times real time from 01:59 UTC, so the nightly rule fires
 * within a second: the schedule starts the training pipeline, which registers a model version
 * awaiting approval; approving it (UpdateModelPackage) publishes "SageMaker Model Package State
 * Change", whose rule starts the deployment state machine; the first approval creates the
 * endpoint, the second one replaces its model with a canary and alarm-based rollback, and the
 * machine waits until the deployment has ended.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreatePipelineCommand,
  DescribeEndpointCommand,
  ListModelPackagesCommand,
  ListPipelineExecutionsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { type Clock, systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'retrain-on-approval');
const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };
const ROLE = 'arn:aws:iam::000000000000:role/EventBridgeRole';
const PIPELINE_ARN = 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/retrain';
const GROUP = 'retrain-demo';

/**
 * A scaled clock (`scaledClock`'s arithmetic) that a test can move forward once its set-up is
 * done, as a laptop woken from sleep would: loops that wait on it notice within their real tick.
 */
class LabClock implements Clock {
  private base: number;
  private origin = performance.now();
  constructor(
    private readonly speed: number,
    start: Date,
  ) {
    this.base = start.getTime();
  }
  now(): Date {
    return new Date(this.base + Math.floor((performance.now() - this.origin) * this.speed));
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms / this.speed, signal);
  }
  jumpTo(at: Date): void {
    if (at.getTime() <= this.now().getTime()) throw new Error(`the set-up took past ${at.toISOString()}`);
    this.base = at.getTime();
    this.origin = performance.now();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 120): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('examples/retrain-on-approval: a nightly retrain, and a canary deployment on approval', () => {
  const home = godwitHome(join(scratchDir('godwit-retrain-on-approval-'), 'home'));
  let server: RunningServer;
  const clients: { destroy(): void }[] = [];
  let sm: SageMakerClient;
  let sfn: SFNClient;
  let cloudwatch: CloudWatchClient;
  let stateMachineArn = '';
  // The set-up runs on the clock from just past the previous night's 02:00, so a loaded machine has
  // some 144 real seconds (a simulated day at 600×) to finish it before the jump to the night under test.
  const clock = new LabClock(600, new Date('2026-12-06T02:00:30Z'));
  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, clock });
    const aws = { endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS };
    sm = new SageMakerClient(aws);
    sfn = new SFNClient(aws);
    const s3 = new S3Client({ ...aws, forcePathStyle: true });
    const events = new EventBridgeClient(aws);
    cloudwatch = new CloudWatchClient(aws);
    clients.push(sm, sfn, s3, events, cloudwatch);

    // What the README's setup does, with the SDKs instead of the AWS CLI.
    await s3.send(new CreateBucketCommand({ Bucket: 'retrain-on-approval' }));
    for (const file of ['train.csv', 'validation.csv'])
      await s3.send(
        new PutObjectCommand({
          Bucket: 'retrain-on-approval',
          Key: `data/${file}`,
          Body: readFileSync(join(EXAMPLE, 'data', file)),
        }),
      );
    await sm.send(
      new CreatePipelineCommand({
        PipelineName: 'retrain',
        PipelineDefinition: readFileSync(join(EXAMPLE, 'retrain.pipeline.json'), 'utf8'),
        RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      }),
    );
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'retrain-demo-errors',
        Namespace: 'AWS/SageMaker',
        MetricName: 'Invocation5XXErrors',
        Dimensions: [
          { Name: 'EndpointName', Value: 'retrain-demo' },
          { Name: 'VariantName', Value: 'AllTraffic' },
        ],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    ({ stateMachineArn = '' } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'deploy-approved-model',
        definition: readFileSync(join(EXAMPLE, 'deploy.asl.json'), 'utf8'),
        roleArn: 'arn:aws:iam::000000000000:role/StepFunctionsRole',
      }),
    ));
    const rules = JSON.parse(readFileSync(join(EXAMPLE, 'rules.json'), 'utf8'));
    await events.send(new PutRuleCommand({ Name: 'nightly-retrain', ScheduleExpression: rules.nightly.ScheduleExpression }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'nightly-retrain',
        Targets: [
          {
            Id: 'retrain',
            Arn: PIPELINE_ARN,
            RoleArn: ROLE,
            SageMakerPipelineParameters: rules.nightly.SageMakerPipelineParameters,
          },
        ],
      }),
    );
    await events.send(
      new PutRuleCommand({ Name: 'deploy-on-approval', EventPattern: JSON.stringify(rules.onApproval.EventPattern) }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'deploy-on-approval', Targets: [{ Id: 'deploy', Arn: stateMachineArn, RoleArn: ROLE }] }),
    );
    // However long the set-up took on this machine, the night begins now: ten simulated seconds to 02:00.
    clock.jumpTo(new Date('2026-12-07T01:59:50Z'));
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  /** The newest version of the group once `count` exist and the newest's pipeline execution has succeeded. */
  async function version(count: number): Promise<string> {
    return until(`model version ${count}`, async () => {
      const { ModelPackageSummaryList: list = [] } = await sm.send(
        new ListModelPackagesCommand({ ModelPackageGroupName: GROUP }),
      );
      return list.length >= count ? list.find((p) => p.ModelPackageArn?.endsWith(`/${count}`))?.ModelPackageArn : undefined;
    });
  }

  /** Approves a version and returns the deployment execution its event started, once it has ended. */
  async function approveAndDeploy(arn: string, executionsBefore: number) {
    await sm.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' }));
    const started = await until('the deployment execution', async () => {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      return executions.length > executionsBefore ? executions[0] : undefined;
    });
    return until(
      'the deployment to end',
      async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      },
      180,
    );
  }

  test('02:00: the nightly rule runs the training pipeline, which registers version 1 awaiting approval', async () => {
    const execution = await until('the nightly pipeline execution', async () => {
      const { PipelineExecutionSummaries: list = [] } = await sm.send(
        new ListPipelineExecutionsCommand({ PipelineName: 'retrain' }),
      );
      const done = list.find((e) => e.PipelineExecutionStatus !== 'Executing');
      return done;
    });
    assert.equal(execution.PipelineExecutionStatus, 'Succeeded', execution.PipelineExecutionFailureReason);
    assert.ok(
      (execution.StartTime?.getTime() ?? 0) >= Date.parse('2026-12-07T02:00:00Z'),
      `it started at the scheduled time or after (${execution.StartTime?.toISOString()})`,
    );
    const { ModelPackageSummaryList: [v1] = [] } = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: GROUP }));
    assert.equal(v1.ModelApprovalStatus, 'PendingManualApproval');
  });

  test('approving version 1 creates the endpoint; approving version 2 replaces it with a canary and waits', async () => {
    const first = await approveAndDeploy(await version(1), 0);
    assert.equal(first.status, 'SUCCEEDED', first.cause);
    const created = await sm.send(new DescribeEndpointCommand({ EndpointName: 'retrain-demo' }));
    assert.deepEqual([created.EndpointStatus, created.EndpointConfigName], ['InService', 'retrain-demo-v1']);

    // The next night's run, started by hand rather than waiting a simulated day.
    await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'retrain' }));
    const second = await approveAndDeploy(await version(2), 1);
    assert.equal(second.status, 'SUCCEEDED', second.cause);
    const updated = await sm.send(new DescribeEndpointCommand({ EndpointName: 'retrain-demo' }));
    assert.deepEqual([updated.EndpointStatus, updated.EndpointConfigName], ['InService', 'retrain-demo-v2']);
    assert.equal(updated.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.Type, 'CANARY');

    const runtime = new SageMakerRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
    clients.push(runtime);
    const answer = await runtime.send(
      new InvokeEndpointCommand({ EndpointName: 'retrain-demo', ContentType: 'text/csv', Body: '5,2,0.1' }),
    );
    const predicted = Number(
      Buffer.from(answer.Body ?? [])
        .toString('utf8')
        .trim(),
    );
    assert.ok(Number.isFinite(predicted), 'the canary-deployed model answers');

    // What the bus saw: the approvals in SageMaker's shape, the endpoint's states, and the canary's stages.
    const metadata = await openMetadata(home, clock, {});
    try {
      const seen = (await metadata.outbox.since(undefined, 100_000)).map((e) => e.event);
      const approvals = seen.filter(
        (e) => e['detail-type'] === 'SageMaker Model Package State Change' && e.detail.ModelApprovalStatus === 'Approved',
      );
      assert.deepEqual(
        approvals.map((e) => [e.source, e.detail.ModelPackageVersion]),
        [
          ['aws.sagemaker', 1],
          ['aws.sagemaker', 2],
        ],
      );
      const states = seen
        .filter((e) => e['detail-type'] === 'SageMaker Endpoint State Change' && e.detail.EndpointName === 'retrain-demo')
        .map((e) => e.detail.EndpointStatus);
      assert.deepEqual(states.slice(0, 2), ['CREATING', 'IN_SERVICE']);
      assert.ok(states.includes('UPDATING') && states.at(-1) === 'IN_SERVICE', states.join(' '));
      const stages = seen
        .filter((e) => e['detail-type'] === 'SageMaker Endpoint Deployment State Change')
        .map((e) => e.detail.DeploymentStage);
      assert.ok(stages.includes('TrafficShifted') && stages.at(-1) === 'Completed', stages.join(' '));
    } finally {
      await metadata.close();
    }
  });

  test('an alarm in ALARM during the canary rolls version 3 back, and the machine fails with DeploymentRolledBack', async () => {
    // The rollback alarm watches a metric the test can drive (the example's watches 5xx errors).
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'retrain-demo-errors',
        Namespace: 'RetrainDemo',
        MetricName: 'Errors',
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'retrain' }));
    const arn = await version(3);
    const failing = setInterval(() => {
      const datum = { MetricName: 'Errors', Value: 5, Timestamp: clock.now() };
      cloudwatch.send(new PutMetricDataCommand({ Namespace: 'RetrainDemo', MetricData: [datum] })).catch(() => {});
    }, 50);
    try {
      const third = await approveAndDeploy(arn, 2);
      assert.equal(third.status, 'FAILED');
      assert.equal(third.error, 'DeploymentRolledBack');
    } finally {
      clearInterval(failing);
    }
    const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: 'retrain-demo' }));
    assert.deepEqual([endpoint.EndpointStatus, endpoint.EndpointConfigName], ['InService', 'retrain-demo-v2']);
  });
});
