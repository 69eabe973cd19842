import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { scratchDir } from '../helpers/scratch.js';

// boto3 signs on its own (botocore's signer, not the JS SDK's): the server must accept it as it is. Debian's boto3
// 1.26 presigns S3 URLs with SigV2 unless told `signature_version="s3v4"`; Godwit serves SigV4 only.
const SCRIPT = `
import json, sys, urllib.request, urllib.error, boto3, botocore
url, key, secret = sys.argv[1:4]
def client(service, secret=secret):
    return boto3.client(service, endpoint_url=url, region_name="eu-west-1", aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}, signature_version="s3v4" if service == "s3" else None))
def code(call):
    try:
        call()
        return None
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
out = {}
out["endpoints"] = client("sagemaker").list_endpoints()["Endpoints"]
out["machines"] = client("stepfunctions").list_state_machines()["stateMachines"]
out["metrics"] = len(client("cloudwatch").list_metrics()["Metrics"])
s3 = client("s3")
s3.create_bucket(Bucket="boto-bucket")
s3.put_object(Bucket="boto-bucket", Key="k/é x.txt", Body=b"from boto3")
out["get"] = s3.get_object(Bucket="boto-bucket", Key="k/é x.txt")["Body"].read().decode()
presigned = s3.generate_presigned_url("get_object", Params={"Bucket": "boto-bucket", "Key": "k/é x.txt"}, ExpiresIn=120)
out["presigned"] = urllib.request.urlopen(presigned).read().decode()
try:
    urllib.request.urlopen(presigned.replace("X-Amz-Expires=120", "X-Amz-Expires=121"))
    out["tampered"] = 200
except urllib.error.HTTPError as e:
    out["tampered"] = e.code
out["wrong_sm"] = code(lambda: client("sagemaker", secret + "x").list_endpoints())
out["wrong_s3"] = code(lambda: client("s3", secret + "x").get_object(Bucket="boto-bucket", Key="k/é x.txt"))
out["wrong_cw"] = code(lambda: client("cloudwatch", secret + "x").list_metrics())
print(json.dumps(out))
`;

/** Authentication is what these tests are about: their principals may do anything (docs/governance.md, "Audit and policies"). */
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as const;

describe('the secured server, through boto3', { skip }, () => {
  let metadata: Metadata;
  let server: RunningServer;
  let key: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    const home = godwitHome(join(scratchDir('godwit-auth-boto3-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    await metadata.principals.create({ name: 'py', kind: 'user', policies: [EVERYTHING] });
    key = await metadata.principals.createAccessKey('py');
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test("boto3's signatures (header and presigned) are accepted with the key, refused with a wrong secret", async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, server.url, key.accessKeyId, key.secretAccessKey], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const r = JSON.parse(out);
    assert.deepEqual([r.endpoints, r.machines, r.get, r.presigned, r.tampered], [[], [], 'from boto3', 'from boto3', 403]);
    assert.equal(typeof r.metrics, 'number');
    assert.deepEqual(
      [r.wrong_sm, r.wrong_s3, r.wrong_cw],
      ['InvalidSignatureException', 'SignatureDoesNotMatch', 'InvalidSignatureException'],
    );
  });
});
