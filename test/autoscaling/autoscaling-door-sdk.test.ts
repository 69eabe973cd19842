import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { autoscalingFixture, credentials, instances, region, resource } from './autoscaling-fixture.js';

const refused = (type: string, fragment: RegExp) => (err: unknown) => {
  const e = err as { name: string; message: string; $metadata: { httpStatusCode?: number } };
  assert.equal(e.name, type, String(err));
  assert.match(e.message, fragment);
  assert.equal(e.$metadata.httpStatusCode, 400);
  return true;
};

// The official client, unmodified, against a real server (a scaled clock, though nothing here waits on it).
describe('Application Auto Scaling through @aws-sdk/client-application-auto-scaling', () => {
  let f: Awaited<ReturnType<typeof autoscalingFixture>>;
  before(async () => {
    f = await autoscalingFixture({ speed: 60, endpoints: ['churn', 'fraud'] });
  });
  after(() => f?.close());

  test('registers a variant, scaling it into its new bounds at once, and describes it', async () => {
    const out = await f.client.send(new RegisterScalableTargetCommand({ ...resource('churn'), MinCapacity: 2, MaxCapacity: 5 }));
    assert.match(
      out.ScalableTargetARN ?? '',
      /^arn:aws:application-autoscaling:[a-z0-9-]+:000000000000:scalable-target\/[0-9a-f]+$/,
    );
    const { ScalableTargets } = await f.client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    assert.equal(ScalableTargets?.length, 1);
    const [t] = ScalableTargets ?? [];
    assert.deepEqual(
      [t.ResourceId, t.MinCapacity, t.MaxCapacity, t.ScalableTargetARN],
      ['endpoint/churn/variant/A', 2, 5, out.ScalableTargetARN],
    );
    assert.match(t.RoleARN ?? '', /AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint$/);
    assert.ok(t.CreationTime instanceof Date);
    assert.deepEqual(t.SuspendedState, {
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    });
    // The variant had 1 instance: registering min 2 scaled it, and the host really runs 2 now.
    for (let i = 0; i < 200 && (await instances(f.server.url, 'churn')) !== 2; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(await instances(f.server.url, 'churn'), 2);
    let activities = await f.client.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/churn/variant/A' }),
    );
    for (let i = 0; i < 200 && activities.ScalingActivities?.[0]?.StatusCode === 'InProgress'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      activities = await f.client.send(
        new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/churn/variant/A' }),
      );
    }
    const [a] = activities.ScalingActivities ?? [];
    assert.deepEqual(
      [a.Description, a.Cause, a.StatusCode],
      ['Setting desired instance count to 2.', 'minimum capacity was set to 2', 'Successful'],
    );
    assert.equal(a.StatusMessage, 'Successfully set desired instance count to 2. Change successfully fulfilled by sagemaker.');
    assert.ok(a.EndTime && a.StartTime && a.EndTime >= a.StartTime);
  });

  test('puts a target-tracking policy with the alarms AWS derives, replaces it, and deletes it with its alarms', async () => {
    await f.client.send(new RegisterScalableTargetCommand({ ...resource('fraud'), MinCapacity: 1, MaxCapacity: 4 }));
    const put = () =>
      f.client.send(
        new PutScalingPolicyCommand({
          ...resource('fraud'),
          PolicyName: 'invocations',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 70,
            PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
            ScaleInCooldown: 600,
          },
        }),
      );
    const made = await put();
    assert.match(
      made.PolicyARN ?? '',
      /^arn:aws:autoscaling:[a-z0-9-]+:000000000000:scalingPolicy:[0-9a-f-]{36}:resource\/sagemaker\/endpoint\/fraud\/variant\/A:policyName\/invocations$/,
    );
    const names = (made.Alarms ?? []).map((a) => a.AlarmName ?? '');
    assert.equal(names.length, 2);
    assert.match(names[0], /^TargetTracking-endpoint\/fraud\/variant\/A-AlarmHigh-[0-9a-f-]{36}$/);
    assert.match(names[1], /^TargetTracking-endpoint\/fraud\/variant\/A-AlarmLow-[0-9a-f-]{36}$/);
    // The alarms are CloudWatch's: DescribeAlarms on the CloudWatch door lists them.
    const cloudwatch = new CloudWatchClient({ endpoint: f.server.url, region, credentials });
    const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names }));
    cloudwatch.destroy();
    assert.deepEqual(
      MetricAlarms.map((a) => [
        a.Namespace,
        a.MetricName,
        a.Dimensions,
        a.Statistic,
        a.Period,
        a.EvaluationPeriods,
        a.DatapointsToAlarm,
        a.Threshold,
        a.ComparisonOperator,
        a.AlarmActions,
      ]).sort(),
      [
        [
          'AWS/SageMaker',
          'InvocationsPerInstance',
          [
            { Name: 'EndpointName', Value: 'fraud' },
            { Name: 'VariantName', Value: 'A' },
          ],
          'Sum',
          60,
          15,
          15,
          63,
          'LessThanThreshold',
          [made.PolicyARN],
        ],
        [
          'AWS/SageMaker',
          'InvocationsPerInstance',
          [
            { Name: 'EndpointName', Value: 'fraud' },
            { Name: 'VariantName', Value: 'A' },
          ],
          'Sum',
          60,
          3,
          3,
          70,
          'GreaterThanThreshold',
          [made.PolicyARN],
        ],
      ],
    );
    const again = await put();
    assert.deepEqual([again.PolicyARN, again.Alarms?.map((a) => a.AlarmName)], [made.PolicyARN, names]);
    const { ScalingPolicies } = await f.client.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/fraud/variant/A' }),
    );
    assert.equal(ScalingPolicies?.length, 1);
    const [p] = ScalingPolicies ?? [];
    assert.deepEqual(p.TargetTrackingScalingPolicyConfiguration, {
      TargetValue: 70,
      PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      ScaleOutCooldown: 300,
      ScaleInCooldown: 600,
      DisableScaleIn: false,
    });
    assert.deepEqual([p.PolicyName, p.PolicyType, p.Alarms?.length], ['invocations', 'TargetTrackingScaling', 2]);
    await f.client.send(new DeleteScalingPolicyCommand({ ...resource('fraud'), PolicyName: 'invocations' }));
    assert.deepEqual(await f.metadata.alarms.list({ actionPrefix: made.PolicyARN }), []);
    await assert.rejects(
      f.client.send(new DeleteScalingPolicyCommand({ ...resource('fraud'), PolicyName: 'invocations' })),
      refused(
        'ObjectNotFoundException',
        /No scaling policy found for service namespace: sagemaker, resource ID: endpoint\/fraud\/variant\/A/,
      ),
    );
  });

  test('a step policy lists the user alarms that name it; deregistering removes the target and its policies', async () => {
    await f.client.send(new RegisterScalableTargetCommand({ ...resource('fraud'), MinCapacity: 1, MaxCapacity: 4 }));
    const { PolicyARN, Alarms } = await f.client.send(
      new PutScalingPolicyCommand({
        ...resource('fraud'),
        PolicyName: 'steps',
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
          Cooldown: 60,
        },
      }),
    );
    assert.deepEqual(Alarms, []);
    await f.metadata.alarms.put({
      name: 'fraud-latency',
      namespace: 'AWS/SageMaker',
      metricName: 'ModelLatency',
      dimensions: { EndpointName: 'fraud', VariantName: 'A' },
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 5000,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      actionsEnabled: true,
      alarmActions: [PolicyARN as string],
      okActions: [],
      insufficientDataActions: [],
      tags: [],
    });
    const { ScalingPolicies } = await f.client.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', PolicyNames: ['steps'] }),
    );
    assert.deepEqual(
      ScalingPolicies?.[0].Alarms?.map((a) => a.AlarmName),
      ['fraud-latency'],
    );
    assert.deepEqual(ScalingPolicies?.[0].StepScalingPolicyConfiguration, {
      AdjustmentType: 'ChangeInCapacity',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      Cooldown: 60,
      MetricAggregationType: 'Average',
    });
    await f.client.send(new DeregisterScalableTargetCommand(resource('fraud')));
    const left = await f.client.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/fraud/variant/A' }),
    );
    assert.deepEqual(left.ScalingPolicies, []);
    await assert.rejects(
      f.client.send(new DeregisterScalableTargetCommand(resource('fraud'))),
      refused(
        'ObjectNotFoundException',
        /No scalable target registered for service namespace: sagemaker, resource ID: endpoint\/fraud\/variant\/A/,
      ),
    );
  });

  test("refuses what AWS refuses, as AWS's exceptions naming the field", async () => {
    await assert.rejects(
      f.client.send(new RegisterScalableTargetCommand({ ...resource('ghost'), MinCapacity: 1, MaxCapacity: 2 })),
      refused('ValidationException', /endpoint "ghost"/),
    );
    await assert.rejects(
      f.client.send(new RegisterScalableTargetCommand({ ...resource('churn'), MinCapacity: 3, MaxCapacity: 2 })),
      refused('ValidationException', /Maximum capacity 2 cannot be less than minimum capacity 3/),
    );
    // Zero instances is for asynchronous endpoints only (test/server/async/async-autoscaling.test.ts).
    await assert.rejects(
      f.client.send(new RegisterScalableTargetCommand({ ...resource('churn'), MinCapacity: 0, MaxCapacity: 2 })),
      refused('ValidationException', /MinCapacity 0 must be at least 1/),
    );
    await assert.rejects(
      f.client.send(new RegisterScalableTargetCommand({ ...resource('fraud') })),
      refused('ValidationException', /MinCapacity and MaxCapacity are required/),
    );
    await assert.rejects(
      f.client.send(
        new RegisterScalableTargetCommand({ ...resource('churn'), ServiceNamespace: 'ecs', MinCapacity: 1, MaxCapacity: 2 }),
      ),
      refused('ValidationException', /Unsupported service namespace ecs/),
    );
    await assert.rejects(
      f.client.send(
        new PutScalingPolicyCommand({
          ...resource('churn'),
          PolicyName: 'p',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: { TargetValue: undefined as never },
        }),
      ),
      refused('ValidationException', /targetTrackingScalingPolicyConfiguration\.targetValue/),
    );
    await assert.rejects(
      f.client.send(
        new PutScalingPolicyCommand({
          ...resource('churn'),
          PolicyName: 'p',
          PolicyType: 'StepScaling',
          StepScalingPolicyConfiguration: {
            AdjustmentType: 'ChangeInCapacity',
            StepAdjustments: [
              { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
              { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 },
            ],
          },
        }),
      ),
      refused('ValidationException', /may not overlap or leave a gap/),
    );
    await assert.rejects(
      f.client.send(
        new PutScalingPolicyCommand({
          ...resource('fraud'),
          PolicyName: 'p',
          PolicyType: 'StepScaling',
          StepScalingPolicyConfiguration: {
            AdjustmentType: 'ExactCapacity',
            StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
          },
        }),
      ),
      refused('ObjectNotFoundException', /No scalable target registered/),
    );
    await assert.rejects(
      f.client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', NextToken: 'bm9wZQ' })),
      refused('InvalidNextTokenException', /NextToken/),
    );
  });
});
