import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitConfig } from '../../../src/config/config.js';
import type { GodwitError } from '../../../src/core/errors.js';
import { resolveImage } from '../../../src/jobs/image-map.js';
import { stageSourceDir } from '../../../src/jobs/images/script-mode.js';
import { storeForUri, uploadDir } from '../../../src/store/index.js';
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
const IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0-cpu-py310';

/** A source folder as an estimator's source_dir, and its sourcedir.tar.gz made by tar. */
function sources(root: string): { dir: string; tarball: string } {
  const dir = join(root, 'src');
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'train.py'), 'import lib.util\n');
  writeFileSync(join(dir, 'lib', 'util.py'), 'X = 1\n');
  const tarball = join(root, 'sourcedir.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', dir, '.']);
  return { dir, tarball };
}

const sorted = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

test('a submit directory comes from a file:// archive, a local folder (local mode) and a gs:// archive', async () => {
  const root = scratchDir('godwit-sourcedir-');
  const { dir, tarball } = sources(root);
  const storeOptions = { home: join(root, 'home') };
  const gs = await storeForUri('gs://staging-bucket', storeOptions);
  await gs.putFile('job/source/sourcedir.tar.gz', tarball);
  await uploadDir(gs, dir, 'job/unpacked');
  for (const uri of [
    `file://${tarball}`,
    dir,
    `file://${dir}`,
    'gs://staging-bucket/job/source/sourcedir.tar.gz',
    'gs://staging-bucket/job/unpacked',
  ]) {
    const target = join(root, `staged-${uri.replace(/\W/g, '-')}`);
    await stageSourceDir(uri, target, storeOptions);
    assert.deepEqual(sorted(target), ['lib', 'lib/util.py', 'train.py'], uri);
    assert.equal(readFileSync(join(target, 'lib', 'util.py'), 'utf8'), 'X = 1\n');
  }
});

test('resolving a PyTorch training image stages the code and names its entry point', async () => {
  const root = scratchDir('godwit-sourcedir-');
  const { tarball } = sources(root);
  const staging = join(root, 'staging');
  const local = await resolveImage(
    {
      image: IMAGE,
      use: 'training',
      hyperparameters: { sagemaker_program: '"train.py"', sagemaker_submit_directory: `"file://${tarball}"`, epochs: '2' },
      environment: { GODWIT_PYTHON: '/usr/bin/python3' },
    },
    { config: CONFIG, stagingDir: staging, storeOptions: {} },
  );
  assert.deepEqual(local.process, {
    command: ['python3'],
    code: 'sourcedir',
    entryPoint: 'train.py',
    env: { GODWIT_PYTHON: '/usr/bin/python3' },
    contract: 'sagemaker',
  });
  assert.deepEqual(local.hyperparameters, { epochs: 2 });
  assert.deepEqual(sorted(join(staging, 'sourcedir')), ['lib', 'lib/util.py', 'train.py']);
});

test('a missing submit directory, a damaged archive and a program not in it are E_SOURCE_DIR naming them', async () => {
  const root = scratchDir('godwit-sourcedir-');
  const { tarball } = sources(root);
  writeFileSync(join(root, 'broken.tar.gz'), 'not a tar at all');
  const cases: [string, string, RegExp][] = [
    ['"train.py"', `"file://${root}/nowhere.tar.gz"`, /There is no submit directory at file:\/\/.*nowhere\.tar\.gz/],
    ['"train.py"', `"gs://no-bucket/job/sourcedir.tar.gz"`, /no submit directory at gs:\/\/no-bucket\/job\/sourcedir\.tar\.gz/],
    ['"train.py"', `"file://${root}/broken.tar.gz"`, /broken\.tar\.gz cannot be unpacked/],
    ['"missing.py"', `"file://${tarball}"`, /The program missing\.py \(sagemaker_program\) is not in the submit directory/],
  ];
  for (const [program, submit, pattern] of cases) {
    await assert.rejects(
      resolveImage(
        { image: IMAGE, use: 'training', hyperparameters: { sagemaker_program: program, sagemaker_submit_directory: submit } },
        { config: CONFIG, stagingDir: join(root, 'staging'), storeOptions: { home: join(root, 'home') } },
      ),
      (err: GodwitError) => {
        assert.equal(err.code, 'E_SOURCE_DIR');
        assert.match(err.message, pattern);
        assert.ok(err.hint, 'a hint with the way out');
        return true;
      },
      submit,
    );
  }
});
