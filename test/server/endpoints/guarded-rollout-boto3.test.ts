import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { errorAlarm, rolloutFixture } from '../../serving/rollout/rollout-fixture.js';

// AWS's canary example for deployment guardrails, with only endpoint_url added (boto3 1.26).
const SCRIPT = `
import json, sys, time, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
try:
    sm.update_endpoint(EndpointName="py", EndpointConfigName="py-v2", DeploymentConfig={
        "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600,
            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 60}}}})
    refused = None
except sm.exceptions.ClientError as e:
    refused = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
sm.update_endpoint(EndpointName="py", EndpointConfigName="py-v2", DeploymentConfig={
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 30},
                                        "WaitIntervalInSeconds": 600},
        "TerminationWaitInSeconds": 600, "MaximumExecutionTimeoutInSeconds": 14400},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "py-5xx"}]}})
baking = None
for _ in range(500):
    d = sm.describe_endpoint(EndpointName="py")
    variants = d.get("PendingDeploymentSummary", {}).get("ProductionVariants", [])
    if variants and variants[0]["VariantStatus"][0]["Status"] == "Baking":
        baking = [d["EndpointStatus"], d["EndpointConfigName"], variants[0]["VariantStatus"][0]["StatusMessage"],
                  variants[0]["CurrentWeight"]]
        break
    time.sleep(0.01)
sm.get_waiter("endpoint_in_service").wait(EndpointName="py", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
done = sm.describe_endpoint(EndpointName="py")
print(json.dumps({"refused": refused, "baking": baking, "config": done["EndpointConfigName"],
                  "last": done["LastDeploymentConfig"], "failure": done.get("FailureReason")}))
`;

describe('guarded rollouts from a boto3 script (Debian boto3 1.26)', { skip }, () => {
  let f: Awaited<ReturnType<typeof rolloutFixture>>;
  before(async () => {
    f = await rolloutFixture(600);
    const variant = (name: string) => ({
      variantName: name,
      modelName: 'good',
      initialInstanceCount: 2,
      initialVariantWeight: 1,
    });
    await f.host.endpoints.createEndpointConfig({
      name: 'py-v1',
      productionVariants: [variant('blue')],
      shadowVariants: [],
      tags: [],
    });
    await f.host.endpoints.createEndpointConfig({
      name: 'py-v2',
      productionVariants: [variant('green')],
      shadowVariants: [],
      tags: [],
    });
    await f.host.alarms.put(errorAlarm('py-5xx', 'py', 'green'));
    await f.host.endpoints.createEndpoint('py', 'py-v1');
    while ((await f.host.endpoints.getEndpoint('py'))?.status !== 'InService') await new Promise((r) => setTimeout(r, 20));
  });
  after(() => f?.close());

  test("AWS's canary example runs unchanged: refused sizes, Baking progress, LastDeploymentConfig", async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, f.server.url]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('close', r));
    assert.equal(code, 0, err);
    const r = JSON.parse(out);
    assert.equal(r.refused[0], 'ValidationException');
    assert.match(
      r.refused[1],
      /CanarySize 60% at 'deploymentConfig\.blueGreenUpdatePolicy\.trafficRoutingConfiguration\.canarySize'/,
    );
    assert.deepEqual(r.baking.slice(0, 2), ['Updating', 'py-v1']);
    assert.match(
      r.baking[2],
      /^Baking for 600 seconds \(WaitIntervalInSeconds\) with traffic enabled on (canary capacity of 1 instance\(s\)|full capacity of 2 instance\(s\))\.$/,
    );
    assert.equal(r.config, 'py-v2');
    assert.equal(r.failure, null);
    assert.deepEqual(r.last, {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: 'CANARY',
          WaitIntervalInSeconds: 600,
          CanarySize: { Type: 'CAPACITY_PERCENT', Value: 30 },
        },
        TerminationWaitInSeconds: 600,
        MaximumExecutionTimeoutInSeconds: 14400,
      },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'py-5xx' }] },
    });
  });
});
