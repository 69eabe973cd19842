import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fn, pipeline, processing } from '../../../src/pipeline/dsl/index.js';
import { localS3Credentials, localS3Endpoint, runUsesS3, s3StepEnv } from '../../../src/server/aws/s3/s3-endpoint.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { cli } from '../../cli/capture.js';
import { PYTHON, skipWithoutBoto3 as skip } from '../../helpers/boto3.js';
import { harness } from '../../helpers/harness.js';
import { scratchDir } from '../../helpers/scratch.js';

const VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

describe('which runs reach S3', () => {
  test('artifacts on s3://, or an s3:// URI anywhere in the pipeline', () => {
    assert.equal(runUsesS3('s3://bucket/runs', {}), true);
    assert.equal(runUsesS3(undefined, { steps: [{ process: { env: { DATA: 's3://b/k' } } }] }), true);
    assert.equal(runUsesS3('/home/me/artifacts', { steps: [{ process: { args: ['s3-like'] } }] }), false);
    assert.equal(runUsesS3(undefined, undefined), false);
  });
});

describe('steps receive the S3 endpoint in the standard variables', () => {
  test('a processing step process and a function step see them; a step of its own env still wins', async () => {
    const h = await harness();
    try {
      let seen: Readonly<NodeJS.ProcessEnv> = {};
      const envFile = join(scratchDir('godwit-s3-env-'), 'env.txt');
      const proc = processing('proc', {
        command: ['sh', '-c', `for v in ${VARIABLES.join(' ')}; do echo "$v=$(printenv $v)"; done > "${envFile}"`],
        env: { AWS_REGION: 'ap-south-1' },
      });
      const func = fn('func', {
        run: (ctx) => {
          seen = ctx.env;
        },
      });
      const local = await localS3Credentials(h.home.root);
      const stepEnv = s3StepEnv(localS3Endpoint('http://127.0.0.1:4999', local));
      const outcome = await h.run(pipeline('env-check', { steps: [proc, func] }), {}, { stepEnv });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const text = readFileSync(envFile, 'utf8');
      assert.match(text, /^AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:4999$/m);
      assert.match(text, /^AWS_ENDPOINT_URL_S3=http:\/\/127\.0\.0\.1:4999$/m);
      assert.match(text, /^AWS_ACCESS_KEY_ID=godwit$/m);
      assert.ok(text.includes(`\nAWS_SECRET_ACCESS_KEY=${local.secretAccessKey}\n`), "the home's own local S3 secret");
      assert.match(text, /^AWS_REGION=ap-south-1$/m, "the step's own env wins");
      assert.equal(seen.AWS_ENDPOINT_URL_S3, 'http://127.0.0.1:4999');
      assert.equal(seen.AWS_ACCESS_KEY_ID, 'godwit');
    } finally {
      await h.close();
    }
  });
});

describe('godwit run with s3:// data: boto3 steps reach the home server', { skip }, () => {
  const dir = scratchDir('godwit-s3-steps-');
  const home = join(dir, 'home');
  let server: RunningServer;
  before(async () => {
    const { godwitHome } = await import('../../../src/core/home.js');
    server = await startServer(godwitHome(home), { host: '127.0.0.1', port: 0, log: () => undefined });
  });
  after(async () => server?.stop());

  // boto3 1.26 ignores AWS_ENDPOINT_URL*, so the scripts read the variable themselves, as users do.
  const client = `import os, boto3; s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"])`;
  const PIPELINE = {
    apiVersion: 'godwit/v1',
    kind: 'Pipeline',
    name: 's3-steps',
    parameters: [],
    steps: [
      {
        name: 'write',
        type: 'processing',
        process: {
          command: [
            PYTHON,
            '-c',
            `${client}; s3.create_bucket(Bucket="step-data"); s3.put_object(Bucket="step-data", Key="hello.txt", Body=b"written by the run")`,
          ],
          env: { DATA: 's3://step-data/hello.txt' },
        },
        inputs: [],
        outputs: [],
      },
      {
        name: 'read',
        type: 'processing',
        dependsOn: ['write'],
        process: {
          command: [
            PYTHON,
            '-c',
            `${client}; body = s3.get_object(Bucket="step-data", Key="hello.txt")["Body"].read().decode(); print("read:", body, "region:", os.environ["AWS_REGION"]); assert body == "written by the run"`,
          ],
        },
        inputs: [],
        outputs: [],
      },
    ],
  };

  test('the endpoint, region and credentials reach the steps; the second step reads what the first wrote', async () => {
    writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(PIPELINE));
    // No AWS variable in Godwit's own environment: the run supplies them all.
    const r = await cli(['run', join(dir, 'pipeline.json'), '--json'], { GODWIT_HOME: home, PATH: process.env.PATH }, dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const runId = JSON.parse(r.stdout).id as string;
    const logs = await cli(['runs', 'logs', runId, 'read'], { GODWIT_HOME: home }, dir);
    assert.match(logs.stdout, /read: written by the run region: us-east-1/);
  });
});
