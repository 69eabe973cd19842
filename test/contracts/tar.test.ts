import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageOutput } from '../../src/runtime/contracts/model-packaging.js';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { tempDir } from '../helpers/harness.js';

describe('model.tar.gz', () => {
  const roots: string[] = [];
  after(async () => {
    for (const r of roots) await rm(r, { recursive: true, force: true });
  });
  test("holds the folder's files under relative names, long ones included, and the same files give the same bytes", async () => {
    const root = await tempDir();
    roots.push(root);
    const src = join(root, 'model');
    const deep = join(src, 'a'.repeat(60), 'b'.repeat(60));
    await mkdir(deep, { recursive: true });
    await writeFile(join(src, 'xgboost-model.json'), '{"learner": {}}');
    await writeFile(join(deep, `${'c'.repeat(40)}.bin`), Buffer.from([0, 1, 2, 255]));
    await writeTarGz(src, join(root, 'one.tar.gz'));
    await writeTarGz(src, join(root, 'two.tar.gz'));
    assert.deepEqual(await readFile(join(root, 'one.tar.gz')), await readFile(join(root, 'two.tar.gz')));

    const list = spawnSync('tar', ['-tzf', join(root, 'one.tar.gz')], { encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(list.stdout.trim().split('\n'), [
      `${'a'.repeat(60)}/`,
      `${'a'.repeat(60)}/${'b'.repeat(60)}/`,
      `${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(40)}.bin`,
      'xgboost-model.json',
    ]);
    const out = join(root, 'out');
    await mkdir(out);
    assert.equal(spawnSync('tar', ['-xzf', join(root, 'one.tar.gz'), '-C', out]).status, 0);
    assert.deepEqual(
      await readFile(join(out, 'a'.repeat(60), 'b'.repeat(60), `${'c'.repeat(40)}.bin`)),
      Buffer.from([0, 1, 2, 255]),
    );
  });

  test('SageMaker gets the archive, Vertex the folder; an empty model folder is left for the step to fail on', async () => {
    const root = await tempDir();
    roots.push(root);
    const model = join(root, 'model');
    await mkdir(model);
    assert.equal(await packageOutput('sagemaker', 'model', model, join(root, 'staged')), model, 'nothing to archive');
    await writeFile(join(model, 'm.bin'), 'm');
    const staged = await packageOutput('sagemaker', 'model', model, join(root, 'staged'));
    assert.equal(staged, join(root, 'staged', 'model'));
    assert.equal(spawnSync('tar', ['-tzf', join(staged, 'model.tar.gz')], { encoding: 'utf8' }).stdout, 'm.bin\n');
    assert.equal(await packageOutput('vertex', 'model', model, join(root, 'staged')), model);
    assert.equal(
      await packageOutput('sagemaker', 'evaluation', model, join(root, 'staged')),
      model,
      'only model and output are archived',
    );
  });
});
