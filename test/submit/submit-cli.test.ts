import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { compile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { GodwitError } from '../../src/core/errors.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { loadSdk } from '../../src/submit/submit-errors.js';
import { bodyJson, type FakeCloud, startFakeCloud } from './fake-cloud.js';
import { fakeSageMaker } from './fake-sagemaker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ABALONE = join(ROOT, 'examples/abalone/pipeline.ts');

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function godwit(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd: ROOT, env });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('godwit submit (command line)', () => {
  let cloud: FakeCloud;
  const saved = { ...process.env };

  before(async () => {
    cloud = await startFakeCloud(fakeSageMaker());
  });
  after(async () => {
    process.env = saved;
    await cloud.close();
  });

  test('--dry-run prints every request and the upload to-do list, and sends nothing', async () => {
    const r = await godwit(['submit', ABALONE, '--target', 'sagemaker', '--dry-run', '--param', 'mse_threshold=5.5']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Dry run: nothing was sent\./);
    for (const op of ['DescribePipeline', 'CreatePipeline', 'UpdatePipeline', 'StartPipelineExecution']) {
      assert.match(
        r.stdout,
        new RegExp(
          `\\d\\. SageMaker ${op}\\b[^\\n]*\\n   POST https://api\\.sagemaker\\.us-east-1\\.amazonaws\\.com/\\n   Content-Type: application/x-amz-json-1\\.1\\n   X-Amz-Target: SageMaker\\.${op}\\n`,
        ),
      );
    }
    assert.match(r.stdout, /"Name": "mse_threshold",\n\s+"Value": "5\.5"/);
    assert.match(r.stdout, /Godwit does not upload\nthem yet/);
    assert.match(
      r.stdout,
      /steps\/preprocess\.mjs → s3:\/\/sagemaker-us-east-1-123456789012\/godwit\/abalone\/code\/preprocess\/preprocess\.mjs/,
    );
    assert.equal(cloud.requests.length, 0);
  });

  test('--dry-run --json carries the compiled definition exactly', async () => {
    const r = await godwit(['submit', ABALONE, '--target', 'sagemaker', '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    const create = plan.requests.find((q: { operation: string }) => q.operation === 'CreatePipeline');
    const loaded = await loadPipelineFile(ABALONE);
    assert.deepEqual(JSON.parse(create.body.PipelineDefinition), compile(loaded.ir, 'sagemaker', BUILTIN_PROFILES.aws).document);
    assert.deepEqual(
      plan.uploads.map((u: { local: string }) => u.local),
      ['data/abalone.csv', 'steps/preprocess.mjs', 'steps/evaluate.mjs'],
    );
  });

  test('a real submission through the SDK with credentials from the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-env';
    const r = await godwit(['submit', ABALONE, '--target', 'sagemaker', '--endpoint', cloud.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Created pipeline "abalone" on sagemaker and started arn:aws:sagemaker:us-east-1:123456789012:pipeline\/abalone\/execution\/exec1\./,
    );
    assert.match(r.stderr, /To do before the run reaches them/);
    // Only SageMaker calls: the probe asking whether the endpoint is a Godwit server is not one.
    const sent = cloud.requests.splice(0).filter((r) => r.headers['x-amz-target']);
    assert.equal(sent.length, 3);
    assert.match(String(sent[0].headers.authorization), /Credential=AKIDFROMENV\//);
    assert.equal(bodyJson(sent[1]).PipelineName, 'abalone');
  });

  test('errors print as one line with exit code 2', async () => {
    const bad = await godwit(['submit', ABALONE, '--target', 'azure']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: Unknown target "azure"\. Usage: godwit submit FILE --target sagemaker\|vertex\|kfp/);
    const noEndpoint = await godwit(['submit', ABALONE, '--target', 'kfp', '--dry-run'], {
      ...process.env,
      GODWIT_KFP_ENDPOINT: '',
    });
    assert.equal(noEndpoint.code, 2);
    assert.equal(noEndpoint.stderr.trim().split('\n').length, 1);
    assert.match(noEndpoint.stderr, /needs the address of its API server/);
  });

  test('a missing SDK is an E_SDK_MISSING error with the install command', async () => {
    const missing = '@godwit-test/not-installed-sdk';
    await assert.rejects(
      loadSdk('vertex', '@google-cloud/aiplatform', () => import(missing)),
      (err: GodwitError) =>
        err.code === 'E_SDK_MISSING' &&
        err.message === 'Submitting to Vertex AI needs @google-cloud/aiplatform, which is not installed.' &&
        err.hint === 'Install it beside Godwit: npm install @google-cloud/aiplatform',
    );
  });
});
