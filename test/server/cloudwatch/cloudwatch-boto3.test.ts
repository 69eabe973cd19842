import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { cloudwatchServer } from './cloudwatch-fixture.js';

// A user's boto3 1.26 script (AWS Query protocol: form in, XML out), unmodified but for the endpoint.
const SCRIPT = `
import json, sys, datetime, boto3
from botocore.config import Config
cw = boto3.client("cloudwatch", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
# Without boto3's own checks, so the server's answer to a missing field is what comes back.
raw = boto3.client("cloudwatch", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test",
                   aws_secret_access_key="test", config=Config(parameter_validation=False))
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
at = now - datetime.timedelta(minutes=2)
dims = [{"Name": "EndpointName", "Value": "churn"}, {"Name": "VariantName", "Value": "v1"}]
cw.put_metric_data(Namespace="Custom/Serving", MetricData=[
    {"MetricName": "Latency", "Dimensions": dims, "Timestamp": at, "Values": [100, 200, 300], "Counts": [5, 4, 1], "Unit": "Microseconds"},
    {"MetricName": "Latency", "Dimensions": dims, "Timestamp": at, "StatisticValues": {"SampleCount": 2, "Sum": 40, "Minimum": 20, "Maximum": 20}, "Unit": "Microseconds"},
    {"MetricName": "Errors", "Dimensions": dims, "Timestamp": at, "Value": 1.5},
])
window = dict(StartTime=now - datetime.timedelta(minutes=10), EndTime=now + datetime.timedelta(minutes=1), Period=600)
plain = cw.get_metric_statistics(Namespace="Custom/Serving", MetricName="Latency", Dimensions=dims,
                                 Statistics=["SampleCount", "Sum", "Minimum", "Maximum"], **window)
ext = cw.get_metric_statistics(Namespace="Custom/Serving", MetricName="Latency", Dimensions=dims,
                               ExtendedStatistics=["p50", "p99"], **window)
data = cw.get_metric_data(StartTime=window["StartTime"], EndTime=window["EndTime"], MetricDataQueries=[
    {"Id": "errors", "MetricStat": {"Metric": {"Namespace": "Custom/Serving", "MetricName": "Errors", "Dimensions": dims}, "Period": 60, "Stat": "Sum"}},
])["MetricDataResults"][0]
listed = cw.list_metrics(Namespace="Custom/Serving", Dimensions=[{"Name": "VariantName", "Value": "v1"}])["Metrics"]
errors = {}
for name, call in [
    ("missing", lambda: raw.get_metric_statistics(Namespace="Custom/Serving", MetricName="Latency", Statistics=["Sum"], Period=60, EndTime=now)),
    ("statistic", lambda: cw.get_metric_statistics(Namespace="Custom/Serving", MetricName="Latency", Statistics=["Median"], **window)),
    ("datapoints", lambda: cw.get_metric_statistics(Namespace="Custom/Serving", MetricName="Latency", Statistics=["Sum"],
                                                   StartTime=now - datetime.timedelta(days=2), EndTime=now, Period=60)),
    ("unknown", lambda: cw.list_dashboards()),
]:
    try:
        call()
        errors[name] = None
    except cw.exceptions.ClientError as e:
        errors[name] = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
point = plain["Datapoints"][0]
print(json.dumps({
    "label": plain["Label"],
    "plain": [point["SampleCount"], point["Sum"], point["Minimum"], point["Maximum"], point["Unit"], point["Timestamp"].isoformat()],
    "ext": ext["Datapoints"][0]["ExtendedStatistics"],
    "data": [data["Id"], data["Values"], [t.isoformat() for t in data["Timestamps"]], data["StatusCode"]],
    "listed": sorted(m["MetricName"] for m in listed), "dims": listed[0]["Dimensions"], "at": at.isoformat(),
    "errors": errors,
}))
`;

describe('CloudWatch front door, through boto3 1.26 (AWS Query)', { skip }, () => {
  let f: Awaited<ReturnType<typeof cloudwatchServer>>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await cloudwatchServer();
  });
  after(async () => f?.server.stop());

  test("a user's boto3 script puts metrics, reads statistics, percentiles and metric data, and gets CloudWatch's errors", async () => {
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
    const periodStart = new Date(Date.parse(r.at) - 8 * 60_000).toISOString().replace('.000Z', '+00:00');
    assert.equal(r.label, 'Latency');
    assert.deepEqual(r.plain, [12, 1640, 20, 300, 'Microseconds', periodStart]);
    assert.deepEqual(r.ext, { p50: 100, p99: 300 });
    assert.deepEqual(r.data, ['errors', [1.5], [r.at], 'Complete']);
    assert.deepEqual(r.listed, ['Errors', 'Latency']);
    assert.deepEqual(r.dims, [
      { Name: 'EndpointName', Value: 'churn' },
      { Name: 'VariantName', Value: 'v1' },
    ]);
    assert.deepEqual(r.errors.missing.slice(0, 2), ['MissingParameter', 'The parameter StartTime is required.']);
    assert.equal(r.errors.missing[2], 400);
    assert.equal(r.errors.statistic[0], 'InvalidParameterValue');
    assert.match(r.errors.statistic[1], /Statistics\.member\.1 must be a value in the set/);
    assert.equal(r.errors.datapoints[0], 'InvalidParameterCombination');
    assert.match(r.errors.datapoints[1], /requested up to 2880 datapoints/);
    assert.equal(r.errors.unknown[0], 'InvalidAction');
    assert.match(r.errors.unknown[1], /ListDashboards/);
  });
});
