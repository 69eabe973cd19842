import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

describe('BigQuery ML TRANSFORM: fitted on the training rows, saved with the model, applied at prediction', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
    await f.bq.execute(`
      CREATE MODEL penguins.shaped
      TRANSFORM (
        ML.STANDARD_SCALER(flipper_length_mm) OVER () AS flipper,
        ML.MIN_MAX_SCALER(culmen_length_mm) OVER () AS culmen,
        ML.BUCKETIZE(culmen_depth_mm, [15, 18]) AS depth_bin,
        ML.QUANTILE_BUCKETIZE(body_mass_g, 4) OVER () AS mass_q,
        ML.ONE_HOT_ENCODER(island) OVER () AS island,
        ML.FEATURE_CROSS(STRUCT(island, sex)) AS island_sex,
        flipper_length_mm * 2 AS doubled,
        species
      )
      OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species'])
      AS SELECT * FROM penguins.penguins`);
  });
  after(() => f.close());

  it('trains on the TRANSFORM outputs (ML.FEATURE_INFO lists them, with the fitted scale)', async () => {
    const { rows } = await f.bq.query(
      'SELECT input, min, max, mean, category_count FROM ML.FEATURE_INFO(MODEL penguins.shaped) ORDER BY input',
    );
    const by = Object.fromEntries(rows.map((r) => [r.input, r]));
    assert.deepEqual(Object.keys(by), ['culmen', 'depth_bin', 'doubled', 'flipper', 'island', 'island_sex', 'mass_q']);
    assert.ok(Math.abs(Number(by.flipper.mean)) < 1e-9, 'standardised on the training rows');
    assert.deepEqual([by.culmen.min, by.culmen.max], [0, 1]);
    assert.equal(by.depth_bin.category_count, 3);
    assert.equal(by.mass_q.category_count, 4);
    assert.equal(by.island_sex.category_count, 6);
  });

  it('applies the saved TRANSFORM to raw rows at prediction, with the training constants', async () => {
    const one =
      "SELECT 'Biscoe' AS island, 50.0 AS culmen_length_mm, 15.5 AS culmen_depth_mm, 225 AS flipper_length_mm, 5600 AS body_mass_g, 'MALE' AS sex";
    const { rows } = await f.bq.query(`SELECT predicted_species, island FROM ML.PREDICT(MODEL penguins.shaped, (${one}))`);
    assert.deepEqual(rows, [{ predicted_species: 'Gentoo', island: 'Biscoe' }]);
    const all = await f.bq.query(
      'SELECT AVG(IF(predicted_species = species, 1, 0)) AS accuracy FROM ML.PREDICT(MODEL penguins.shaped, TABLE penguins.penguins)',
    );
    assert.ok(Number(all.rows[0].accuracy) > 0.95);
  });

  it('needs the columns the TRANSFORM reads at prediction, not the label', async () => {
    await assert.rejects(
      f.bq.query('SELECT * FROM ML.PREDICT(MODEL penguins.shaped, (SELECT island, sex FROM penguins.penguins))'),
      { code: 'E_BQML_COLUMN', message: /no column (flipper_length_mm|culmen_length_mm|culmen_depth_mm|body_mass_g)/ },
    );
  });

  it('refuses a TRANSFORM function Godwit does not run, naming it', async () => {
    await assert.rejects(
      f.bq.execute(
        "CREATE MODEL penguins.bad TRANSFORM (ML.POLYNOMIAL_EXPAND(STRUCT(body_mass_g, flipper_length_mm)) AS p, species) OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS SELECT * FROM penguins.penguins",
      ),
      { code: 'E_BQML_TRANSFORM', message: /ML\.POLYNOMIAL_EXPAND/ },
    );
  });
});
