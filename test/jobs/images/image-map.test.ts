import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { GodwitConfig } from '../../../src/config/config.js';
import { checkImages } from '../../../src/config/config-images.js';
import { checkImage, type ImageRequest, resolveImage } from '../../../src/jobs/image-map.js';
import { decodeValue } from '../../../src/jobs/images/script-mode.js';
import { AwsError } from '../../../src/server/aws/aws-error.js';
import { scratchDir } from '../../helpers/scratch.js';

const CONFIG: GodwitConfig = {
  home: '/nonexistent',
  server: { port: 0 },
  s3: {},
  gcs: {},
  warehouses: {},
  profiles: {},
  files: [],
};

function withImages(yamlText: string, file = '/project/godwit.config.yaml'): GodwitConfig {
  return { ...CONFIG, images: checkImages(parse(yamlText).images, file) };
}

const SCRIPT_HPS = {
  sagemaker_program: '"train.py"',
  sagemaker_submit_directory: '"s3://bucket/job/source/sourcedir.tar.gz"',
  sagemaker_container_log_level: '20',
  sagemaker_region: '"us-east-1"',
  max_depth: '5',
  objective: '"reg:squarederror"',
};

const training = (image: string, hyperparameters: Record<string, string> = SCRIPT_HPS): ImageRequest => ({
  image,
  use: 'training',
  hyperparameters,
});

function refusal(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: AwsError) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.equal(err.type, 'ValidationException');
    assert.match(err.message, pattern);
    return true;
  });
}

describe('the built-in image map', () => {
  const cases: [string, string][] = [
    ['683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3', 'sagemaker-scikit-learn'],
    ['746614075791.dkr.ecr.eu-west-2.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3', 'sagemaker-scikit-learn'],
    ['450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-scikit-learn@sha256:abc', 'sagemaker-scikit-learn'],
    ['246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1', 'sagemaker-xgboost'],
    ['763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0-cpu-py310', 'pytorch-training'],
    [
      '763104351884.dkr.ecr.ap-south-1.amazonaws.com/pytorch-inference:2.0.1-cpu-py310-ubuntu20.04-sagemaker',
      'pytorch-inference',
    ],
  ];
  for (const [image, name] of cases) {
    test(`${image.split('/')[1]} in ${image.split('.')[3]} is ${name}`, () => {
      assert.equal(checkImage(training(image), CONFIG), name);
    });
  }

  test('the XGBoost image without sagemaker_program is the built-in algorithm, as is the older xgboost image', () => {
    const hps = { objective: 'reg:squarederror', num_round: '10' };
    assert.equal(
      checkImage(training('246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1', hps), CONFIG),
      'sagemaker-xgboost (algorithm)',
    );
    assert.equal(
      checkImage(training('811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1', hps), CONFIG),
      'xgboost (algorithm)',
    );
  });

  test("Godwit's own image: godwit/builtin and the image the compile profiles push", () => {
    for (const image of ['godwit/builtin', 'godwit/builtin:0.1.0', '123456789012.dkr.ecr.us-east-1.amazonaws.com/godwit:0.1.0']) {
      assert.equal(checkImage(training(image, { predictor_type: 'regressor' }), CONFIG), 'godwit', image);
    }
  });

  test('a look-alike repository or a non-ECR host is not a SageMaker image', () => {
    for (const image of [
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/my-sagemaker-scikit-learn:1.0',
      'docker.io/library/sagemaker-scikit-learn:1.2-1-cpu-py3',
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn-extension:2.0',
    ]) {
      refusal(() => checkImage(training(image), CONFIG), /is not mapped to a local command/);
    }
  });

  test('a framework image without sagemaker_program or sagemaker_submit_directory is refused at once, naming what is missing', () => {
    const image = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
    refusal(() => checkImage(training(image, { max_depth: '5' }), CONFIG), /has no sagemaker_program/);
    refusal(() => checkImage(training(image, { sagemaker_program: '"train.py"' }), CONFIG), /has no sagemaker_submit_directory/);
  });

  test('a processing job with a framework image runs its ContainerEntrypoint, and needs one', async () => {
    const image = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
    const request: ImageRequest = {
      image,
      use: 'processing',
      entrypoint: ['python3', '/opt/ml/processing/input/code/preprocess.py'],
      arguments: ['--train-test-split-ratio', '0.2'],
      environment: { MODE: 'fast' },
    };
    const local = await resolveImage(request, { config: CONFIG, stagingDir: scratchDir('godwit-images-'), storeOptions: {} });
    assert.deepEqual(local.process, {
      command: ['python3'],
      args: ['/opt/ml/processing/input/code/preprocess.py', '--train-test-split-ratio', '0.2'],
      env: { MODE: 'fast' },
      contract: 'sagemaker',
    });
    assert.deepEqual(local.hyperparameters, {});
    refusal(() => checkImage({ image, use: 'processing' }, CONFIG), /needs AppSpecification\.ContainerEntrypoint/);
  });

  test("a processing job on Godwit's own image may run a script with its Node, as Godwit's compiled steps do", async () => {
    const request: ImageRequest = {
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/godwit:0.1.0',
      use: 'processing',
      entrypoint: ['node', '/opt/ml/processing/input/code/preprocess.mjs'],
      arguments: ['--seed', '42'],
    };
    const local = await resolveImage(request, { config: CONFIG, stagingDir: scratchDir('godwit-images-'), storeOptions: {} });
    assert.deepEqual(local.process.command, [process.execPath]);
    assert.deepEqual(local.process.args, ['/opt/ml/processing/input/code/preprocess.mjs', '--seed', '42']);
    refusal(
      () => checkImage({ ...request, entrypoint: ['python3', 'x.py'] }, CONFIG),
      /runs Godwit's CLI or Node, but ContainerEntrypoint starts with "python3"/,
    );
  });

  test('hyperparameters are decoded as the training toolkit decodes them', () => {
    assert.equal(decodeValue('"reg:squarederror"'), 'reg:squarederror');
    assert.equal(decodeValue('5'), 5);
    assert.equal(decodeValue('0.25'), 0.25);
    assert.equal(decodeValue('true'), true);
    assert.equal(decodeValue('reg:squarederror'), 'reg:squarederror');
    assert.equal(decodeValue('[1, 2]'), '[1, 2]');
  });

  test('a local path runs as a BYOC program with the argument SageMaker gives the container', async () => {
    const dir = scratchDir('godwit-images-');
    writeFileSync(join(dir, 'algo.sh'), '#!/bin/sh\n', { mode: 0o755 });
    mkdirSync(join(dir, 'image'));
    const context = { config: CONFIG, stagingDir: dir, storeOptions: {}, cwd: dir };
    const file = await resolveImage({ image: './algo.sh', use: 'training', hyperparameters: { a: '1' } }, context);
    assert.deepEqual([file.mappedBy, file.process.command, file.process.args], ['local path', [join(dir, 'algo.sh')], ['train']]);
    assert.deepEqual(file.hyperparameters, { a: '1' });
    const folder = await resolveImage({ image: `file://${dir}/image`, use: 'transform' }, context);
    assert.deepEqual([folder.process.command, folder.process.args], [[join(dir, 'image', 'serve')], ['serve']]);
  });
});

describe('the images: key', () => {
  test('an entry wins over the built-in one, with a glob or a prefix', () => {
    const config = withImages(`
images:
  "*.dkr.ecr.*.amazonaws.com/sagemaker-scikit-learn:*":
    command: [/opt/venv/bin/python]
    kind: script
  "registry.example/team/":
    command: [./bin/train.sh, --verbose]
`);
    const sk = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
    assert.equal(checkImage(training(sk), config), 'config: *.dkr.ecr.*.amazonaws.com/sagemaker-scikit-learn:*');
    assert.equal(checkImage(training('registry.example/team/algo:3'), config), 'config: registry.example/team/');
  });

  test('an algorithm entry runs its command with the hyperparameters as sent; a relative program is beside the config file', async () => {
    const config = withImages('images:\n  "registry.example/team/":\n    command: [./bin/train.sh, --verbose]\n');
    const local = await resolveImage(
      { ...training('registry.example/team/algo:3', { rounds: '10' }), arguments: ['--fast'] },
      { config, stagingDir: scratchDir('godwit-images-'), storeOptions: {} },
    );
    assert.deepEqual(local.process.command, ['/project/bin/train.sh']);
    assert.deepEqual(local.process.args, ['--verbose', '--fast']);
    assert.deepEqual(local.hyperparameters, { rounds: '10' });
  });

  test('an unmapped image is refused with the images: entry that maps it, and that entry does', () => {
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn-trainer:2.4';
    let message = '';
    refusal(() => {
      try {
        checkImage(training(image, { epochs: '3' }), CONFIG);
      } catch (err) {
        message = (err as Error).message;
        throw err;
      }
    }, /The image "123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/churn-trainer:2\.4" is not mapped/);
    const yamlText = message.slice(message.indexOf('images:'), message.indexOf('\n\n', message.indexOf('images:')));
    assert.equal(
      yamlText,
      'images:\n  "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn-trainer:*":\n    command: [./train.sh]',
    );
    assert.equal(checkImage(training(image, { epochs: '3' }), withImages(yamlText)), `config: ${image.replace('2.4', '*')}`);
  });

  test('for a script job the suggested entry is an interpreter of kind script', () => {
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/tensorflow-training:2.13-cpu-py310';
    refusal(() => checkImage(training(image), CONFIG), /command: \[python3\]\n {4}kind: script\n/);
    const config = withImages(
      `images:\n  "${image.replace(':2.13-cpu-py310', ':*')}":\n    command: [python3]\n    kind: script\n`,
    );
    assert.match(checkImage(training(image), config), /^config: /);
  });
});

describe('docs/images.md', () => {
  test('lists every built-in entry, and each example image it gives maps to that entry', async () => {
    const { readFileSync } = await import('node:fs');
    const { BUILTIN_IMAGES } = await import('../../../src/jobs/images/builtin-images.js');
    const doc = readFileSync(new URL('../../../docs/images.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `([^`]+)` \| (.+?) \|/gm)].map((m) => [m[1], [...m[2].matchAll(/`([^`]+)`/g)].map((x) => x[1])]),
    );
    for (const entry of BUILTIN_IMAGES) {
      const examples = rows.get(entry.name);
      assert.ok(examples && examples.length > 0, `docs/images.md has a row with examples for ${entry.name}`);
      for (const image of examples) assert.equal(BUILTIN_IMAGES.find((b) => b.pattern.test(image))?.name, entry.name, image);
    }
  });
});

describe("the SageMaker SDK's FrameworkProcessor", () => {
  test("its runproc.sh entry point becomes Godwit's runner with the configured Python; other bash entry points run as given", async () => {
    const image = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.0-cpu-py310-ubuntu20.04-sagemaker';
    const staging = scratchDir('godwit-images-');
    const context = { config: CONFIG, stagingDir: staging, storeOptions: {} };
    const fp = await resolveImage(
      {
        image,
        use: 'processing',
        entrypoint: ['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh'],
        arguments: ['--epochs', '2'],
      },
      context,
    );
    assert.deepEqual(fp.process.command, ['python3']);
    assert.equal(fp.process.code, 'runproc/godwit_runproc.py');
    assert.deepEqual(fp.process.args, ['/opt/ml/processing/input/entrypoint/runproc.sh', '--epochs', '2']);
    const { existsSync } = await import('node:fs');
    assert.ok(existsSync(join(staging, 'runproc', 'godwit_runproc.py')));
    const plain = await resolveImage(
      { image, use: 'processing', entrypoint: ['/bin/bash', '/opt/ml/processing/input/code/run.sh'] },
      context,
    );
    assert.deepEqual([plain.process.command, plain.process.args], [['/bin/bash'], ['/opt/ml/processing/input/code/run.sh']]);
  });
});
