/** Output columns BigQuery documents for the cases the first version left out: multiclass ML.WEIGHTS, a BOOL label. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

type Weights = { category: string; weight: number }[];

describe('BigQuery ML output columns: multiclass ML.WEIGHTS, BOOL labels', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
  });
  after(() => f.close());

  it('multiclass LOGISTIC_REG: one row per processed input, weight NULL, the weight of each class in category_weights', async () => {
    await f.bq.execute(
      `CREATE MODEL penguins.species OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species'])
       AS SELECT species, island, flipper_length_mm FROM penguins.penguins`,
    );
    const { columns, rows } = await f.bq.query('SELECT * FROM ML.WEIGHTS(MODEL penguins.species)');
    assert.deepEqual(
      columns.map((c) => `${c.name} ${c.type}`),
      ['processed_input VARCHAR', 'weight DOUBLE', 'category_weights STRUCT("category" VARCHAR, "weight" DOUBLE)[]'],
    );
    assert.deepEqual(
      rows.map((r) => r.processed_input),
      ['island_Biscoe', 'island_Dream', 'island_Torgersen', 'flipper_length_mm', '__INTERCEPT__'],
    );
    for (const r of rows) {
      assert.equal(r.weight, null);
      assert.deepEqual(
        (r.category_weights as Weights).map((c) => c.category),
        ['Adelie', 'Chinstrap', 'Gentoo'],
      );
    }
    // The weights reproduce ML.PREDICT's probabilities: softmax over the classes' linear scores.
    const w = Object.fromEntries(rows.map((r) => [r.processed_input, (r.category_weights as Weights).map((c) => c.weight)]));
    const scores = [0, 1, 2].map((k) => w.__INTERCEPT__[k] + w.island_Dream[k] + 195 * w.flipper_length_mm[k]);
    const top = Math.max(...scores);
    const sum = scores.reduce((s, x) => s + Math.exp(x - top), 0);
    const [p] = (
      await f.bq.query(
        "SELECT predicted_species_probs AS probs FROM ML.PREDICT(MODEL penguins.species, (SELECT 'Dream' AS island, 195 AS flipper_length_mm))",
      )
    ).rows;
    const probs = (p.probs as { prob: number }[]).map((x) => x.prob);
    for (const [k, x] of scores.entries()) assert.ok(Math.abs(Math.exp(x - top) / sum - probs[k]) < 1e-9, `class ${k}`);
  });

  it('a BOOL label: predicted_<label> BOOL, its probabilities labelled FALSE and TRUE, a confusion matrix with columns FALSE and TRUE', async () => {
    await f.bq.execute(
      `CREATE MODEL penguins.heavy OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['heavy'])
       AS SELECT body_mass_g > 4000 AS heavy, island, flipper_length_mm FROM penguins.penguins`,
    );
    const predicted = await f.bq.query(
      'SELECT predicted_heavy, predicted_heavy_probs FROM ML.PREDICT(MODEL penguins.heavy, TABLE penguins.penguins)',
    );
    assert.deepEqual(
      predicted.columns.map((c) => `${c.name} ${c.type}`),
      ['predicted_heavy BOOLEAN', 'predicted_heavy_probs STRUCT("label" BOOLEAN, "prob" DOUBLE)[]'],
    );
    assert.deepEqual(new Set(predicted.rows.map((r) => r.predicted_heavy)), new Set([true, false]));
    assert.deepEqual(
      (predicted.rows[0].predicted_heavy_probs as { label: boolean }[]).map((x) => x.label),
      [false, true],
    );
    const matrix = await f.bq.query('SELECT * FROM ML.CONFUSION_MATRIX(MODEL penguins.heavy) ORDER BY expected_label');
    assert.deepEqual(
      matrix.columns.map((c) => `${c.name} ${c.type}`),
      ['expected_label BOOLEAN', 'FALSE BIGINT', 'TRUE BIGINT'],
    );
    assert.deepEqual(
      matrix.rows.map((r) => r.expected_label),
      [false, true],
    );
    const total = matrix.rows.reduce((s, r) => s + Number(r.FALSE) + Number(r.TRUE), 0);
    assert.equal(total, 342, 'every row with a label (two penguins have no body mass)');
  });
});
