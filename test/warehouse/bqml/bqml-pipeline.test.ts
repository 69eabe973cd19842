import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fn, pipeline, sql } from '../../../src/pipeline/dsl/index.js';
import { speaking } from '../../../src/warehouse/index.js';
import type { Warehouse } from '../../../src/warehouse/warehouse.js';
import { harness } from '../../helpers/harness.js';
import { PENGUINS_CSV } from './bqml-fixture.js';

type H = Awaited<ReturnType<typeof harness>>;

function onWarehouse(h: H, work: (wh: Warehouse) => Promise<void>): Promise<void> {
  return (h.services as { warehouses: { use: (n: undefined, w: typeof work) => Promise<void> } }).warehouses.use(undefined, work);
}

/** Creates (or re-creates) penguins.m on the harness warehouse, through the BigQuery front end. */
function trainOutside(h: H, columns: string): Promise<void> {
  return onWarehouse(h, async (wh) => {
    await (await speaking(wh, 'bigquery')).execute(
      `CREATE OR REPLACE MODEL penguins.m OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS SELECT species, ${columns} FROM penguins.penguins`,
    );
  });
}

test('a cached sql step that runs ML.PREDICT runs again once its model is re-created', async () => {
  const h = await harness({ warehouse: true });
  try {
    await onWarehouse(h, async (wh) => {
      await wh.execute('create schema penguins');
      await wh.execute(
        `create table penguins.penguins as select * from read_csv('${PENGUINS_CSV}', header = true, nullstr = '')`,
      );
    });
    await trainOutside(h, 'island');
    const score = sql('score', {
      dialect: 'bigquery',
      statements: 'SELECT COUNT(*) FROM penguins.penguins',
      outputs: {
        predicted: {
          unload: 'SELECT predicted_species FROM ML.PREDICT(MODEL penguins.m, TABLE penguins.penguins)',
          format: 'csv',
        },
      },
      cache: { enabled: true },
    });
    const seen: string[][] = [];
    const read = fn('read', {
      inputs: { data: score.output('predicted') },
      run: async (ctx) => {
        const lines: string[] = [];
        for (const f of (await readdir(ctx.inputs.data)).filter((n) => n.endsWith('.csv')).sort())
          lines.push(...(await readFile(join(ctx.inputs.data, f), 'utf8')).trim().split('\n'));
        seen.push(lines);
      },
    });
    const p = pipeline('score-with-a-model', { steps: [read] });
    const first = await h.run(p);
    const second = await h.run(p);
    assert.equal((await h.steps(first.runId)).score.status, 'succeeded');
    assert.equal((await h.steps(second.runId)).score.status, 'cached', 'nothing changed: a hit');
    await trainOutside(h, 'island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g');
    const third = await h.run(p);
    assert.equal((await h.steps(third.runId)).score.status, 'succeeded', 'the model was re-created: a miss');
    assert.notDeepEqual(seen[2], seen[0], 'the new model predicts differently');
    const fourth = await h.run(p);
    assert.equal((await h.steps(fourth.runId)).score.status, 'cached');
  } finally {
    await h.close();
  }
});

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
