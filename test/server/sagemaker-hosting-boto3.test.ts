import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir } from '../serving/model-fixtures.js';

// A user's hosting script as written for SageMaker, with only endpoint_url added (boto3 1.26).
const SCRIPT = `
import json, sys, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
sm.create_model(ModelName="abalone", ExecutionRoleArn="arn:aws:iam::000000000000:role/local",
                PrimaryContainer={"Image": "godwit/linear-learner", "ModelDataUrl": sys.argv[2]})
sm.create_endpoint_config(EndpointConfigName="abalone-config", ProductionVariants=[
    {"VariantName": "A", "ModelName": "abalone", "InitialInstanceCount": 1, "InitialVariantWeight": 1, "InstanceType": "ml.m5.large"},
    {"VariantName": "B", "ModelName": "abalone", "InitialInstanceCount": 2, "InitialVariantWeight": 1, "InstanceType": "ml.m5.large"}],
    DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 50, "DestinationS3Uri": "s3://capture/",
                       "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]})
arn = sm.create_endpoint(EndpointName="abalone", EndpointConfigName="abalone-config")["EndpointArn"]
sm.get_waiter("endpoint_in_service").wait(EndpointName="abalone", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
sm.update_endpoint_weights_and_capacities(EndpointName="abalone",
    DesiredWeightsAndCapacities=[{"VariantName": "B", "DesiredWeight": 3}])
sm.get_waiter("endpoint_in_service").wait(EndpointName="abalone", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
described = sm.describe_endpoint(EndpointName="abalone")
try:
    sm.describe_model(ModelName="ghost")
    missing = None
except sm.exceptions.ClientError as e:
    missing = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
listed = [e["EndpointName"] for e in sm.list_endpoints(NameContains="aba")["Endpoints"]]
sm.delete_endpoint(EndpointName="abalone")
sm.get_waiter("endpoint_deleted").wait(EndpointName="abalone", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
print(json.dumps({"arn": arn, "status": described["EndpointStatus"],
                  "current": [[v["CurrentWeight"], v["CurrentInstanceCount"]] for v in described["ProductionVariants"]],
                  "capture": described["DataCaptureConfig"]["CurrentSamplingPercentage"],
                  "missing": missing, "listed": listed}))
`;

describe('SageMaker hosting actions, through boto3', { skip }, () => {
  let server: RunningServer;
  let metadata: Metadata;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    const home = godwitHome(join(scratchDir('godwit-hosting-boto3-'), 'home'));
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    metadata = await openMetadata(home, systemClock, {});
  });
  after(async () => {
    await metadata?.close();
    await server?.stop();
  });

  test('create a model, a config and an endpoint, wait for InService, change weights, delete', async () => {
    const model = `${pathToFileURL(linearModelDir(scratchDir('godwit-hosting-boto3-model-'), [1, 2], 0.5)).href}/`;
    const child = spawn(PYTHON, ['-c', SCRIPT, server.url, model], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.deepEqual(result, {
      arn: 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/abalone',
      status: 'InService',
      current: [
        [1, 1],
        [3, 2],
      ],
      capture: 50,
      missing: ['ValidationException', 'Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/ghost".'],
      listed: ['abalone'],
    });
    assert.equal(await metadata.endpoints.getEndpoint('abalone'), undefined);
  });
});
