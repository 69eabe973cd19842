import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { cloudwatchServer } from './cloudwatch-fixture.js';

// A user's boto3 1.26 alarm script (AWS Query protocol), unmodified but for the endpoint.
const SCRIPT = `
import json, sys, boto3
cw = boto3.client("cloudwatch", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
dims = [{"Name": "EndpointName", "Value": "churn"}, {"Name": "VariantName", "Value": "AllTraffic"}]
common = dict(Namespace="AWS/SageMaker", Dimensions=dims, Period=60, EvaluationPeriods=5, DatapointsToAlarm=3,
              ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="ignore")
for i in range(3):
    cw.put_metric_alarm(AlarmName="b3-errors-%d" % i, MetricName="Invocation5XXErrors", Statistic="Average", Threshold=0.05,
                        AlarmActions=["arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:x"] if i == 0 else [], **common)
cw.put_metric_alarm(AlarmName="b3-latency", MetricName="ModelLatency", ExtendedStatistic="p99.9", Unit="Microseconds",
                    Threshold=250000.5, AlarmDescription="slow", **common)
pages = [[a["AlarmName"] for a in page["MetricAlarms"]]
         for page in cw.get_paginator("describe_alarms").paginate(AlarmNamePrefix="b3-", PaginationConfig={"PageSize": 3})]
latency = cw.describe_alarms(AlarmNames=["b3-latency"])["MetricAlarms"][0]
cw.set_alarm_state(AlarmName="b3-errors-1", StateValue="ALARM", StateReason="drill", StateReasonData='{"drill": true}')
alarming = [a["AlarmName"] for a in cw.describe_alarms(StateValue="ALARM")["MetricAlarms"]]
acting = [a["AlarmName"] for a in cw.describe_alarms(ActionPrefix="arn:aws:autoscaling")["MetricAlarms"]]
for_metric = [a["AlarmName"] for a in cw.describe_alarms_for_metric(Namespace="AWS/SageMaker", MetricName="ModelLatency",
                                                                      ExtendedStatistic="p99.9", Dimensions=dims)["MetricAlarms"]]
cw.disable_alarm_actions(AlarmNames=["b3-errors-0"])
disabled = cw.describe_alarms(AlarmNames=["b3-errors-0"])["MetricAlarms"][0]["ActionsEnabled"]
history = cw.describe_alarm_history(AlarmName="b3-errors-1", HistoryItemType="StateUpdate")["AlarmHistoryItems"]
cw.delete_alarms(AlarmNames=["b3-errors-2"])
left = [a["AlarmName"] for a in cw.describe_alarms(AlarmNamePrefix="b3-")["MetricAlarms"]]
errors = {}
for name, call in [
    ("m_of_n", lambda: cw.put_metric_alarm(AlarmName="b3-bad", MetricName="X", Statistic="Sum", Threshold=1, **dict(common, DatapointsToAlarm=6))),
    ("missing_alarm", lambda: cw.set_alarm_state(AlarmName="b3-none", StateValue="OK", StateReason="x")),
    ("math", lambda: cw.put_metric_alarm(AlarmName="b3-math", EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold",
                                          Metrics=[{"Id": "e1", "Expression": "m1 * 2", "ReturnData": True}])),
]:
    try:
        call()
        errors[name] = None
    except cw.exceptions.ClientError as e:
        errors[name] = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps({
    "pages": pages, "latency": [latency["ExtendedStatistic"], latency["Threshold"], latency["Unit"], latency["AlarmDescription"],
                                latency["EvaluationPeriods"], latency["DatapointsToAlarm"], latency["StateValue"], latency["Dimensions"]],
    "alarming": alarming, "acting": acting, "for_metric": for_metric, "disabled": disabled,
    "history": [[h["AlarmName"], h["HistoryItemType"], h["HistorySummary"], json.loads(h["HistoryData"])["newState"]["stateReasonData"]] for h in history],
    "left": left, "errors": errors,
}))
`;

describe('CloudWatch alarms through boto3 1.26 (AWS Query)', { skip }, () => {
  let f: Awaited<ReturnType<typeof cloudwatchServer>>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await cloudwatchServer();
  });
  after(async () => f?.server.stop());

  test("a user's boto3 script creates, pages, filters, sets, reads the history of and deletes alarms, and gets CloudWatch's errors", async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, f.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const r = JSON.parse(out);
    assert.deepEqual(r.pages, [['b3-errors-0', 'b3-errors-1', 'b3-errors-2'], ['b3-latency']]);
    assert.deepEqual(r.latency, [
      'p99.9',
      250000.5,
      'Microseconds',
      'slow',
      5,
      3,
      'INSUFFICIENT_DATA',
      [
        { Name: 'EndpointName', Value: 'churn' },
        { Name: 'VariantName', Value: 'AllTraffic' },
      ],
    ]);
    assert.deepEqual(r.alarming, ['b3-errors-1']);
    assert.deepEqual(r.acting, ['b3-errors-0']);
    assert.deepEqual(r.for_metric, ['b3-latency']);
    assert.equal(r.disabled, false);
    assert.deepEqual(r.history, [
      ['b3-errors-1', 'StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM', { drill: true }],
    ]);
    assert.deepEqual(r.left, ['b3-errors-0', 'b3-errors-1', 'b3-latency']);
    assert.deepEqual(r.errors.m_of_n, [
      'ValidationError',
      'DatapointsToAlarm (6) must be less than or equal to EvaluationPeriods (5). An alarm is in ALARM when M of the last N datapoints breach: M cannot exceed N.',
      400,
    ]);
    assert.deepEqual(r.errors.missing_alarm.slice(0, 1), ['ResourceNotFound']);
    assert.match(r.errors.missing_alarm[1], /Alarm "b3-none" does not exist/);
    assert.equal(r.errors.missing_alarm[2], 404);
    assert.equal(r.errors.math[0], 'ValidationError');
    assert.match(r.errors.math[1], /Metrics field is not supported/);
  });
});
