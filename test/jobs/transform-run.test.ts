import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AwsError } from '../../src/server/aws/aws-error.js';
import { storeForUri } from '../../src/store/index.js';
import { PYTHON, sklearnMissing } from '../contracts/helpers.js';
import { writeRegressor } from '../serving/linear-fixture.js';
import { type KindHarness, kindHarness } from './kind-harness.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/abalone-sklearn/', import.meta.url));
const SERVE = join(EXAMPLE, 'serve', 'serve.py');
const missing = sklearnMissing();

function request(name: string, model: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    TransformJobName: name,
    ModelName: model,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/batch/' } },
      ContentType: 'text/csv',
      SplitType: 'Line',
    },
    TransformOutput: { S3OutputPath: `s3://results/${name}`, Accept: 'text/csv', AssembleWith: 'Line' },
    TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
    ...overrides,
  };
}

async function text(h: KindHarness, uri: string): Promise<string> {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri) as RegExpExecArray;
  return (await (await storeForUri(`s3://${bucket}`, h.storeOptions)).get(key)).toString('utf8');
}

describe('transform jobs run through the executor with the endpoints catalog model', () => {
  let h: KindHarness;
  before(async () => {
    h = await kindHarness('transform');
    const data = await storeForUri('s3://data', h.storeOptions);
    await data.put('batch/a.csv', '1,1\n2,0\n');
    await data.put('batch/more/b.csv', '0,3\n');
    const linear = await writeRegressor([1, 2], 0.5);
    await h.services.metadata.endpoints.createModel({
      name: 'linear',
      containers: [{ modelDataUrl: `${pathToFileURL(linear).href}/`, environment: {} }],
      inferenceMode: 'Serial',
      tags: [],
    });
  });
  after(async () => h?.close());

  test("the linear learner's predictions land at <S3OutputPath>/<input file>.out, as SageMaker writes them", async () => {
    const r = await h.run(request('linear-1', 'linear'));
    assert.equal(r.outcome.status, 'succeeded', `${r.outcome.error}\n${r.log}`);
    const results = await storeForUri('s3://results', h.storeOptions);
    assert.deepEqual((await results.list('linear-1/')).map((o) => o.key).sort(), [
      'linear-1/a.csv.out',
      'linear-1/more/b.csv.out',
    ]);
    const scores = (s: string) => s.trim().split('\n').map(Number);
    assert.deepEqual(scores(await text(h, 's3://results/linear-1/a.csv.out')), [3.5, 2.5]);
    assert.deepEqual(scores(await text(h, 's3://results/linear-1/more/b.csv.out')), [6.5]);

    const described = h.spec.describe(h.ended(r, 'Completed'), 'us-east-1');
    assert.equal(described.TransformJobArn, 'arn:aws:sagemaker:us-east-1:000000000000:transform-job/linear-1');
    assert.equal(described.TransformJobStatus, 'Completed');
    assert.equal(described.ModelName, 'linear');
    assert.deepEqual(described.TransformOutput, request('linear-1', 'linear').TransformOutput);
    assert.equal(typeof described.TransformStartTime, 'number');
    assert.equal(typeof described.TransformEndTime, 'number');
    assert.equal(described.FailureReason, undefined);
    const summary = h.spec.summary(h.ended(r, 'Completed'), 'us-east-1');
    assert.equal(summary.TransformJobStatus, 'Completed');
    assert.equal(summary.TransformJobName, 'linear-1');
  });

  test('DataProcessing joins each prediction to its record, and a file:// output path is a folder', async () => {
    const folder = join(h.root, 'joined');
    const r = await h.run(
      request('joined-1', 'linear', {
        DataProcessing: { InputFilter: '$', JoinSource: 'Input', OutputFilter: '$' },
        TransformOutput: { S3OutputPath: pathToFileURL(folder).href, Accept: 'text/csv', AssembleWith: 'Line' },
      }),
    );
    assert.equal(r.outcome.status, 'succeeded', `${r.outcome.error}\n${r.log}`);
    const { readFileSync } = await import('node:fs');
    assert.deepEqual(readFileSync(join(folder, 'a.csv.out'), 'utf8').trim().split('\n'), ['1,1,3.5', '2,0,2.5']);
  });

  test('an unknown ModelName fails the plan with SageMaker\'s "Could not find model"', async () => {
    await assert.rejects(
      h.run(request('nomodel-1', 'no-such-model')),
      (err: unknown) =>
        err instanceof AwsError && err.type === 'ValidationException' && /Could not find model "no-such-model"/.test(err.message),
    );
  });

  test('an inference pipeline model is refused, naming the model and the way out', async () => {
    const linear = await writeRegressor([1], 0);
    const container = { modelDataUrl: `${pathToFileURL(linear).href}/` };
    await h.services.metadata.endpoints.createModel({
      name: 'two',
      containers: [container, container],
      inferenceMode: 'Serial',
      tags: [],
    });
    await assert.rejects(h.run(request('pipeline-1', 'two')), {
      code: 'E_JOB_MODEL',
      message: /Model "two" is an inference pipeline of 2 containers/,
    });
  });

  describe('a scikit-learn model served by its own container (BYOC)', { skip: missing ?? false }, () => {
    let modelDir: string;
    let rows: string[];
    let expected: string[];
    before(async () => {
      const scratch = join(h.root, 'sklearn');
      const run = (args: string[]) => {
        const p = spawnSync(PYTHON, args, { cwd: h.root, encoding: 'utf8' });
        assert.equal(p.status, 0, p.stderr);
        return p.stdout;
      };
      run([join(EXAMPLE, 'code', 'preprocess.py'), '--input-dir', join(EXAMPLE, '../abalone/data'), '--output-dir', scratch]);
      modelDir = join(scratch, 'model');
      run([
        join(EXAMPLE, 'code', 'train_sklearn.py'),
        '--num_round',
        '10',
        '--train',
        join(scratch, 'train'),
        '--validation',
        join(scratch, 'validation'),
        '--model-dir',
        modelDir,
      ]);
      const script = [
        'import joblib, numpy as np',
        `test = np.loadtxt('${scratch}/test/test.csv', delimiter=',', ndmin=2)[:12]`,
        "print('\\n'.join(','.join(repr(v) for v in r[1:]) for r in test)); print('--')",
        `print('\\n'.join(repr(p) for p in joblib.load('${modelDir}/model.joblib').predict(test[:, 1:]).tolist()))`,
      ].join('\n');
      const [features, predictions] = run(['-c', script]).trim().split('\n--\n') as [string, string];
      rows = features.split('\n');
      expected = predictions.split('\n');
      const data = await storeForUri('s3://data', h.storeOptions);
      await data.put('abalone/test.csv', `${rows.join('\n')}\n`);
      await data.put('broken/test.csv', `${rows[0]}\n1,2,3\n`);
      await h.services.metadata.endpoints.createModel({
        name: 'abalone-sklearn',
        containers: [{ image: SERVE, modelDataUrl: `${pathToFileURL(modelDir).href}/`, environment: { GODWIT_PYTHON: PYTHON } }],
        inferenceMode: 'Serial',
        tags: [],
      });
    });

    const input = (uri: string) => ({
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri } },
      ContentType: 'text/csv',
      SplitType: 'Line',
    });

    test('two instances answer every record with what scikit-learn predicts; batch capture writes its manifests', async () => {
      const r = await h.run(
        request('byoc-1', 'abalone-sklearn', {
          TransformInput: input('s3://data/abalone/'),
          TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 2 },
          MaxConcurrentTransforms: 2,
          BatchStrategy: 'SingleRecord',
          DataCaptureConfig: { DestinationS3Uri: 's3://results/capture' },
        }),
      );
      assert.equal(r.outcome.status, 'succeeded', `${r.outcome.error}\n${r.log}`);
      assert.deepEqual((await text(h, 's3://results/byoc-1/test.csv.out')).trim().split('\n'), expected);
      const captured = await (await storeForUri('s3://results', h.storeOptions)).list('capture/');
      assert.ok(
        captured.some((o) => o.key.startsWith('capture/input/')),
        JSON.stringify(captured),
      );
      assert.ok(
        captured.some((o) => o.key.startsWith('capture/output/')),
        JSON.stringify(captured),
      );
    });

    test("a malformed record fails the job with the step's reason; nothing is written under the output path", async () => {
      const r = await h.run(request('byoc-broken', 'abalone-sklearn', { TransformInput: input('s3://data/broken/') }));
      assert.equal(r.outcome.status, 'failed');
      assert.match(String(r.outcome.error), /3 columns|features/);
      assert.deepEqual(await (await storeForUri('s3://results', h.storeOptions)).list('byoc-broken/'), []);
    });
  });
});
