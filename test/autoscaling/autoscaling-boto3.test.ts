import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { autoscalingFixture, instances } from './autoscaling-fixture.js';

// A user's autoscaling script as written for AWS, with only endpoint_url added (Debian boto3 1.26):
// register the variant, put a target-tracking policy, send load until a scale-out succeeds, read
// everything back, then clean up.
const SCRIPT = `
import json, sys, time, boto3
url = sys.argv[1]
kw = dict(endpoint_url=url, region_name="us-west-2", aws_access_key_id="test", aws_secret_access_key="test")
aas = boto3.client("application-autoscaling", **kw)
rt = boto3.client("sagemaker-runtime", **kw)
rid = "endpoint/shop/variant/A"
dim = "sagemaker:variant:DesiredInstanceCount"
aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=rid, ScalableDimension=dim, MinCapacity=1, MaxCapacity=2)
put = aas.put_scaling_policy(PolicyName="rpm", ServiceNamespace="sagemaker", ResourceId=rid, ScalableDimension=dim,
    PolicyType="TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration={"TargetValue": 2.0,
        "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
        "ScaleOutCooldown": 60, "ScaleInCooldown": 300})
deadline = time.time() + 120
done = None
while time.time() < deadline and done is None:
    for _ in range(20):
        rt.invoke_endpoint(EndpointName="shop", ContentType="text/csv", Body=b"1,2\\n")
    acts = aas.describe_scaling_activities(ServiceNamespace="sagemaker", ResourceId=rid)["ScalingActivities"]
    done = next((a for a in acts if a["StatusCode"] == "Successful"), None)
targets = aas.describe_scalable_targets(ServiceNamespace="sagemaker", ResourceIds=[rid])["ScalableTargets"]
policies = aas.describe_scaling_policies(ServiceNamespace="sagemaker", ResourceId=rid)["ScalingPolicies"]
aas.delete_scaling_policy(PolicyName="rpm", ServiceNamespace="sagemaker", ResourceId=rid, ScalableDimension=dim)
try:
    aas.delete_scaling_policy(PolicyName="rpm", ServiceNamespace="sagemaker", ResourceId=rid, ScalableDimension=dim)
    missing = None
except aas.exceptions.ObjectNotFoundException as e:
    missing = e.response["Error"]["Code"]
try:
    aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=rid, ScalableDimension=dim, MinCapacity=3, MaxCapacity=2)
    invalid = None
except aas.exceptions.ValidationException as e:
    invalid = e.response["Error"]["Message"]
aas.deregister_scalable_target(ServiceNamespace="sagemaker", ResourceId=rid, ScalableDimension=dim)
print(json.dumps({
    "policyArn": put["PolicyARN"], "alarms": [a["AlarmName"] for a in put["Alarms"]],
    "activity": done and {k: done[k] for k in ("Description", "Cause", "StatusCode", "StatusMessage")},
    "target": [targets[0]["MinCapacity"], targets[0]["MaxCapacity"]],
    "policy": [policies[0]["PolicyName"], policies[0]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]],
    "missing": missing, "invalid": invalid,
    "left": aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]}))
`;

describe('Application Auto Scaling through Debian boto3', { skip }, () => {
  let f: Awaited<ReturnType<typeof autoscalingFixture>>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    // A simulated minute per real second: a few requests a second are enough to breach a target of 2.
    f = await autoscalingFixture({ speed: 60, endpoints: ['shop'] });
  });
  after(() => f?.close());

  test('register, put a target-tracking policy, load the endpoint until it scales out, read back, clean up', async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, f.server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const r = JSON.parse(out);
    assert.match(
      r.policyArn,
      /^arn:aws:autoscaling:.*:scalingPolicy:.*:resource\/sagemaker\/endpoint\/shop\/variant\/A:policyName\/rpm$/,
    );
    assert.equal(r.alarms.length, 2);
    assert.deepEqual(r.activity, {
      Description: 'Setting desired instance count to 2.',
      Cause: `monitor alarm ${r.alarms[0]} in state ALARM triggered policy rpm`,
      StatusCode: 'Successful',
      StatusMessage: 'Successfully set desired instance count to 2. Change successfully fulfilled by sagemaker.',
    });
    assert.deepEqual([r.target, r.policy, r.missing, r.left], [[1, 2], ['rpm', 2], 'ObjectNotFoundException', []]);
    assert.match(r.invalid, /Maximum capacity 2 cannot be less than minimum capacity 3/);
    // The scale-out was real: the server runs two workers for the variant.
    assert.equal(await instances(f.server.url, 'shop'), 2);
  });
});
