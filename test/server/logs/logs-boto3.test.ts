import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { logsServer } from './logs-fixture.js';

// A user's boto3 1.26 script reading a training job's log the way the SageMaker Python SDK's
// logs_for_job does (streams by the job's prefix, then GetLogEvents from the head with its
// forward token until it comes back unchanged), plus a paginated FilterLogEvents and an error.
const SCRIPT = `
import json, sys, boto3
logs = boto3.client("logs", endpoint_url=sys.argv[1], region_name="us-west-2",
                    aws_access_key_id="test", aws_secret_access_key="test")
group = "/aws/sagemaker/TrainingJobs"
streams = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="abalone-train/",
                                    orderBy="LogStreamName", limit=50)["logStreams"]
stream = streams[0]["logStreamName"]
lines, token, calls = [], None, 0
while True:
    kwargs = dict(logGroupName=group, logStreamName=stream, startTime=0, startFromHead=True, limit=2)
    if token:
        kwargs["nextToken"] = token
    page = logs.get_log_events(**kwargs)
    calls += 1
    lines += [e["message"] for e in page["events"]]
    if page["nextForwardToken"] == token:
        break
    token = page["nextForwardToken"]
filtered = []
for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group, filterPattern="epoch",
                                                             PaginationConfig={"PageSize": 1}):
    filtered += [[e["logStreamName"], e["message"]] for e in page["events"]]
groups = [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/aws/sagemaker/")["logGroups"]]
try:
    logs.get_log_events(logGroupName=group, logStreamName="missing/algo-1-0")
    error = None
except logs.exceptions.ResourceNotFoundException as e:
    error = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
print(json.dumps({"stream": stream, "lines": lines, "calls": calls, "filtered": filtered, "groups": groups, "error": error}))
`;

describe('CloudWatch Logs front door, through boto3 1.26', { skip }, () => {
  let f: Awaited<ReturnType<typeof logsServer>>;
  let url: string;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await logsServer();
    url = (await f.start()).url;
  });
  after(async () => f?.close());

  test("reads a training job's log as the SageMaker Python SDK does, filters it page by page", async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, url], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    assert.equal(r.stream, f.trainStream);
    assert.deepEqual(r.lines, [
      f.commandLine,
      'Starting training',
      'epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying',
      'epoch 2 loss=0.31',
      'Connection refused by the tracker',
      'Training complete',
    ]);
    assert.equal(r.calls, 4, 'three pages of two, then the same token back');
    assert.deepEqual(r.filtered, [
      [f.trainStream, 'epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying'],
      [f.trainStream, 'epoch 2 loss=0.31'],
    ]);
    assert.deepEqual(r.groups, [
      '/aws/sagemaker/Endpoints/churn',
      '/aws/sagemaker/ProcessingJobs',
      '/aws/sagemaker/TrainingJobs',
    ]);
    assert.equal(r.error[0], 'ResourceNotFoundException');
    assert.match(r.error[1], /missing\/algo-1-0 does not exist/);
  });
});
