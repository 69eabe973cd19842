import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toFileUri } from '../../../src/core/uri.js';
import { stageModelData } from '../../../src/serving/model-data.js';
import { startInstance } from '../../../src/serving/runtimes/choose-runtime.js';
import type { Row } from '../../../src/warehouse/warehouse.js';
import { type ExportFixture, exportWarehouse } from './bqml-export-fixture.js';

const INPUT = '(SELECT island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g, sex FROM penguins.penguins)';

/** Exports `model` to a file:// folder, serves it (in its worker thread) and sends every penguin as raw JSON rows. */
async function servedAnswers(f: ExportFixture, model: string, input = INPUT): Promise<Row[]> {
  const uri = `${toFileUri(join(f.root, 'exports', model))}/`;
  await f.bq.execute(`EXPORT MODEL penguins.${model} OPTIONS (URI = '${uri}')`);
  const modelDir = join(f.root, 'serving', model);
  await stageModelData(uri, modelDir, { home: f.home });
  const instance = await startInstance({
    container: { modelDataUrl: uri },
    modelDir,
    home: f.home,
    workDir: join(f.root, 'work'),
    inWorker: false,
  });
  try {
    assert.equal(instance.runtime, 'bqml');
    const { rows } = await f.bq.query(`SELECT * FROM ${input}`);
    const answer = await instance.invoke({
      body: Buffer.from(JSON.stringify({ instances: rows })),
      contentType: 'application/json',
    });
    return JSON.parse(answer.body.toString()).predictions;
  } finally {
    await instance.close();
  }
}

function near(a: unknown, b: unknown, what: string): void {
  assert.ok(Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b))), `${what}: ${a} vs ${b}`);
}

describe('EXPORT MODEL: every model type the bqml runtime serves answers as ML.PREDICT does', () => {
  let f: ExportFixture;
  before(async () => {
    f = await exportWarehouse();
  });
  after(() => f.close());

  it('LINEAR_REG and DNN_REGRESSOR (its label scale kept): predicted_<label>', async () => {
    await f.bq.execute(`CREATE MODEL penguins.mass_linear OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g'])
      AS SELECT * FROM penguins.penguins`);
    await f.bq.execute(`CREATE MODEL penguins.mass_dnn
      OPTIONS (model_type = 'DNN_REGRESSOR', input_label_cols = ['body_mass_g'], hidden_units = [16], max_iterations = 5)
      AS SELECT * FROM penguins.penguins`);
    for (const model of ['mass_linear', 'mass_dnn']) {
      const input = '(SELECT species, island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, sex FROM penguins.penguins)';
      const served = await servedAnswers(f, model, input);
      const { rows } = await f.bq.query(`SELECT predicted_body_mass_g FROM ML.PREDICT(MODEL penguins.${model}, ${input})`);
      assert.equal(served.length, rows.length);
      for (const [r, s] of served.entries()) near(s.predicted_body_mass_g, rows[r].predicted_body_mass_g, `${model} row ${r}`);
      assert.ok(Number(rows[0].predicted_body_mass_g) > 2000, 'grams, not a standardised value');
    }
  });

  it('LOGISTIC_REG with a TRANSFORM (scaler, bucketize, feature cross) run again on raw rows', async () => {
    await f.bq.execute(`CREATE MODEL penguins.species_t
      TRANSFORM (ML.STANDARD_SCALER(culmen_length_mm) OVER () AS culmen, ML.BUCKETIZE(flipper_length_mm, [190, 210]) AS flipper,
                 ML.FEATURE_CROSS(STRUCT(island, sex)) AS island_sex, body_mass_g / 1000 AS kg, species)
      OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species'])
      AS SELECT * FROM penguins.penguins`);
    const served = await servedAnswers(f, 'species_t');
    const { rows } = await f.bq.query(
      `SELECT predicted_species, predicted_species_probs FROM ML.PREDICT(MODEL penguins.species_t, ${INPUT})`,
    );
    served.forEach((s, r) => {
      assert.equal(s.predicted_species, rows[r].predicted_species, `row ${r}`);
      const want = rows[r].predicted_species_probs as { label: string; prob: number }[];
      (s.predicted_species_probs as { label: string; prob: number }[]).forEach((p, k) => {
        assert.equal(p.label, want[k].label);
        near(p.prob, want[k].prob, `row ${r} class ${k}`);
      });
    });
  });

  it('KMEANS: CENTROID_ID and the distances, nearest first', async () => {
    await f.bq.execute(`CREATE MODEL penguins.clusters OPTIONS (model_type = 'KMEANS', num_clusters = 3)
      AS SELECT culmen_length_mm, flipper_length_mm, island FROM penguins.penguins`);
    const served = await servedAnswers(f, 'clusters');
    const { rows } = await f.bq.query(
      `SELECT CENTROID_ID, NEAREST_CENTROIDS_DISTANCE FROM ML.PREDICT(MODEL penguins.clusters, ${INPUT})`,
    );
    served.forEach((s, r) => {
      assert.equal(s.CENTROID_ID, rows[r].CENTROID_ID, `row ${r}`);
      const want = rows[r].NEAREST_CENTROIDS_DISTANCE as { CENTROID_ID: number; DISTANCE: number }[];
      (s.NEAREST_CENTROIDS_DISTANCE as typeof want).forEach((d, k) => {
        assert.equal(d.CENTROID_ID, want[k].CENTROID_ID);
        near(d.DISTANCE, want[k].DISTANCE, `row ${r} centroid ${k}`);
      });
    });
  });
});
