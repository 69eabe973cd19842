/**
 * Images resolved by the image map, run for real under the SageMaker training contract: the
 * scikit-learn framework image with a script from a real sourcedir.tar.gz in S3, the built-in
 * XGBoost algorithm on abalone data with Python's xgboost, Godwit's own image, and an `images:`
 * entry of godwit.config.yaml.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { GodwitConfig } from '../../../src/config/config.js';
import { checkImages } from '../../../src/config/config-images.js';
import { type ImageContext, type ImageRequest, type LocalImage, resolveImage } from '../../../src/jobs/image-map.js';
import { loadXgboostModel, predictXgboost } from '../../../src/ml/xgboost/index.js';
import { pipeline, processing, training } from '../../../src/pipeline/dsl/index.js';
import { storeForUri } from '../../../src/store/index.js';
import { bwrapSkip, type ContractHarness, contractHarness, type Mode, PYTHON, sklearnMissing } from '../../contracts/helpers.js';
import { startS3rver, type TestS3Server } from '../../helpers/s3-server.js';
import { scratchDir } from '../../helpers/scratch.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/images/', import.meta.url));
const SKLEARN_CODE = fileURLToPath(new URL('../../../examples/abalone-sklearn/code/', import.meta.url));
const ECR = '683313688378.dkr.ecr.us-east-1.amazonaws.com';
const missing = sklearnMissing();

const CONFIG: GodwitConfig = {
  home: '/nonexistent',
  server: { port: 0 },
  s3: {},
  gcs: {},
  warehouses: {},
  profiles: {},
  files: [],
};

describe('images run under the SageMaker contracts', { skip: missing ? `skipped: ${missing}` : false }, () => {
  let h: ContractHarness;
  let s3: TestS3Server;
  let context: ImageContext;
  before(async () => {
    h = await contractHarness();
    for (const channel of ['train', 'validation']) {
      mkdirSync(join(h.base, 'data', channel), { recursive: true });
      copyFileSync(join(FIXTURES, `abalone-${channel}.csv`), join(h.base, 'data', channel, `${channel}.csv`));
    }
    s3 = await startS3rver(['sagemaker-us-east-1-123456789012']);
    const storeOptions = { s3: { endpoint: s3.endpoint }, env: { ...s3.env }, home: h.home.root };
    // The job's staging folder is the plan's baseDir: here the harness's pipeline folder.
    context = { config: CONFIG, stagingDir: h.base, storeOptions, hostEnv: { GODWIT_PYTHON: PYTHON } };
  });
  after(async () => h.close());

  async function train(local: LocalImage, name = 'train', mode: Mode = 'none') {
    const step = training(name, {
      process: local.process,
      hyperparameters: local.hyperparameters,
      inputs: { train: 'data/train', validation: 'data/validation' },
      metricDefinitions: local.metricDefinitions,
    });
    const outcome = await h.run(pipeline(`images-${name}`, { steps: [step] }), {}, mode);
    return { outcome, metrics: await h.metrics(outcome.runId, name) };
  }

  /** The files of the model.tar.gz a training step made, unpacked into a folder of their own. */
  async function unpackedModel(runId: string, step: string): Promise<string> {
    const dir = scratchDir('godwit-images-model-');
    execFileSync('tar', ['-xzf', join(await h.artifactDir(runId, step, 'model'), 'model.tar.gz'), '-C', dir]);
    return dir;
  }

  test('the scikit-learn image runs sagemaker_program from a sourcedir.tar.gz in S3 with the configured Python', async () => {
    const tarball = join(scratchDir('godwit-images-src-'), 'sourcedir.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', SKLEARN_CODE, '.']);
    const bucket = await storeForUri('s3://sagemaker-us-east-1-123456789012', context.storeOptions);
    await bucket.putFile('abalone-sklearn-2026/source/sourcedir.tar.gz', tarball);
    // As the SageMaker Python SDK writes an SKLearn estimator's hyperparameters: every value json.dumps'd.
    const request: ImageRequest = {
      image: `${ECR}/sagemaker-scikit-learn:1.2-1-cpu-py3`,
      use: 'training',
      hyperparameters: {
        num_round: '20',
        max_depth: '3',
        eta: '0.3',
        objective: '"reg:squarederror"',
        sagemaker_program: '"train_sklearn.py"',
        sagemaker_submit_directory: '"s3://sagemaker-us-east-1-123456789012/abalone-sklearn-2026/source/sourcedir.tar.gz"',
        sagemaker_container_log_level: '20',
        sagemaker_region: '"us-east-1"',
      },
    };
    const local = await resolveImage(request, context);
    assert.equal(local.mappedBy, 'sagemaker-scikit-learn');
    assert.deepEqual(local.hyperparameters, { num_round: 20, max_depth: 3, eta: 0.3, objective: 'reg:squarederror' });
    const withMetrics = {
      ...local,
      metricDefinitions: [{ name: 'validation:rmse', regex: 'validation-rmse:([0-9.]+)' }],
    };
    const { outcome, metrics } = await train(withMetrics, 'sklearn');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.ok(metrics['validation:rmse'] > 0 && metrics['validation:rmse'] < 4, JSON.stringify(metrics));
    assert.deepEqual(readdirSync(await unpackedModel(outcome.runId, 'sklearn')), ['model.joblib']);
    // The script saw its hyperparameters as arguments, decoded, with 20 rounds logged.
    assert.match(await h.log(outcome.runId, 'sklearn'), /\[19\]\ttrain-rmse:/);
  });

  test('the XGBoost algorithm image trains with Python xgboost and writes a model XGBoost and Godwit both load', async () => {
    const request: ImageRequest = {
      image: '246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1',
      use: 'training',
      hyperparameters: { objective: 'reg:squarederror', num_round: '25', max_depth: '4', eta: '0.3', seed: '1' },
    };
    const local = await resolveImage(request, context);
    assert.equal(local.mappedBy, 'sagemaker-xgboost (algorithm)');
    const { outcome, metrics } = await train(local, 'xgb');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.ok(metrics['train:rmse'] < metrics['validation:rmse'] + 1, JSON.stringify(metrics));
    assert.ok(metrics['validation:rmse'] > 0.5 && metrics['validation:rmse'] < 4, JSON.stringify(metrics));
    const dir = await unpackedModel(outcome.runId, 'xgb');
    assert.deepEqual(readdirSync(dir), ['xgboost-model']);
    // Godwit's XGBoost reader and XGBoost itself predict the same for the first validation row.
    const row = [0, 1, 0, 0.53, 0.42, 0.135, 0.677, 0.2565, 0.1415, 0.21];
    const model = await loadXgboostModel(join(dir, 'xgboost-model'));
    const godwit = predictXgboost(model, [row]).values[0];
    const python = spawnSync(
      PYTHON,
      [
        '-c',
        'import sys, json, numpy, xgboost; b = xgboost.Booster(model_file=sys.argv[1]); print(json.dumps(b.predict(xgboost.DMatrix(numpy.array([json.loads(sys.argv[2])]))).tolist()))',
        join(dir, 'xgboost-model'),
        JSON.stringify(row),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(python.status, 0, python.stderr);
    const [fromXgboost] = JSON.parse(python.stdout) as number[];
    assert.ok(Math.abs(Number(godwit) - fromXgboost) < 1e-4, `${godwit} vs ${fromXgboost}`);
  });

  test('the XGBoost algorithm without num_round fails with the reason in /opt/ml/output/failure', async () => {
    const local = await resolveImage(
      { image: `${ECR}/sagemaker-xgboost:1.7-1`, use: 'training', hyperparameters: { objective: 'reg:squarederror' } },
      context,
    );
    const { outcome } = await train(local, 'xgb-bad');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /Missing required hyperparameter: num_round/);
  });

  test("Godwit's own image runs the built-in linear learner", async () => {
    const local = await resolveImage(
      { image: 'godwit/builtin', use: 'training', hyperparameters: { predictor_type: 'regressor', epochs: '5' } },
      context,
    );
    const { outcome, metrics } = await train(local, 'linear');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.ok(readdirSync(await unpackedModel(outcome.runId, 'linear')).includes('model.json'));
    assert.ok(Number.isFinite(metrics['validation:mse']), JSON.stringify(metrics));
  });

  test("inside bubblewrap the XGBoost algorithm and Godwit's image run too (the server sandboxes jobs when it can)", {
    skip: bwrapSkip,
  }, async () => {
    const xgb = await resolveImage(
      { image: `${ECR}/xgboost:1`, use: 'training', hyperparameters: { objective: 'reg:squarederror', num_round: '5' } },
      context,
    );
    const sandboxed = await train(xgb, 'xgb-bwrap', 'bwrap');
    assert.equal(sandboxed.outcome.status, 'succeeded', sandboxed.outcome.error);
    assert.ok(Number.isFinite(sandboxed.metrics['validation:rmse']), JSON.stringify(sandboxed.metrics));
    const godwit = await resolveImage(
      { image: 'godwit/builtin', use: 'training', hyperparameters: { predictor_type: 'regressor', epochs: '2' } },
      context,
    );
    const linear = await train(godwit, 'linear-bwrap', 'bwrap');
    assert.equal(linear.outcome.status, 'succeeded', linear.outcome.error);
  });

  test('a processing job with the scikit-learn image runs its ContainerEntrypoint on the staged code, /opt/ml paths and all', async () => {
    writeFileSync(
      join(h.base, 'prep.py'),
      // Paths come as arguments: outside bubblewrap only the command line's /opt/ml paths are rewritten.
      'import sys, sklearn\ninput, output, *rest = sys.argv[1:]\nrows = open(input + "/train.csv").read().count("\\n")\n' +
        'open(output + "/summary.txt", "w").write(f"{rows} rows, sklearn {sklearn.__version__}, {rest}")\n',
    );
    const local = await resolveImage(
      {
        image: `${ECR}/sagemaker-scikit-learn:1.2-1-cpu-py3`,
        use: 'processing',
        entrypoint: ['python3', '/opt/ml/processing/input/code/prep.py'],
        arguments: ['/opt/ml/processing/input/data', '/opt/ml/processing/output', '--split', '0.2'],
      },
      context,
    );
    const step = processing('prep', {
      ...local.process,
      inputs: {
        code: { source: 'prep.py', destination: '/opt/ml/processing/input/code' },
        data: { source: 'data/train', destination: '/opt/ml/processing/input/data' },
      },
      outputs: { summary: { type: 'fileset', source: '/opt/ml/processing/output' } },
    });
    const outcome = await h.run(pipeline('images-prep', { steps: [step] }));
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const summary = execFileSync('cat', [join(await h.artifactDir(outcome.runId, 'prep', 'summary'), 'summary.txt')], {
      encoding: 'utf8',
    });
    assert.match(summary, /^600 rows, sklearn 1\.\d+\.\d+, \['--split', '0\.2'\]$/);
  });

  for (const mode of ['none', 'bwrap'] as const) {
    test(`a FrameworkProcessor job's runproc.sh runs its entry point from sourcedir.tar.gz with the configured Python (${mode})`, {
      skip: mode === 'bwrap' ? bwrapSkip : false,
    }, async () => {
      const src = join(scratchDir('godwit-images-fp-'), 'src');
      mkdirSync(src, { recursive: true });
      writeFileSync(join(src, 'helpers.py'), 'def count(path):\n    return open(path).read().count("\\n")\n');
      writeFileSync(
        join(src, 'preprocess.py'),
        'import sys, sklearn, helpers\ninput, output = sys.argv[1:]\n' +
          'open(output + "/summary.txt", "w").write(f"{helpers.count(input + \'/train.csv\')} rows, sklearn {sklearn.__version__}")\n',
      );
      mkdirSync(join(h.base, `fp-${mode}`, 'code'), { recursive: true });
      mkdirSync(join(h.base, `fp-${mode}`, 'entrypoint'), { recursive: true });
      execFileSync('tar', ['-czf', join(h.base, `fp-${mode}`, 'code', 'sourcedir.tar.gz'), '-C', src, '.']);
      // What the SageMaker Python SDK's FrameworkProcessor uploads as its entry point.
      writeFileSync(
        join(h.base, `fp-${mode}`, 'entrypoint', 'runproc.sh'),
        '#!/bin/bash\n\ncd /opt/ml/processing/input/code/\ntar -xzf sourcedir.tar.gz\n\n# Exit on any error. SageMaker uses error code to mark failed job.\nset -e\n\n' +
          'if [[ -f \'requirements.txt\' ]]; then\n    pip uninstall --yes typing\n    pip install -r requirements.txt\nfi\n\npython preprocess.py "$@"\n',
      );
      const local = await resolveImage(
        {
          image: `${ECR}/sagemaker-scikit-learn:1.2-1-cpu-py3`,
          use: 'processing',
          entrypoint: ['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh'],
          arguments: ['/opt/ml/processing/input/data', '/opt/ml/processing/output'],
        },
        context,
      );
      const step = processing('fp', {
        ...local.process,
        inputs: {
          code: { source: `fp-${mode}/code`, destination: '/opt/ml/processing/input/code' },
          entrypoint: { source: `fp-${mode}/entrypoint`, destination: '/opt/ml/processing/input/entrypoint' },
          data: { source: 'data/train', destination: '/opt/ml/processing/input/data' },
        },
        outputs: { summary: { type: 'fileset', source: '/opt/ml/processing/output' } },
      });
      const outcome = await h.run(pipeline(`images-fp-${mode}`, { steps: [step] }), {}, mode);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const summary = execFileSync('cat', [join(await h.artifactDir(outcome.runId, 'fp', 'summary'), 'summary.txt')], {
        encoding: 'utf8',
      });
      assert.match(summary, /^600 rows, sklearn 1\.\d+\.\d+$/);
    });
  }

  test('an images: entry of godwit.config.yaml runs its own command', async () => {
    writeFileSync(
      join(h.base, 'train.sh'),
      '#!/bin/sh\n# A BYOC-style program: the hyperparameters file and a channel, as a container sees them.\n' +
        'cat "$SM_INPUT_CONFIG_DIR/hyperparameters.json" > "$SM_MODEL_DIR/seen.json"\n' +
        'wc -l < "$SM_CHANNEL_TRAIN/train.csv" > "$SM_MODEL_DIR/rows.txt"\necho "args: $*"\n',
      { mode: 0o755 },
    );
    const config = {
      ...CONFIG,
      images: checkImages(
        parse('images:\n  "registry.example/churn/":\n    command: [./train.sh, train]\n').images,
        join(h.base, 'godwit.config.yaml'),
      ),
    };
    const local = await resolveImage(
      { image: 'registry.example/churn/trainer:7', use: 'training', hyperparameters: { epochs: '3' } },
      { ...context, config },
    );
    assert.equal(local.mappedBy, 'config: registry.example/churn/');
    const { outcome } = await train(local, 'configured');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const dir = await unpackedModel(outcome.runId, 'configured');
    assert.deepEqual(JSON.parse(execFileSync('cat', [join(dir, 'seen.json')], { encoding: 'utf8' })), { epochs: '3' });
    assert.equal(execFileSync('cat', [join(dir, 'rows.txt')], { encoding: 'utf8' }).trim(), '600');
    assert.match(await h.log(outcome.runId, 'configured'), /args: train/);
  });
});
