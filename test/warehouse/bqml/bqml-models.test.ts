import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

const LABELLED = 'SELECT * FROM penguins.penguins';

describe('BigQuery ML on the offline BigQuery warehouse (penguins)', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
  });
  after(() => f.close());

  it('LOGISTIC_REG: CREATE MODEL, then ML.EVALUATE in a query with ORDER BY and LIMIT', async () => {
    await f.bq.execute(
      `CREATE OR REPLACE MODEL penguins.logistic OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS ${LABELLED}`,
    );
    const evaluated = await f.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.logistic) ORDER BY roc_auc DESC LIMIT 1');
    assert.deepEqual(
      evaluated.columns.map((c) => `${c.name} ${c.type}`),
      ['precision', 'recall', 'accuracy', 'f1_score', 'log_loss', 'roc_auc'].map((n) => `${n} DOUBLE`),
    );
    assert.ok(Number(evaluated.rows[0].roc_auc) >= 0.95, `roc_auc ${evaluated.rows[0].roc_auc}`);
  });

  it('ML.PREDICT: predicted_<label>, predicted_<label>_probs as LIST of STRUCT(label, prob), then the input columns', async () => {
    const { columns, rows } = await f.bq.query(
      'SELECT * FROM ML.PREDICT(MODEL penguins.logistic, (SELECT * FROM penguins.penguins WHERE culmen_length_mm IS NOT NULL))',
    );
    assert.deepEqual(
      columns.map((c) => c.name),
      [
        'predicted_species',
        'predicted_species_probs',
        'species',
        'island',
        'culmen_length_mm',
        'culmen_depth_mm',
        'flipper_length_mm',
        'body_mass_g',
        'sex',
      ],
    );
    assert.equal(columns[1].type, 'STRUCT("label" VARCHAR, "prob" DOUBLE)[]');
    assert.equal(rows.length, 342);
    const probs = rows[0].predicted_species_probs as { label: string; prob: number }[];
    assert.deepEqual(
      probs.map((p) => p.label),
      ['Adelie', 'Chinstrap', 'Gentoo'],
    );
    assert.ok(Math.abs(probs.reduce((s, p) => s + p.prob, 0) - 1) < 1e-9);
    const [accuracy] = (
      await f.bq.query(
        'SELECT AVG(IF(predicted_species = species, 1, 0)) AS accuracy FROM ML.PREDICT(MODEL penguins.logistic, TABLE penguins.penguins)',
      )
    ).rows;
    assert.ok(Number(accuracy.accuracy) > 0.95, `accuracy ${accuracy.accuracy}`);
  });

  it('keeps models in the warehouse file: a later warehouse on the same file predicts with them', async () => {
    await f.close();
    f = f.reopen();
    const { rows } = await f.bq.query(
      "SELECT predicted_species FROM ML.PREDICT(MODEL penguins.logistic, (SELECT 'Biscoe' AS island, 50.0 AS culmen_length_mm, 15.0 AS culmen_depth_mm, 220 AS flipper_length_mm, 5500 AS body_mass_g, 'MALE' AS sex))",
    );
    assert.deepEqual(rows, [{ predicted_species: 'Gentoo' }]);
  });

  it('BOOSTED_TREE_REGRESSOR: regression metrics by their BigQuery names; a custom evaluation table', async () => {
    await f.bq.execute(
      `CREATE MODEL penguins.mass OPTIONS (model_type = 'BOOSTED_TREE_REGRESSOR', input_label_cols = ['body_mass_g'], max_iterations = 30) AS ${LABELLED}`,
    );
    const { columns, rows } = await f.bq.query(
      'SELECT * FROM ML.EVALUATE(MODEL penguins.mass, (SELECT * FROM penguins.penguins WHERE island = @island))',
      { island: 'Biscoe' },
    );
    assert.deepEqual(
      columns.map((c) => c.name),
      [
        'mean_absolute_error',
        'mean_squared_error',
        'mean_squared_log_error',
        'median_absolute_error',
        'r2_score',
        'explained_variance',
      ],
    );
    assert.ok(Number(rows[0].r2_score) > 0.8, `r2 ${rows[0].r2_score}`);
    const predicted = await f.bq.query(
      'SELECT predicted_body_mass_g FROM ML.PREDICT(MODEL penguins.mass, TABLE penguins.penguins) LIMIT 1',
    );
    assert.equal(predicted.columns[0].type, 'DOUBLE');
  });

  it('binary LOGISTIC_REG: threshold in ML.PREDICT / ML.EVALUATE, ML.CONFUSION_MATRIX and ML.ROC_CURVE', async () => {
    await f.bq.execute(
      `CREATE MODEL penguins.adelie OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['is_adelie'], auto_class_weights = TRUE)
       AS SELECT species = 'Adelie' AS is_adelie, culmen_length_mm, body_mass_g FROM penguins.penguins`,
    );
    const count = async (threshold: number) =>
      Number(
        (
          await f.bq.query(
            `SELECT COUNTIF(predicted_is_adelie) AS n FROM ML.PREDICT(MODEL penguins.adelie, TABLE penguins.penguins, STRUCT(${threshold} AS threshold))`,
          )
        ).rows[0].n,
      );
    assert.ok((await count(0.01)) > (await count(0.99)));
    const labelled = "(SELECT species = 'Adelie' AS is_adelie, culmen_length_mm, body_mass_g FROM penguins.penguins)";
    const low = await f.bq.query(`SELECT recall FROM ML.EVALUATE(MODEL penguins.adelie, ${labelled}, STRUCT(0.01 AS threshold))`);
    assert.ok(Number(low.rows[0].recall) > 0.99);
    const matrix = await f.bq.query('SELECT * FROM ML.CONFUSION_MATRIX(MODEL penguins.adelie)');
    assert.deepEqual(
      matrix.columns.map((c) => c.name),
      ['expected_label', 'FALSE', 'TRUE'],
    );
    const total = matrix.rows.reduce((s, r) => s + Number(r.FALSE) + Number(r.TRUE), 0);
    assert.equal(total, 344, 'every row, no split below 500 rows');
    const roc = await f.bq.query('SELECT * FROM ML.ROC_CURVE(MODEL penguins.adelie) ORDER BY threshold');
    assert.deepEqual(roc.columns.map((c) => c.name).slice(0, 4), [
      'threshold',
      'recall',
      'false_positive_rate',
      'true_positives',
    ]);
    assert.ok(roc.rows.length > 10);
  });

  it('ML.TRAINING_INFO and ML.FEATURE_INFO', async () => {
    const info = await f.bq.query('SELECT * FROM ML.TRAINING_INFO(MODEL penguins.mass) ORDER BY iteration');
    assert.deepEqual(
      info.columns.map((c) => c.name),
      ['training_run', 'iteration', 'loss', 'eval_loss', 'learning_rate', 'duration_ms'],
    );
    assert.ok(info.rows.length > 1);
    assert.equal(info.rows[0].iteration, 0);
    const features = await f.bq.query(
      "SELECT * FROM ML.FEATURE_INFO(MODEL penguins.mass) WHERE input IN ('sex', 'flipper_length_mm') ORDER BY input",
    );
    assert.deepEqual(
      features.rows.map((r) => [r.input, r.category_count, r.null_count]),
      [
        ['flipper_length_mm', null, 0],
        ['sex', 2, 9],
      ],
    );
    assert.equal(Math.round(Number(features.rows[0].min)), 172);
  });

  it("ML.WEIGHTS on the columns' own scale reproduces ML.PREDICT; standardize gives the model's own weights", async () => {
    await f.bq.execute(
      `CREATE MODEL penguins.linear OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g'])
       AS SELECT body_mass_g, flipper_length_mm, culmen_length_mm, island FROM penguins.penguins WHERE body_mass_g IS NOT NULL`,
    );
    const { columns, rows } = await f.bq.query('SELECT * FROM ML.WEIGHTS(MODEL penguins.linear)');
    assert.deepEqual(
      columns.map((c) => c.name),
      ['processed_input', 'weight', 'category_weights'],
    );
    const w = Object.fromEntries(rows.map((r) => [r.processed_input, r]));
    const island = w.island.category_weights as { category: string; weight: number }[];
    assert.deepEqual(
      island.map((c) => c.category),
      ['Biscoe', 'Dream', 'Torgersen'],
    );
    const [p] = (
      await f.bq.query(
        "SELECT predicted_body_mass_g AS p FROM ML.PREDICT(MODEL penguins.linear, (SELECT 200 AS flipper_length_mm, 45.0 AS culmen_length_mm, 'Dream' AS island))",
      )
    ).rows;
    const byHand =
      Number(w.__INTERCEPT__.weight) +
      200 * Number(w.flipper_length_mm.weight) +
      45 * Number(w.culmen_length_mm.weight) +
      island[1].weight;
    assert.ok(Math.abs(byHand - Number(p.p)) < 1e-6, `${byHand} vs ${p.p}`);
    const standardized = await f.bq.query(
      "SELECT weight FROM ML.WEIGHTS(MODEL penguins.linear, STRUCT(TRUE AS standardize)) WHERE processed_input = 'flipper_length_mm'",
    );
    assert.ok(Math.abs(Number(standardized.rows[0].weight)) > Math.abs(Number(w.flipper_length_mm.weight)));
  });

  it('ML.FEATURE_IMPORTANCE per input column for boosted trees; refused for other models', async () => {
    const { columns, rows } = await f.bq.query(
      'SELECT * FROM ML.FEATURE_IMPORTANCE(MODEL penguins.mass) ORDER BY importance_gain DESC',
    );
    assert.deepEqual(
      columns.map((c) => `${c.name} ${c.type}`),
      ['feature VARCHAR', 'importance_weight BIGINT', 'importance_gain DOUBLE', 'importance_cover DOUBLE'],
    );
    assert.deepEqual(rows.map((r) => r.feature).sort(), [
      'culmen_depth_mm',
      'culmen_length_mm',
      'flipper_length_mm',
      'island',
      'sex',
      'species',
    ]);
    assert.ok(Number(rows[0].importance_weight) > 0);
    await assert.rejects(f.bq.query('SELECT * FROM ML.FEATURE_IMPORTANCE(MODEL penguins.linear)'), {
      code: 'E_BQML_FUNCTION',
      message: /BOOSTED_TREE/,
    });
  });

  it('DROP MODEL removes it; DROP MODEL IF EXISTS on a missing model does nothing', async () => {
    await f.bq.execute('DROP MODEL penguins.mass');
    await assert.rejects(f.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.mass)'), { code: 'E_BQML_MODEL_NOT_FOUND' });
    await f.bq.execute('DROP MODEL IF EXISTS penguins.mass');
    await assert.rejects(f.bq.execute('DROP MODEL penguins.mass'), { code: 'E_BQML_MODEL_NOT_FOUND', message: /penguins\.mass/ });
  });
});
