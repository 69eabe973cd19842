import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fn, pipeline, sql } from '../../../src/pipeline/dsl/index.js';
import type { Warehouse } from '../../../src/warehouse/warehouse.js';
import { harness } from '../../helpers/harness.js';
import { PENGUINS_CSV } from './bqml-fixture.js';

test('a pipeline sql step in BigQuery SQL trains a model and unloads ML.PREDICT for the next step', async () => {
  const h = await harness({ warehouse: true });
  try {
    await (
      h.services as { warehouses: { use: (n: undefined, w: (wh: Warehouse) => Promise<void>) => Promise<void> } }
    ).warehouses.use(undefined, async (wh) => {
      await wh.execute('create schema penguins');
      await wh.execute(
        `create table penguins.penguins as select * from read_csv('${PENGUINS_CSV}', header = true, nullstr = '')`,
      );
    });
    const train = sql('train', {
      dialect: 'bigquery',
      statements: `CREATE OR REPLACE MODEL penguins.penguins_model
        OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS SELECT * FROM penguins.penguins;`,
      outputs: {
        predictions: {
          unload:
            'SELECT predicted_species, species FROM ML.PREDICT(MODEL penguins.penguins_model, TABLE penguins.penguins) WHERE species IS NOT NULL',
          format: 'csv',
        },
      },
    });
    const seen: string[] = [];
    const read = fn('read', {
      inputs: { data: train.output('predictions') },
      run: async (ctx) => {
        for (const f of (await readdir(ctx.inputs.data)).filter((n) => n.endsWith('.csv')))
          seen.push(...(await readFile(join(ctx.inputs.data, f), 'utf8')).trim().split('\n'));
      },
    });
    const run = await h.run(pipeline('bqml-in-a-pipeline', { steps: [read] }));
    assert.equal(run.status, 'succeeded');
    assert.equal(seen[0], 'predicted_species,species');
    const rows = seen.slice(1).map((l) => l.split(','));
    assert.equal(rows.length, 344);
    assert.ok(rows.filter(([p, s]) => p === s).length > 330);
  } finally {
    await h.close();
  }
});
