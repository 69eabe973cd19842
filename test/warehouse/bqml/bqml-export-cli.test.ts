import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toFileUri } from '../../../src/core/uri.js';
import { cli } from '../../cli/capture.js';
import { godwit } from '../../cli/process.js';
import { scratchDir } from '../../helpers/scratch.js';
import { PENGUINS_CSV } from './bqml-fixture.js';

test('godwit sql -f exports to gs:// and godwit models register reads the folder as a bqml model', async () => {
  const dir = scratchDir('godwit-bqml-export-cli-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  const csv = join(dir, 'penguins.csv');
  copyFileSync(PENGUINS_CSV, csv);
  writeFileSync(
    join(dir, 'lab.sql'),
    `CREATE SCHEMA penguins;
LOAD DATA INTO penguins.penguins FROM FILES (format = 'CSV', skip_leading_rows = 1, uris = ['${toFileUri(csv)}']);
CREATE OR REPLACE MODEL penguins.penguins_model
  OPTIONS (model_type = 'DNN_CLASSIFIER', input_label_cols = ['species'], hidden_units = [16], max_iterations = 5) AS
  SELECT * FROM penguins.penguins;
EXPORT MODEL penguins.penguins_model OPTIONS (URI = 'gs://lab-models/penguins/');
`,
  );
  const ran = await godwit(['sql', '--dialect', 'bigquery', '-f', join(dir, 'lab.sql')], env);
  assert.equal(ran.code, 0, ran.stderr);
  assert.ok(existsSync(join(dir, 'home', 'gcs', 'lab-models', 'penguins', 'bqml-model.json')));
  const r = await cli(['models', 'register', 'Penguins', '--model', 'gs://lab-models/penguins/', '--json'], env, dir);
  assert.equal(r.code, 0, r.stderr);
  const { descriptor } = JSON.parse(r.stdout);
  assert.deepEqual(
    [descriptor.framework, descriptor.format, descriptor.properties.modelType],
    ['bqml', 'godwit.bqml-model', 'DNN_CLASSIFIER'],
  );
});
