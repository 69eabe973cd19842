import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModelDir } from '../../serving/model-fixtures.js';

// A user's asynchronous inference script as AWS's guide writes it, with only endpoint_url added (boto3 1.26).
const SCRIPT = `
import json, sys, time, boto3
from botocore.config import Config
kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="godwit", aws_secret_access_key="godwit-local")
sm = boto3.client("sagemaker", **kw)
runtime = boto3.client("sagemaker-runtime", **kw)
s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}), **kw)
for bucket in ("inputs", "outputs"):
    s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket="inputs", Key="batch/rows.csv", Body=b"1\\n2\\n")
sm.create_model(ModelName="line", ExecutionRoleArn="arn:aws:iam::000000000000:role/local",
                PrimaryContainer={"Image": "godwit/linear-learner", "ModelDataUrl": sys.argv[2]})
sm.create_endpoint_config(EndpointConfigName="line-async",
    ProductionVariants=[{"VariantName": "variant1", "ModelName": "line", "InstanceType": "ml.m5.xlarge", "InitialInstanceCount": 1}],
    AsyncInferenceConfig={"OutputConfig": {"S3OutputPath": "s3://outputs/async",
                                           "NotificationConfig": {"SuccessTopic": "arn:aws:sns:us-east-1:000000000000:ok",
                                                                  "ErrorTopic": "arn:aws:sns:us-east-1:000000000000:bad"}},
                          "ClientConfig": {"MaxConcurrentInvocationsPerInstance": 4}})
sm.create_endpoint(EndpointName="line-async", EndpointConfigName="line-async")
sm.get_waiter("endpoint_in_service").wait(EndpointName="line-async", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
response = runtime.invoke_endpoint_async(EndpointName="line-async", InputLocation="s3://inputs/batch/rows.csv",
                                         InferenceId="py-1", ContentType="text/csv")
output_location = response["OutputLocation"]
bucket, key = output_location[len("s3://"):].split("/", 1)
for _ in range(300):
    try:
        output = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        break
    except s3.exceptions.NoSuchKey:
        time.sleep(0.1)
try:
    runtime.invoke_endpoint_async(EndpointName="nowhere", InputLocation="s3://inputs/batch/rows.csv")
    missing = None
except runtime.exceptions.ClientError as e:
    missing = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
try:
    runtime.invoke_endpoint_async(EndpointName="line-async", InputLocation="https://example.com/rows.csv")
    bad_uri = None
except runtime.exceptions.ClientError as e:
    bad_uri = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
print(json.dumps({"status": response["ResponseMetadata"]["HTTPStatusCode"], "id": response["InferenceId"],
                  "output_location": output_location, "output": output,
                  "config": sm.describe_endpoint_config(EndpointConfigName="line-async")["AsyncInferenceConfig"],
                  "missing": missing, "bad_uri": bad_uri}))
`;

describe('InvokeEndpointAsync through Debian boto3', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    server = await startServer(godwitHome(join(scratchDir('godwit-async-boto3-'), 'home')), {
      host: '127.0.0.1',
      port: 0,
      log: () => {},
    });
  });
  after(() => server?.stop());

  test('upload an input, create an asynchronous endpoint, invoke_endpoint_async, poll the output', async () => {
    const model = `${pathToFileURL(linearModelDir(scratchDir('godwit-async-boto3-model-'), [3], 1)).href}/`;
    const child = spawn(PYTHON, ['-c', SCRIPT, server.url, model], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.equal(result.status, 202);
    assert.equal(result.id, 'py-1');
    assert.equal(result.output_location, 's3://outputs/async/py-1.out');
    assert.deepEqual(result.output.trim().split('\n').map(Number), [4, 7]);
    assert.deepEqual(result.config, {
      ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
      OutputConfig: {
        S3OutputPath: 's3://outputs/async',
        NotificationConfig: {
          SuccessTopic: 'arn:aws:sns:us-east-1:000000000000:ok',
          ErrorTopic: 'arn:aws:sns:us-east-1:000000000000:bad',
        },
      },
    });
    assert.deepEqual(result.missing, ['ValidationError', 'Endpoint nowhere of account 000000000000 not found.']);
    assert.equal(result.bad_uri[0], 'ValidationError');
    assert.match(result.bad_uri[1], /Value 'https:\/\/example\.com\/rows\.csv' at 'inputLocation' failed to satisfy constraint/);
  });
});
