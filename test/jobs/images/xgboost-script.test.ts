/**
 * The XGBoost algorithm's script on its own, with the variables the training contract gives it:
 * the data formats and refusals that the contract runs in image-run.test.ts do not reach.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadXgboostModel } from '../../../src/ml/xgboost/index.js';
import { PYTHON, sklearnMissing } from '../../contracts/helpers.js';
import { scratchDir } from '../../helpers/scratch.js';

const SCRIPT = fileURLToPath(new URL('../../../src/jobs/images/xgboost_algorithm.py', import.meta.url));
const missing = sklearnMissing();

function run(train: string, hps: Record<string, string>) {
  const dir = scratchDir('godwit-xgboost-script-');
  for (const sub of ['train', 'model', 'output']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'train', 'part-0'), train);
  const r = spawnSync(PYTHON, [SCRIPT], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      SM_HPS: JSON.stringify(hps),
      SM_CHANNEL_TRAIN: join(dir, 'train'),
      SM_MODEL_DIR: join(dir, 'model'),
      SM_OUTPUT_DIR: join(dir, 'output'),
    },
  });
  return { ...r, dir };
}

test('libsvm data (told apart from CSV by its first line) trains a binary classifier', { skip: missing ?? false }, async () => {
  const lines = Array.from({ length: 120 }, (_, i) => `${i % 2} 1:${(i % 2) + (i % 7) / 10} 4:${(i % 5) / 5}`);
  const r = run(`${lines.join('\n')}\n`, { objective: 'binary:logistic', num_round: '4', eval_metric: 'auc,error' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[3\]\ttrain-auc:1\.00000\ttrain-error:0\.00000/);
  assert.deepEqual(readdirSync(join(r.dir, 'model')), ['xgboost-model']);
  assert.equal((await loadXgboostModel(join(r.dir, 'model', 'xgboost-model'))).objective, 'binary:logistic');
});

test('a CSV with a header row is refused with the reason in /opt/ml/output/failure', { skip: missing ?? false }, () => {
  const r = run('rings,length\n7,0.35\n9,0.53\n', { num_round: '2' });
  assert.equal(r.status, 1);
  const reason = readFileSync(join(r.dir, 'output', 'failure'), 'utf8');
  assert.match(reason, /^ClientError: Channel train is not CSV of numbers with the label first and no header/);
});
