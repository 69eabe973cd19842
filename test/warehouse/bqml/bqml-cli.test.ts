import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toFileUri } from '../../../src/core/uri.js';
import { godwit } from '../../cli/process.js';
import { scratchDir } from '../../helpers/scratch.js';
import { PENGUINS_CSV } from './bqml-fixture.js';

test('godwit sql -f, one file at a time: the model one file creates is there for the next', async () => {
  const dir = scratchDir('godwit-bqml-cli-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  // A copy: the file store keeps its digests beside the objects it reads, never in the repository.
  const csv = join(dir, 'penguins.csv');
  copyFileSync(PENGUINS_CSV, csv);
  const file = (name: string, sql: string) => {
    writeFileSync(join(dir, name), sql);
    return join(dir, name);
  };
  const create = file(
    'create.sql',
    `CREATE SCHEMA penguins;
LOAD DATA INTO penguins.penguins FROM FILES (format = 'CSV', skip_leading_rows = 1, uris = ['${toFileUri(csv)}']);
CREATE OR REPLACE MODEL penguins.penguins_model
  OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS
  SELECT * FROM penguins.penguins;
`,
  );
  const evaluate = file(
    'evaluate.sql',
    'SELECT * FROM ML.EVALUATE(MODEL penguins.penguins_model) ORDER BY roc_auc DESC LIMIT 1;\n',
  );
  const created = await godwit(['sql', '--dialect', 'bigquery', '-f', create], env);
  assert.equal(created.code, 0, created.stderr);
  const evaluated = await godwit(['sql', '--dialect', 'bigquery', '-f', evaluate, '--json'], env);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const [row] = JSON.parse(evaluated.stdout).statements[0].rows;
  assert.deepEqual(Object.keys(row), ['precision', 'recall', 'accuracy', 'f1_score', 'log_loss', 'roc_auc']);
  assert.ok(row.roc_auc >= 0.95);
});
