import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { scratchDir } from '../../helpers/scratch.js';

// A user's own script: put_object of bytes, upload_fileobj of a file big enough for s3transfer's
// multipart upload (its threshold is 8 MiB), each read back whole; prints SHA-256s.
const SCRIPT = `
import hashlib, json, sys, boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="boto-user", aws_secret_access_key="boto-secret")
s3.create_bucket(Bucket="boto-bucket")
small = open(sys.argv[2], "rb").read()
s3.put_object(Bucket="boto-bucket", Key="small.bin", Body=small)
with open(sys.argv[3], "rb") as f:
    s3.upload_fileobj(f, "boto-bucket", "dir/big.bin", Config=TransferConfig(multipart_chunksize=5 * 1024 * 1024))
sha = lambda key: hashlib.sha256(s3.get_object(Bucket="boto-bucket", Key=key)["Body"].read()).hexdigest()
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="boto-bucket")["Contents"]]
# botocore retries BadDigest (as it would against AWS); once is enough here.
once = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="boto-user",
                    aws_secret_access_key="boto-secret", config=Config(retries={"total_max_attempts": 1}))
try:
    once.put_object(Bucket="boto-bucket", Key="lied.bin", Body=b"abc", ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")
    lied = None
except once.exceptions.ClientError as e:
    lied = e.response["Error"]["Code"]
print(json.dumps({"small": sha("small.bin"), "big": sha("dir/big.bin"), "keys": keys, "lied": lied}))
`;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('S3 front door, through boto3', { skip }, () => {
  let server: RunningServer;
  const dir = scratchDir('godwit-s3-boto3-');
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    server = await startServer(godwitHome(join(dir, 'home')), {
      host: '127.0.0.1',
      port: 0,
      log: (l) => process.env.S3DOOR_DEBUG && console.error(l),
    });
  });
  after(async () => server?.stop());

  test('put_object and a multipart upload_fileobj come back byte-identical; a lying Content-MD5 is BadDigest', async () => {
    const small = randomBytes(100_001);
    const big = randomBytes(12 * 1024 * 1024 + 3);
    writeFileSync(join(dir, 'small.bin'), small);
    writeFileSync(join(dir, 'big.bin'), big);
    const child = spawn(PYTHON, ['-c', SCRIPT, server.url, join(dir, 'small.bin'), join(dir, 'big.bin')], {
      env: { PATH: process.env.PATH },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('close', r));
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.equal(result.small, sha(small));
    assert.equal(result.big, sha(big));
    assert.deepEqual(result.keys, ['dir/big.bin', 'small.bin']);
    assert.equal(result.lied, 'BadDigest');
  });
});
