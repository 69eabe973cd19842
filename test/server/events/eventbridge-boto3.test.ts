import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { eventsServer } from './events-fixture.js';

// A user's boto3 1.26 script: a scheduled rule and a pattern rule with targets, events put,
// rules listed page by page, and EventBridge's exceptions as boto3 raises them.
const SCRIPT = `
import json, sys, boto3
ev = boto3.client("events", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
out = {}
out["schedule"] = ev.put_rule(Name="nightly", ScheduleExpression="rate(1 day)")["RuleArn"]
ev.put_rule(Name="approved", EventPattern=json.dumps({"source": ["aws.sagemaker"]}), State="DISABLED")
ev.put_targets(Rule="approved", Targets=[{"Id": "sm", "Arn": "arn:aws:states:us-east-1:000000000000:stateMachine:deploy",
                                          "InputPath": "$.detail"}])
out["targets"] = [[t["Id"], t["InputPath"]] for t in ev.list_targets_by_rule(Rule="approved")["Targets"]]
names = []
for page in ev.get_paginator("list_rules").paginate(PaginationConfig={"PageSize": 1}):
    names += [[r["Name"], r["State"], r.get("ScheduleExpression")] for r in page["Rules"]]
out["rules"] = names
put = ev.put_events(Entries=[{"Source": "my.app", "DetailType": "Ping", "Detail": "{}"}])
out["failed"] = put["FailedEntryCount"]
errors = []
try:
    ev.describe_rule(Name="missing")
except ev.exceptions.ResourceNotFoundException as e:
    errors.append(e.response["Error"]["Code"])
try:
    ev.put_rule(Name="bad", ScheduleExpression="rate(1 hours)")
except ev.exceptions.ClientError as e:
    errors.append(e.response["Error"]["Code"])
try:
    ev.put_rule(Name="bad", EventPattern='{"source": "x"}')
except ev.exceptions.InvalidEventPatternException as e:
    errors.append(e.response["Error"]["Code"])
try:
    ev.create_event_bus(Name="default")
except ev.exceptions.ResourceAlreadyExistsException as e:
    errors.append(e.response["Error"]["Code"])
out["errors"] = errors
print(json.dumps(out))
`;

describe('EventBridge front door, through boto3 1.26', { skip }, () => {
  let f: Awaited<ReturnType<typeof eventsServer>>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await eventsServer();
  });
  after(async () => f?.close());

  test('rules, targets, events and errors as a boto3 script sees them', async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, f.server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    assert.equal(r.schedule, 'arn:aws:events:us-east-1:000000000000:rule/nightly');
    assert.deepEqual(r.targets, [['sm', '$.detail']]);
    assert.deepEqual(r.rules, [
      ['approved', 'DISABLED', null],
      ['nightly', 'ENABLED', 'rate(1 day)'],
    ]);
    assert.equal(r.failed, 0);
    assert.deepEqual(r.errors, [
      'ResourceNotFoundException',
      'ValidationException',
      'InvalidEventPatternException',
      'ResourceAlreadyExistsException',
    ]);
  });
});
