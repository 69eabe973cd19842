import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand } from '@aws-sdk/client-sagemaker-runtime';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { type AsyncFixture, asyncFixture, eventually } from './async-fixture.js';

/**
 * AWS's recipe for an asynchronous endpoint that scales to zero (the SageMaker guide's "Autoscale
 * an asynchronous endpoint"): a scalable target with MinCapacity 0, target tracking on
 * ApproximateBacklogSizePerInstance to scale in, and a step policy on HasBacklogWithoutCapacity to
 * scale out from zero, since proportional tracking cannot grow from no instances. All of it through
 * the official clients, against a real server on a clock where a minute is a second.
 */
const SPEED = 60;
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const target = {
  ServiceNamespace: 'sagemaker' as const,
  ResourceId: 'endpoint/to-zero/variant/AllTraffic',
  ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
};

let f: AsyncFixture;
let scaling: ApplicationAutoScalingClient;
let cw: CloudWatchClient;
before(async () => {
  f = await asyncFixture({ clock: scaledClock(SPEED) });
  scaling = new ApplicationAutoScalingClient({ endpoint: f.server.url, region: 'us-east-1', credentials });
  cw = new CloudWatchClient({ endpoint: f.server.url, region: 'us-east-1', credentials });
});
after(async () => {
  scaling?.destroy();
  cw?.destroy();
  await f?.close();
});

async function instanceCount(): Promise<number | undefined> {
  const out = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'to-zero' }));
  return out.EndpointStatus === 'InService' ? out.ProductionVariants?.[0]?.CurrentInstanceCount : undefined;
}

const countIs = (n: number, what: string) =>
  eventually(async () => ((await instanceCount()) === n ? true : undefined), what, 120_000);

test('an asynchronous endpoint scales in to zero on an empty backlog and out from zero when requests wait', async () => {
  await f.linearModel('linear');
  await f.asyncEndpoint('to-zero', 'linear');
  await scaling.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 0, MaxCapacity: 2 }));
  await scaling.send(
    new PutScalingPolicyCommand({
      ...target,
      PolicyName: 'backlog-per-instance',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 5,
        CustomizedMetricSpecification: {
          Namespace: 'AWS/SageMaker',
          MetricName: 'ApproximateBacklogSizePerInstance',
          Dimensions: [{ Name: 'EndpointName', Value: 'to-zero' }],
          Statistic: 'Average',
        },
        ScaleInCooldown: 60,
        ScaleOutCooldown: 60,
      },
    }),
  );
  // Nothing waits: the low alarm (15 of 15 minutes under 4.5) takes the variant to its minimum, 0.
  await countIs(0, 'scaled in to zero instances');

  const step = await scaling.send(
    new PutScalingPolicyCommand({
      ...target,
      PolicyName: 'from-zero',
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        MetricAggregationType: 'Average',
        Cooldown: 120,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    }),
  );
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: 'to-zero-has-backlog-without-capacity',
      Namespace: 'AWS/SageMaker',
      MetricName: 'HasBacklogWithoutCapacity',
      Dimensions: [{ Name: 'EndpointName', Value: 'to-zero' }],
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'missing',
      AlarmActions: [step.PolicyARN as string],
    }),
  );

  const out = await f.runtime.send(
    new InvokeEndpointAsyncCommand({ EndpointName: 'to-zero', Body: Buffer.from('3'), ContentType: 'text/csv' }),
  );
  // Served only once the step policy has given the variant an instance again: y = 2·3 + 1.
  const answer = await f.output(out.OutputLocation as string, 120_000);
  assert.equal(Number.parseFloat(answer), 7);

  // The activity settles once the host reports the new count (AWS lists it InProgress until then).
  const activities = async () =>
    (await scaling.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker' }))).ScalingActivities ?? [];
  const scaledOut = await eventually(async () => {
    const found = (await activities()).find((a) => a.StatusCode === 'Successful' && /from-zero/.test(a.Cause ?? ''));
    return found;
  }, "the step policy's scale-out, settled");
  assert.match(scaledOut.Cause ?? '', /to-zero-has-backlog-without-capacity/);
  const scaledIn = (await activities()).find((a) => a.StatusCode === 'Successful' && /backlog-per-instance/.test(a.Cause ?? ''));
  assert.match(scaledIn?.Description ?? '', /to 0\b/, 'the target-tracking policy took it to 0');
});
