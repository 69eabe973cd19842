import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

describe('lab 6.5 as written: DNN_CLASSIFIER on penguins', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
  });
  after(() => f.close());

  it('CREATE OR REPLACE MODEL … DNN_CLASSIFIER, then ML.EVALUATE … ORDER BY roc_auc DESC LIMIT 1 gives roc_auc ≥ 0.95', async () => {
    await f.bq.execute(`CREATE OR REPLACE MODEL penguins.penguins_model
      OPTIONS(model_type='DNN_CLASSIFIER', input_label_cols=['species']) AS
      SELECT * FROM penguins.penguins`);
    const { rows } = await f.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.penguins_model) ORDER BY roc_auc DESC LIMIT 1');
    assert.equal(rows.length, 1);
    assert.ok(Number(rows[0].roc_auc) >= 0.95, `roc_auc ${rows[0].roc_auc}`);
    const info = await f.bq.query('SELECT COUNT(*) AS n FROM ML.TRAINING_INFO(MODEL penguins.penguins_model)');
    assert.ok(Number(info.rows[0].n) >= 1);
  });

  it('ML.PREDICT with the network: probabilities per species, in class order', async () => {
    const { rows } = await f.bq.query(
      'SELECT predicted_species, predicted_species_probs FROM ML.PREDICT(MODEL penguins.penguins_model, (SELECT * FROM penguins.penguins WHERE body_mass_g > 5500))',
    );
    assert.ok(rows.length > 0);
    for (const r of rows) {
      const probs = r.predicted_species_probs as { label: string; prob: number }[];
      assert.deepEqual(
        probs.map((p) => p.label),
        ['Adelie', 'Chinstrap', 'Gentoo'],
      );
      assert.equal(r.predicted_species, 'Gentoo');
    }
  });

  it('DNN_REGRESSOR with hidden_units, activation_fn, batch_size and dropout', async () => {
    await f.bq.execute(`CREATE MODEL penguins.mass_dnn
      OPTIONS (model_type = 'DNN_REGRESSOR', input_label_cols = ['body_mass_g'], hidden_units = [32, 16], activation_fn = 'TANH',
               batch_size = 32, dropout = 0.1, learn_rate = 0.01, max_iterations = 50)
      AS SELECT * FROM penguins.penguins`);
    const { rows } = await f.bq.query('SELECT r2_score FROM ML.EVALUATE(MODEL penguins.mass_dnn)');
    assert.ok(Number(rows[0].r2_score) > 0.5, `r2 ${rows[0].r2_score}`);
  });
});
