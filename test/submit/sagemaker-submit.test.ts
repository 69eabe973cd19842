import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { GodwitError } from '../../src/core/errors.js';
import { type LoadedPipeline, loadPipelineFile } from '../../src/pipeline/load.js';
import { planSubmission, prepareSubmission, type SubmissionOptions, submitPipeline } from '../../src/submit/index.js';
import { bodyJson, type FakeCloud, startFakeCloud } from './fake-cloud.js';
import { ACCOUNT_ARN, fakeSageMaker } from './fake-sagemaker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AWS_KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const tokens = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

describe('godwit submit --target sagemaker (request level, against a local SageMaker stand-in)', () => {
  let cloud: FakeCloud;
  let abalone: LoadedPipeline;
  const options = (extra: Partial<SubmissionOptions> = {}): SubmissionOptions => ({
    endpoint: cloud.url,
    auth: { aws: AWS_KEYS },
    newToken: tokens(),
    ...extra,
  });

  before(async () => {
    cloud = await startFakeCloud(fakeSageMaker());
    abalone = await loadPipelineFile(join(ROOT, 'examples/abalone/pipeline.ts'));
  });
  after(() => cloud.close());

  test('a new pipeline: DescribePipeline (ResourceNotFound), CreatePipeline, StartPipelineExecution', async () => {
    const ctx = prepareSubmission(
      abalone.ir,
      'sagemaker',
      BUILTIN_PROFILES.aws,
      options({ params: ['mse_threshold=5.5', 'model_approval_status=Approved'] }),
    );
    const outcome = await submitPipeline(ctx);
    const sent = cloud.requests.splice(0);
    assert.deepEqual(
      sent.map((r) => r.headers['x-amz-target']),
      ['SageMaker.DescribePipeline', 'SageMaker.CreatePipeline', 'SageMaker.StartPipelineExecution'],
    );
    for (const r of sent) {
      assert.equal(r.method, 'POST');
      assert.equal(r.path, '/');
      assert.equal(r.headers['content-type'], 'application/x-amz-json-1.1');
      assert.match(
        String(r.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sagemaker\/aws4_request/,
      );
    }
    const create = bodyJson(sent[1]);
    assert.deepEqual(JSON.parse(String(create.PipelineDefinition)), ctx.compiled.document);
    assert.equal(create.PipelineName, 'abalone');
    assert.equal(create.RoleArn, BUILTIN_PROFILES.aws.role);
    assert.equal(create.PipelineDescription, abalone.ir.description);
    assert.equal(create.ClientRequestToken, '00000000-0000-4000-8000-000000000001');
    assert.deepEqual(bodyJson(sent[2]), {
      PipelineName: 'abalone',
      PipelineParameters: [
        { Name: 'mse_threshold', Value: '5.5' },
        { Name: 'model_approval_status', Value: 'Approved' },
      ],
      ClientRequestToken: '00000000-0000-4000-8000-000000000002',
    });
    assert.equal(outcome.action, 'created');
    assert.equal(outcome.execution, `${ACCOUNT_ARN}:pipeline/abalone/execution/exec1`);
    assert.deepEqual(
      outcome.sent.map((s) => s.operation),
      ['DescribePipeline', 'CreatePipeline', 'StartPipelineExecution'],
    );
  });

  test('the second submit of the same pipeline updates it', async () => {
    const ctx = prepareSubmission(abalone.ir, 'sagemaker', BUILTIN_PROFILES.aws, options());
    const outcome = await submitPipeline(ctx);
    const sent = cloud.requests.splice(0);
    assert.deepEqual(
      sent.map((r) => r.headers['x-amz-target']),
      ['SageMaker.DescribePipeline', 'SageMaker.UpdatePipeline', 'SageMaker.StartPipelineExecution'],
    );
    const update = bodyJson(sent[1]);
    assert.deepEqual(Object.keys(update).sort(), ['PipelineDefinition', 'PipelineDescription', 'PipelineName', 'RoleArn']);
    assert.deepEqual(JSON.parse(String(update.PipelineDefinition)), ctx.compiled.document);
    assert.deepEqual(bodyJson(sent[2]), { PipelineName: 'abalone', ClientRequestToken: '00000000-0000-4000-8000-000000000002' });
    assert.equal(outcome.action, 'updated');
  });

  test('the dry run lists exactly the bodies the SDK sends', async () => {
    const ctx = prepareSubmission(
      abalone.ir,
      'sagemaker',
      BUILTIN_PROFILES.aws,
      options({ name: 'abalone-dry', params: ['mse_threshold=7'] }),
    );
    const planned = planSubmission(ctx);
    const replay = prepareSubmission(
      abalone.ir,
      'sagemaker',
      BUILTIN_PROFILES.aws,
      options({ name: 'abalone-dry', params: ['mse_threshold=7'] }),
    );
    await submitPipeline(replay);
    const sent = cloud.requests.splice(0);
    const byTarget = new Map(sent.map((r) => [String(r.headers['x-amz-target']), bodyJson(r)]));
    for (const p of planned.filter((p) => p.operation !== 'UpdatePipeline')) {
      assert.equal(p.url, cloud.url);
      assert.equal(p.headers['X-Amz-Target'], `SageMaker.${p.operation}`);
      assert.deepEqual(byTarget.get(`SageMaker.${p.operation}`), p.body, p.operation);
    }
  });

  test('a service error becomes one E_SUBMIT paragraph naming the target, operation and message', async () => {
    const failing = await startFakeCloud(
      fakeSageMaker({
        fail: {
          CreatePipeline: {
            type: 'ValidationException',
            message: 'Role arn:aws:iam::123456789012:role/SageMakerExecutionRole cannot be assumed by SageMaker.',
          },
        },
      }),
    );
    try {
      const ctx = prepareSubmission(abalone.ir, 'sagemaker', BUILTIN_PROFILES.aws, { ...options(), endpoint: failing.url });
      await assert.rejects(submitPipeline(ctx), (err: GodwitError) => {
        assert.equal(err.code, 'E_SUBMIT');
        assert.equal(
          err.message,
          'SageMaker CreatePipeline failed for pipeline "abalone": ValidationException (HTTP 400): Role arn:aws:iam::123456789012:role/SageMakerExecutionRole cannot be assumed by SageMaker.',
        );
        assert.ok(!err.describe().includes('\n'));
        return true;
      });
      assert.deepEqual(
        failing.requests.map((r) => r.headers['x-amz-target']),
        ['SageMaker.DescribePipeline', 'SageMaker.CreatePipeline'],
      );
    } finally {
      await failing.close();
    }
  });

  test('an unreachable endpoint is an E_SUBMIT error that says so', async () => {
    const ctx = prepareSubmission(abalone.ir, 'sagemaker', BUILTIN_PROFILES.aws, {
      ...options(),
      endpoint: 'http://127.0.0.1:1',
    });
    await assert.rejects(
      submitPipeline(ctx),
      (err: GodwitError) =>
        err.code === 'E_SUBMIT' && /DescribePipeline/.test(err.message) && /could not reach/.test(err.hint ?? ''),
    );
  });

  test('a profile without a role, and a name SageMaker refuses, stop before any call', () => {
    const { role: _, ...noRole } = BUILTIN_PROFILES.aws;
    assert.throws(
      () => prepareSubmission(abalone.ir, 'sagemaker', { ...noRole, name: 'bare' }, options()),
      (err: GodwitError) =>
        err.code === 'E_SUBMIT_PROFILE' && err.message === 'Profile "bare" has no role, which submitting to SageMaker needs.',
    );
    assert.throws(
      () => prepareSubmission(abalone.ir, 'sagemaker', BUILTIN_PROFILES.aws, options({ name: 'my_pipeline' })),
      (err: GodwitError) =>
        err.code === 'E_SUBMIT' &&
        /not a valid SageMaker pipeline name/.test(err.message) &&
        /--name my-pipeline/.test(err.hint ?? ''),
    );
  });

  test('a local path for a data parameter is refused: the cloud cannot read this machine', () => {
    assert.throws(
      () => prepareSubmission(abalone.ir, 'sagemaker', BUILTIN_PROFILES.aws, options({ params: ['input_data=data/other.csv'] })),
      (err: GodwitError) => err.code === 'E_PARAMETER' && /--param input_data=s3:\/\/bucket\/path/.test(err.hint ?? ''),
    );
  });
});
