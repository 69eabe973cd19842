import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { stageModelData } from '../../src/serving/model-data.js';
import { scratchDir } from '../helpers/scratch.js';

function modelFolder(root: string): string {
  const dir = join(root, 'model');
  mkdirSync(join(dir, 'code'), { recursive: true });
  writeFileSync(join(dir, 'xgboost-model.json'), '{"learner":{}}');
  writeFileSync(join(dir, 'code', 'inference.py'), 'print(1)\n');
  return dir;
}

test('a model.tar.gz written by Godwit is unpacked into the folder', async () => {
  const root = scratchDir('godwit-model-data-');
  await writeTarGz(modelFolder(root), join(root, 'model.tar.gz'));
  const dir = join(root, 'staged');
  const files = await stageModelData(`file://${join(root, 'model.tar.gz')}`, dir, { home: godwitHome(join(root, 'home')) });
  assert.deepEqual(files.sort(), ['code/inference.py', 'xgboost-model.json']);
  assert.equal(readFileSync(join(dir, 'code', 'inference.py'), 'utf8'), 'print(1)\n');
});

test('an archive written by tar (with ./ entries and a long pax name) is unpacked', async () => {
  const root = scratchDir('godwit-model-data-');
  const src = modelFolder(root);
  const long = `${'d'.repeat(60)}/${'f'.repeat(80)}.txt`;
  mkdirSync(join(src, 'd'.repeat(60)));
  writeFileSync(join(src, long), 'long');
  execFileSync('tar', ['--format=pax', '-czf', join(root, 'm.tgz'), '-C', src, '.']);
  const dir = join(root, 'staged');
  await stageModelData(join(root, 'm.tgz'), dir, { home: godwitHome(join(root, 'home')) });
  assert.equal(readFileSync(join(dir, long), 'utf8'), 'long');
  assert.equal(readFileSync(join(dir, 'xgboost-model.json'), 'utf8'), '{"learner":{}}');
});

test('a folder is copied as is, with or without its trailing slash', async () => {
  const root = scratchDir('godwit-model-data-');
  const src = modelFolder(root);
  for (const uri of [src, `file://${src}/`]) {
    const dir = join(root, `staged-${uri.length}`);
    const files = await stageModelData(uri, dir, { home: godwitHome(join(root, 'home')) });
    assert.deepEqual(files.sort(), ['code/inference.py', 'xgboost-model.json']);
  }
});

test('a damaged archive and a missing one are E_MODEL_DATA naming the URI', async () => {
  const root = scratchDir('godwit-model-data-');
  writeFileSync(join(root, 'bad.tar.gz'), 'this is not a tar archive at all'.repeat(40));
  const home = godwitHome(join(root, 'home'));
  for (const name of ['bad.tar.gz', 'missing.tar.gz']) {
    const uri = join(root, name);
    await assert.rejects(stageModelData(uri, join(root, 'staged'), { home }), (err: GodwitError) => {
      assert.equal(err.code, 'E_MODEL_DATA');
      assert.match(err.message, new RegExp(name.replace('.', '\\.')));
      assert.ok(err.hint);
      return true;
    });
  }
  await assert.rejects(stageModelData(join(root, 'nothing-here'), join(root, 's2'), { home }), { code: 'E_MODEL_DATA' });
});

test('an archive entry that would leave the folder is refused', async () => {
  const root = scratchDir('godwit-model-data-');
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'a', 'evil.txt'), 'x');
  execFileSync('tar', ['-P', '-czf', join(root, 'evil.tar.gz'), '-C', join(root, 'a', 'b'), '../evil.txt']);
  await assert.rejects(
    stageModelData(join(root, 'evil.tar.gz'), join(root, 'staged'), { home: godwitHome(join(root, 'h')) }),
    (err: GodwitError) => {
      assert.equal(err.code, 'E_MODEL_DATA');
      assert.match(err.message, /outside the folder/);
      return true;
    },
  );
});

test('s3:// archives and prefixes come through a real S3 server; gs:// from the offline buckets', async () => {
  const { startS3rver } = await import('../helpers/s3-server.js');
  const { storeForUri, uploadDir } = await import('../../src/store/index.js');
  const server = await startS3rver(['models']);
  const root = scratchDir('godwit-model-data-');
  const home = godwitHome(join(root, 'home'));
  const storeOptions = { s3: { endpoint: server.endpoint }, env: { ...server.env }, home: home.root };
  const src = modelFolder(root);
  await writeTarGz(src, join(root, 'model.tar.gz'));
  const bucket = await storeForUri('s3://models', storeOptions);
  await bucket.putFile('abalone/model.tar.gz', join(root, 'model.tar.gz'));
  await uploadDir(bucket, src, 'abalone/unpacked');
  const gs = await storeForUri('gs://vertex-models', storeOptions);
  await uploadDir(gs, src, 'xgb/1');
  for (const uri of ['s3://models/abalone/model.tar.gz', 's3://models/abalone/unpacked/', 'gs://vertex-models/xgb/1/']) {
    const dir = join(root, `staged-${uri.replace(/\W/g, '-')}`);
    const files = await stageModelData(uri, dir, { home, storeOptions });
    assert.deepEqual(files.sort(), ['code/inference.py', 'xgboost-model.json'], uri);
    assert.equal(readFileSync(join(dir, 'xgboost-model.json'), 'utf8'), '{"learner":{}}');
  }
  await assert.rejects(
    stageModelData('s3://models/abalone/missing.tar.gz', join(root, 'x'), { home, storeOptions }),
    (err: GodwitError) => {
      assert.equal(err.code, 'E_MODEL_DATA');
      assert.match(err.message, /s3:\/\/models\/abalone\/missing\.tar\.gz/);
      return true;
    },
  );
});
