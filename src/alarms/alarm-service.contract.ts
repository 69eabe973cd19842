/**
 * The contract every AlarmService passes, on a real database (a SQLite file, a real PostgreSQL
 * server) with the metric store beside it: `open` returns the opened metadata on a fresh database
 * whose clock is `clock` (moved by hand); the suite closes it. Each test uses its own alarm names
 * and metric namespace, so tests never see each other's alarms or series.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Metadata } from '../meta/index.js';
import type { MovableClock } from '../metrics/metric-store.contract.js';
import { withDefaults } from './alarm-definition-check.js';
import type { AlarmActionHandler, AlarmDefinition, AlarmService } from './alarm-records.js';

const MIN = 60_000;
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

export function alarmServiceContract(
  name: string,
  open: (clock: MovableClock) => Promise<Metadata>,
  clock: MovableClock,
  options: { skip?: string } = {},
): void {
  describe(`AlarmService contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let alarms: AlarmService;
    before(async () => {
      metadata = await open(clock);
      alarms = metadata.alarms;
    });
    after(() => metadata?.close());

    const unique = () => randomBytes(4).toString('hex');
    const define = (extra: Partial<AlarmDefinition> = {}): AlarmDefinition =>
      withDefaults({
        name: `errors-${unique()}`,
        namespace: `Test/${unique()}`,
        metricName: 'Invocation5XXErrors',
        dimensions: { EndpointName: 'ep', VariantName: 'AllTraffic' },
        statistic: 'Sum',
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        threshold: 1,
        comparisonOperator: 'GreaterThanThreshold',
        ...extra,
      });
    /** One datum per value, in the last whole minutes before now (oldest first); undefined leaves a minute empty. */
    const putMinutes = async (d: AlarmDefinition, values: readonly (number | undefined)[]) => {
      const minute = Math.floor(clock.now().getTime() / MIN) * MIN;
      const data = values.flatMap((value, i) =>
        value === undefined
          ? []
          : [
              {
                namespace: d.namespace,
                metricName: d.metricName,
                dimensions: d.dimensions,
                timestamp: new Date(minute - (values.length - i) * MIN + 1000),
                value,
              },
            ],
      );
      await metadata.metrics.put(data);
    };
    const eventsFor = async (alarmName: string) =>
      (await metadata.outbox.since(undefined, 10_000)).map((e) => e.event).filter((e) => e.detail.alarmName === alarmName);

    test('a new alarm starts INSUFFICIENT_DATA; its creation is history and an event; get of a missing name is undefined', async () => {
      const d = define({ description: 'too many 5xx' });
      const record = await alarms.put(d);
      assert.equal(record.state, 'INSUFFICIENT_DATA');
      assert.equal(record.stateReason, 'Unchecked: Initial alarm creation');
      assert.equal(record.arn, `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${d.name}`);
      assert.deepEqual((await alarms.get(d.name))?.dimensions, d.dimensions);
      assert.equal(await alarms.get(`nope-${unique()}`), undefined);
      const [created] = await alarms.history(d.name);
      assert.equal(created.type, 'ConfigurationUpdate');
      assert.equal(created.summary, `Alarm "${d.name}" created`);
      assert.equal(JSON.parse(created.data).createdAlarm.threshold, 1);
      const [event] = await eventsFor(d.name);
      assert.equal(event['detail-type'], 'CloudWatch Alarm Configuration Change');
      assert.equal(event.source, 'aws.cloudwatch');
      assert.equal(event.detail.operation, 'create');
    });

    test('CloudWatch refuses what it would refuse, naming the field', async () => {
      await assert.rejects(alarms.put(define({ datapointsToAlarm: 4 })), code('E_ALARM_INVALID'));
      await assert.rejects(alarms.put(define({ period: 45 })), /'period'/);
      await assert.rejects(alarms.put(define({ statistic: 'tm99' })), /'statistic'/);
      await assert.rejects(
        alarms.put(define({ comparisonOperator: 'GreaterThanUpperThreshold' as never })),
        /'comparisonOperator'/,
      );
      await assert.rejects(alarms.put(define({ evaluationPeriods: 10_081, datapointsToAlarm: 1 })), /seven days/);
      await assert.rejects(alarms.put(define({ alarmActions: ['not-an-arn'] })), /'alarmActions'/);
    });

    test('evaluation: M of N breaching minutes go to ALARM, recorded as history and as a state-change event', async () => {
      const d = define();
      await alarms.put(d);
      clock.advance(5_000);
      await putMinutes(d, [0, 5, 0, 3]);
      const [t, ...more] = await alarms.evaluate([d.name]);
      assert.equal(more.length, 0);
      assert.deepEqual([t.from, t.to], ['INSUFFICIENT_DATA', 'ALARM']);
      const record = await alarms.get(d.name);
      assert.equal(record?.state, 'ALARM');
      assert.match(
        record?.stateReason ?? '',
        /^Threshold Crossed: 2 out of the last 3 datapoints \[3\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\), 5\.0 \(.*\)\] were greater than the threshold \(1\.0\) \(minimum 2 datapoints for INSUFFICIENT_DATA -> ALARM transition\)\.$/,
      );
      const data = JSON.parse(record?.stateReasonData ?? '{}');
      assert.deepEqual(data.recentDatapoints, [5, 0, 3]);
      assert.equal(data.period, 60);
      const [update] = await alarms.history(d.name, { type: 'StateUpdate' });
      assert.equal(update.summary, 'Alarm updated from INSUFFICIENT_DATA to ALARM');
      assert.equal(JSON.parse(update.data).newState.stateValue, 'ALARM');
      const change = (await eventsFor(d.name)).find((e) => e['detail-type'] === 'CloudWatch Alarm State Change');
      assert.ok(change);
      assert.deepEqual(change.resources, [record?.arn]);
      const detail = change.detail as {
        state: { value: string; reason: string };
        previousState: { value: string };
        configuration: { metrics: { metricStat: { metric: { name: string } } }[] };
      };
      assert.equal(detail.state.value, 'ALARM');
      assert.equal(detail.state.reason, record?.stateReason);
      assert.equal(detail.previousState.value, 'INSUFFICIENT_DATA');
      assert.equal(detail.configuration.metrics[0].metricStat.metric.name, 'Invocation5XXErrors');
      // Unchanged data: no second transition.
      assert.deepEqual(await alarms.evaluate([d.name]), []);
      // Two quiet minutes later, 2 of the last 3 datapoints are within the threshold: OK.
      clock.advance(2 * MIN);
      await putMinutes(d, [0, 0]);
      const [back] = await alarms.evaluate([d.name]);
      assert.deepEqual([back.from, back.to], ['ALARM', 'OK']);
      assert.match(
        (await alarms.get(d.name))?.stateReason ?? '',
        /were not greater than the threshold \(1\.0\) \(minimum 2 datapoints for ALARM -> OK transition\)\.$/,
      );
    });

    test('the current, incomplete period is not evaluated', async () => {
      const d = define({ evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: 'notBreaching' });
      await alarms.put(d);
      const now = clock.now();
      await metadata.metrics.put([
        { namespace: d.namespace, metricName: d.metricName, dimensions: d.dimensions, timestamp: now, value: 9 },
      ]);
      const [t] = await alarms.evaluate([d.name]);
      assert.equal(t.to, 'OK', 'the breach is in the minute still filling');
      clock.advance(MIN);
      const [later] = await alarms.evaluate([d.name]);
      assert.equal(later.to, 'ALARM');
      assert.match(later.reason, /^Threshold Crossed: 1 datapoint \[9\.0 \(.*\)\] was greater than the threshold \(1\.0\)\.$/);
    });

    test('a percentile alarm reads the exact percentile of each period; a 5-minute period aligns to 5 minutes', async () => {
      const d = define({
        metricName: 'ModelLatency',
        statistic: 'p90',
        threshold: 900,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      });
      await alarms.put(d);
      const minute = Math.floor(clock.now().getTime() / MIN) * MIN;
      const values = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
      const at = new Date(minute - MIN + 1000);
      await metadata.metrics.put([
        {
          namespace: d.namespace,
          metricName: d.metricName,
          dimensions: d.dimensions,
          timestamp: at,
          values,
          unit: 'Microseconds',
        },
      ]);
      const [t] = await alarms.evaluate([d.name]);
      assert.equal(t.to, 'OK', 'p90 is 900, not above 900');
      assert.deepEqual(JSON.parse((await alarms.get(d.name))?.stateReasonData ?? '').recentDatapoints, [900]);
      await alarms.put({ ...d, statistic: 'p91' });
      assert.equal((await alarms.evaluate([d.name]))[0].to, 'ALARM');
      const five = define({ period: 300, evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: 'notBreaching' });
      await alarms.put(five);
      const periodStart = Math.floor(clock.now().getTime() / (5 * MIN)) * 5 * MIN;
      await metadata.metrics.put([
        {
          namespace: five.namespace,
          metricName: five.metricName,
          dimensions: five.dimensions,
          timestamp: new Date(periodStart),
          value: 7,
        },
      ]);
      assert.equal((await alarms.evaluate([five.name]))[0].to, 'OK', 'the breach is in the 5 minutes still filling');
      clock.advance(periodStart + 5 * MIN - clock.now().getTime());
      assert.equal((await alarms.evaluate([five.name]))[0].to, 'ALARM');
    });

    test('no data at all: missing → INSUFFICIENT_DATA, breaching → ALARM, notBreaching → OK, ignore keeps the state', async () => {
      const expected = { missing: 'INSUFFICIENT_DATA', breaching: 'ALARM', notBreaching: 'OK', ignore: 'OK' } as const;
      for (const [treatMissingData, state] of Object.entries(expected)) {
        const d = define({ treatMissingData: treatMissingData as AlarmDefinition['treatMissingData'] });
        await alarms.put(d);
        if (treatMissingData !== 'missing') await alarms.setState(d.name, 'OK', 'set by the test');
        else await alarms.setState(d.name, 'ALARM', 'set by the test');
        await alarms.evaluate([d.name]);
        assert.equal((await alarms.get(d.name))?.state, state, treatMissingData);
      }
    });

    test('states reads without evaluating and names a missing alarm; list filters by name, prefix, state and action', async () => {
      const prefix = `svc-${unique()}-`;
      const a = define({ name: `${prefix}a`, alarmActions: ['arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:x'] });
      const b = define({ name: `${prefix}b` });
      await alarms.put(a);
      await alarms.put(b);
      await alarms.setState(b.name, 'ALARM', 'by hand');
      assert.deepEqual(
        [...(await alarms.states([a.name, b.name]))],
        [
          [a.name, 'INSUFFICIENT_DATA'],
          [b.name, 'ALARM'],
        ],
      );
      await assert.rejects(
        alarms.states([a.name, `${prefix}none`]),
        (err: Error) => code('E_ALARM_NOT_FOUND')(err) && err.message.includes(`${prefix}none`),
      );
      assert.deepEqual(
        (await alarms.list({ prefix })).map((r) => r.name),
        [a.name, b.name],
      );
      assert.deepEqual(
        (await alarms.list({ prefix, state: 'ALARM' })).map((r) => r.name),
        [b.name],
      );
      assert.deepEqual(
        (await alarms.list({ names: [b.name, `${prefix}none`] })).map((r) => r.name),
        [b.name],
      );
      assert.deepEqual(
        (await alarms.list({ prefix, actionPrefix: 'arn:aws:autoscaling:' })).map((r) => r.name),
        [a.name],
      );
    });

    test('put replaces the definition and keeps the state; delete ignores unknown names and keeps the history', async () => {
      const d = define();
      await alarms.put(d);
      await alarms.setState(d.name, 'ALARM', 'by hand', '{"why":"test"}');
      const replaced = await alarms.put({ ...d, threshold: 50 });
      assert.equal(replaced.threshold, 50);
      assert.equal(replaced.state, 'ALARM');
      assert.equal(replaced.stateReasonData, '{"why":"test"}');
      await alarms.delete([d.name, `nope-${unique()}`]);
      assert.equal(await alarms.get(d.name), undefined);
      const kinds = (await alarms.history(d.name)).map((h) => h.summary);
      assert.deepEqual(kinds, [
        `Alarm "${d.name}" deleted`,
        `Alarm "${d.name}" updated`,
        'Alarm updated from INSUFFICIENT_DATA to ALARM',
        `Alarm "${d.name}" created`,
      ]);
      await assert.rejects(alarms.setState(d.name, 'OK', 'gone'), code('E_ALARM_NOT_FOUND'));
    });

    test('actions: a handler acts on its ARNs, an ARN nobody handles is a failed action, disabled actions do nothing', async () => {
      const policy = `arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:${unique()}`;
      const topic = `arn:aws:sns:us-east-1:000000000000:${unique()}`;
      const calls: string[] = [];
      const handler: AlarmActionHandler = {
        handles: (arn) => arn === policy,
        act: async (arn, alarm, t) => {
          calls.push(`${arn} ${alarm.name} ${t.to}`);
          return 'scaled out';
        },
      };
      await alarms.registerActionHandler(handler);
      const d = define({ alarmActions: [policy, topic] });
      await alarms.put(d);
      await alarms.setState(d.name, 'ALARM', 'by hand');
      assert.deepEqual(calls, [`${policy} ${d.name} ALARM`]);
      const actions = await alarms.history(d.name, { type: 'Action' });
      assert.deepEqual(actions.map((a) => JSON.parse(a.data).actionState).sort(), ['Failed', 'Succeeded']);
      assert.ok(actions.some((a) => a.summary === `Successfully executed action ${policy}`));
      assert.ok(actions.some((a) => a.summary.startsWith(`Failed to execute action ${topic}`)));
      await alarms.setActionsEnabled([d.name], false);
      assert.equal((await alarms.get(d.name))?.actionsEnabled, false);
      await alarms.setState(d.name, 'OK', 'by hand');
      await alarms.setState(d.name, 'ALARM', 'by hand');
      assert.equal(calls.length, 1);
    });
  });
}
