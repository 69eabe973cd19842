/**
 * The Step Functions door through boto3 1.26 (Debian's), as a user's script calls it: create,
 * start, wait, history, a paginator, StartSyncExecution (host prefix off), stop, and an error
 * raised as boto3's modelled exception.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { MACHINES, ROLE, sfnServer } from './sfn-fixture.js';

const SCRIPT = `
import json, sys, time, boto3
from botocore.config import Config
url, definitions, role = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
sfn = boto3.client("stepfunctions", endpoint_url=url, region_name="us-east-1",
                   aws_access_key_id="godwit", aws_secret_access_key="godwit-local",
                   config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))
hello = sfn.create_state_machine(name="hello", definition=json.dumps(definitions["hello"]), roleArn=role)["stateMachineArn"]
waiter = sfn.create_state_machine(name="waiter", definition=json.dumps(definitions["waiter"]), roleArn=role)["stateMachineArn"]
quick = sfn.create_state_machine(name="quick", definition=json.dumps(definitions["hello"]), roleArn=role, type="EXPRESS")["stateMachineArn"]
run = sfn.start_execution(stateMachineArn=hello, name="py", input=json.dumps({"who": "boto3"}))["executionArn"]
while True:
    d = sfn.describe_execution(executionArn=run)
    if d["status"] != "RUNNING":
        break
    time.sleep(0.05)
events = []
for page in sfn.get_paginator("get_execution_history").paginate(executionArn=run, PaginationConfig={"PageSize": 2}):
    events += page["events"]
machines = [m["name"] for page in sfn.get_paginator("list_state_machines").paginate() for m in page["stateMachines"]]
sync = sfn.start_sync_execution(stateMachineArn=quick, input=json.dumps({"who": "sync"}))
nap = sfn.start_execution(stateMachineArn=waiter)["executionArn"]
time.sleep(0.2)
sfn.stop_execution(executionArn=nap, cause="enough")
while sfn.describe_execution(executionArn=nap)["status"] == "RUNNING":
    time.sleep(0.05)
try:
    sfn.describe_execution(executionArn=hello.replace(":stateMachine:", ":execution:") + ":missing")
    error = None
except sfn.exceptions.ExecutionDoesNotExist as e:
    error = e.response["Error"]["Code"]
print(json.dumps({
    "status": d["status"], "output": json.loads(d["output"]), "started": d["startDate"].timestamp(),
    "types": [e["type"] for e in events], "ids": [e["id"] for e in events],
    "entered": events[1]["stateEnteredEventDetails"]["name"], "machines": sorted(machines),
    "sync": [sync["status"], json.loads(sync["output"])],
    "stopped": sfn.describe_execution(executionArn=nap)["status"], "error": error,
}))
`;

describe('Step Functions door, through boto3 1.26', { skip }, () => {
  let f: Awaited<ReturnType<typeof sfnServer>>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await sfnServer('godwit-sfn-boto3-');
  });
  after(() => f?.close());

  test("a boto3 script creates, runs, reads history, syncs, stops, and gets Step Functions' errors", async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, f.server.url, JSON.stringify(MACHINES), ROLE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const r = JSON.parse(out);
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { who: 'boto3', said: { greeting: 'hello' } });
    assert.ok(Math.abs(r.started * 1000 - Date.now()) < 120_000, 'startDate read as a datetime');
    assert.equal(r.types[0], 'ExecutionStarted');
    assert.equal(r.types.at(-1), 'ExecutionSucceeded');
    assert.deepEqual(
      r.ids,
      r.types.map((_: string, i: number) => i + 1),
    );
    assert.equal(r.entered, 'Greet');
    assert.deepEqual(r.machines, ['hello', 'quick', 'waiter']);
    assert.deepEqual(r.sync, ['SUCCEEDED', { who: 'sync', said: { greeting: 'hello' } }]);
    assert.equal(r.stopped, 'ABORTED');
    assert.equal(r.error, 'ExecutionDoesNotExist');
  });
});
