import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateInferenceExperimentCommand, DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import type { AlarmDefinition } from '../../src/alarms/alarm-records.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { cli } from '../cli/capture.js';
import { experimentFixture, shadowScore } from './experiment-fixture.js';

const alarm = (name: string, endpoint: string, treatMissingData: AlarmDefinition['treatMissingData']): AlarmDefinition => ({
  name,
  namespace: 'AWS/SageMaker',
  metricName: 'Invocation5XXErrors',
  dimensions: { EndpointName: endpoint, VariantName: 'Shadow' },
  statistic: 'Sum',
  period: 60,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 0,
  comparisonOperator: 'GreaterThanThreshold',
  treatMissingData,
  actionsEnabled: true,
  alarmActions: [],
  okActions: [],
  insufficientDataActions: [],
  tags: [],
});

// Promoting a running shadow test through a guarded update (rollout's DeploymentConfig): a canary
// of half the new fleet bakes for 10 simulated minutes under an auto-rollback alarm.
describe('godwit endpoints shadow promote --canary --bake --alarm', () => {
  let f: Awaited<ReturnType<typeof experimentFixture>>;
  let metadata: Metadata;
  const promote = (name: string, alarmName: string) =>
    cli(
      [
        'endpoints',
        'shadow',
        'promote',
        name,
        '--instance-count',
        '2',
        '--canary',
        '50%',
        '--bake',
        '600',
        '--alarm',
        alarmName,
        '--wait',
      ],
      {
        GODWIT_HOME: f.home.root,
      },
    );
  before(async () => {
    f = await experimentFixture(600);
    metadata = await openMetadata(f.home, f.clock, {});
  });
  after(async () => {
    await metadata?.close();
    await f?.close();
  });

  test('a quiet alarm: the canary bakes, the whole fleet moves, the test is Completed with the shadow in production', async () => {
    await f.endpoint('calm');
    await metadata.alarms.put(alarm('calm-shadow-5xx', 'calm', 'notBreaching'));
    await f.sm.send(new CreateInferenceExperimentCommand(f.request('calm-test', 'calm', 100)));
    await f.until('calm-test', 'Running');
    for (let a = 0; a < 5; a++) await f.invoke('calm', a, 0);
    const r = await promote('calm-test', 'calm-shadow-5xx');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Shadow test "calm-test" is Completed/);
    const endpoint = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'calm' }));
    assert.deepEqual(
      endpoint.ProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount]),
      [['Shadow', 2]],
    );
    assert.equal(endpoint.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.Type, 'CANARY');
    assert.equal(Number((await f.invoke('calm', 9, 0)).body), shadowScore(9, 0));
  });

  test('an alarm in ALARM rolls the promotion back: the test ends Cancelled, the shadow removed, production unchanged', async () => {
    await f.endpoint('stormy');
    // No 5XX datapoint at all, and missing data treated as breaching: the alarm goes to ALARM at its first evaluation.
    await metadata.alarms.put(alarm('stormy-shadow-5xx', 'stormy', 'breaching'));
    await f.sm.send(new CreateInferenceExperimentCommand(f.request('stormy-test', 'stormy', 100)));
    await f.until('stormy-test', 'Running');
    const r = await promote('stormy-test', 'stormy-shadow-5xx');
    assert.equal(r.code, 0, r.stderr);
    const done = await f.until('stormy-test', 'Cancelled');
    assert.match(done.StatusReason ?? '', /CloudWatch alarm "stormy-shadow-5xx" is in ALARM.*The shadow was removed instead\./);
    assert.deepEqual(
      done.ModelVariants?.map((v) => v.Status),
      ['InService', 'Deleted'],
    );
    const endpoint = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'stormy' }));
    assert.deepEqual(
      endpoint.ProductionVariants?.map((v) => v.VariantName),
      ['AllTraffic'],
    );
    assert.equal(endpoint.ShadowProductionVariants, undefined);
    assert.equal((await f.invoke('stormy', 9, 0)).variant, 'AllTraffic');
  });

  test('a guard that cannot hold is refused before anything changes', async () => {
    await f.endpoint('strict');
    await f.sm.send(new CreateInferenceExperimentCommand(f.request('strict-test', 'strict', 100)));
    await f.until('strict-test', 'Running');
    const godwit = (...flags: string[]) =>
      cli(['endpoints', 'shadow', 'promote', 'strict-test', ...flags], { GODWIT_HOME: f.home.root });
    const tooBig = await godwit('--canary', '1');
    assert.equal(tooBig.code, 2);
    assert.match(
      tooBig.stderr,
      /CanarySize 1 instance\(s\) .* must be at most 50% of the new fleet's capacity of 1 instance\(s\)/,
    );
    const noAlarm = await godwit('--instance-count', '2', '--canary', '1', '--alarm', 'no-such-alarm');
    assert.equal(noAlarm.code, 2);
    assert.match(noAlarm.stderr, /no-such-alarm.*The CloudWatch alarm does not exist/);
    const both = await godwit('--canary', '1', '--linear', '1');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /Give --canary or --linear, not both/);
    assert.equal((await f.describe('strict-test')).Status, 'Running');
  });
});
