import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { experimentFixture, shadowScore } from './experiment-fixture.js';

// A shadow test as a boto3 user writes it for SageMaker, with only endpoint_url added (boto3 1.26):
// create the experiment, wait for Running, send traffic, stop it promoting the shadow with two
// instances, wait for Completed, check what production serves.
const SCRIPT = `
import json, sys, time, datetime, boto3
kw = dict(endpoint_url=sys.argv[1], region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")
sm, rt = boto3.client("sagemaker", **kw), boto3.client("sagemaker-runtime", **kw)
end = datetime.datetime.fromtimestamp(float(sys.argv[2]), tz=datetime.timezone.utc)
infra = lambda n: {"InfrastructureType": "RealTimeInference", "RealTimeInferenceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": n}}
def experiment(name, pct):
    return dict(Name=name, Type="ShadowMode", RoleArn="arn:aws:iam::000000000000:role/shadow", EndpointName="boto",
                Schedule={"EndTime": end},
                ModelVariants=[{"ModelName": "linear", "VariantName": "AllTraffic", "InfrastructureConfig": infra(1)},
                               {"ModelName": "xgb", "VariantName": "Shadow", "InfrastructureConfig": infra(1)}],
                ShadowModeConfig={"SourceModelVariantName": "AllTraffic",
                                  "ShadowModelVariants": [{"ShadowModelVariantName": "Shadow", "SamplingPercentage": pct}]})
def wait(name, status):
    for _ in range(3000):
        d = sm.describe_inference_experiment(Name=name)
        if d["Status"] == status: return d
        time.sleep(0.02)
    raise SystemExit(name + " is " + d["Status"])
def code(call):
    try:
        call()
    except sm.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
arn = sm.create_inference_experiment(**experiment("boto-shadow", 100))["InferenceExperimentArn"]
running = wait("boto-shadow", "Running")
for a in range(10):
    rt.invoke_endpoint(EndpointName="boto", ContentType="text/csv", Body="%d,1\\n" % a)
listed = [e["Name"] for e in sm.list_inference_experiments(NameContains="boto")["InferenceExperiments"]]
sm.stop_inference_experiment(Name="boto-shadow", ModelVariantActions={"AllTraffic": "Remove", "Shadow": "Promote"},
    DesiredModelVariants=[{"ModelName": "xgb", "VariantName": "Shadow", "InfrastructureConfig": infra(2)}],
    DesiredState="Completed", Reason="promoted from boto3")
done = wait("boto-shadow", "Completed")
endpoint = sm.describe_endpoint(EndpointName="boto")
answer = rt.invoke_endpoint(EndpointName="boto", ContentType="text/csv", Body="7,1\\n")
print(json.dumps({
    "arn": arn, "running": [v["Status"] for v in running["ModelVariants"]], "listed": listed,
    "done": [done["Status"], done["StatusReason"], [v["Status"] for v in done["ModelVariants"]]],
    "production": [[v["VariantName"], v["CurrentInstanceCount"]] for v in endpoint["ProductionVariants"]],
    "answer": [answer["InvokedProductionVariant"], answer["Body"].read().decode()],
    "ghost": code(lambda: sm.describe_inference_experiment(Name="ghost")),
    "sampling": code(lambda: sm.create_inference_experiment(**experiment("too-much", 101))),
    "again": code(lambda: sm.stop_inference_experiment(Name="boto-shadow", ModelVariantActions={"Shadow": "Remove"})),
}))
`;

describe('a shadow test through boto3', { skip }, () => {
  let f: Awaited<ReturnType<typeof experimentFixture>>;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await experimentFixture(600);
    await f.endpoint('boto');
  });
  after(() => f?.close());

  test('create, wait for Running, stop promoting the shadow, and the endpoint serves it', async () => {
    const end = (f.clock.now().getTime() + 6 * 3_600_000) / 1000;
    const child = spawn(PYTHON, ['-c', SCRIPT, f.server.url, String(end)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let [out, err] = ['', ''];
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(status, 0, err);
    assert.deepEqual(JSON.parse(out), {
      arn: 'arn:aws:sagemaker:eu-west-1:000000000000:inference-experiment/boto-shadow',
      running: ['InService', 'InService'],
      listed: ['boto-shadow'],
      done: ['Completed', 'promoted from boto3', ['Deleted', 'InService']],
      production: [['Shadow', 2]],
      answer: ['Shadow', String(shadowScore(7, 1))],
      ghost: 'ResourceNotFound',
      sampling: 'ValidationException',
      again: 'ConflictException',
    });
  });
});
