import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

describe('BigQuery ML data split', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
    await f.engine.execute(`create table penguins.synthetic as
      select i, (i * 37 % 1000) / 1000.0 as x, ((i * 37 % 1000) / 1000.0 + ((i * 7919) % 100) / 500.0) > 0.6 as positive, i % 4 = 0 as is_eval
      from range(1000) t(i)`);
  });
  after(() => f.close());

  const confusionTotal = async (model: string) => {
    const { rows } = await f.bq.query(`SELECT * FROM ML.CONFUSION_MATRIX(MODEL penguins.${model})`);
    return rows.reduce((s, r) => s + Number(r.FALSE) + Number(r.TRUE), 0);
  };

  it('AUTO_SPLIT holds out 20 % of 500–50,000 rows and evaluates on them', async () => {
    await f.bq.execute(
      "CREATE MODEL penguins.auto OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['positive']) AS SELECT x, positive FROM penguins.synthetic",
    );
    assert.equal(await confusionTotal('auto'), 200);
    const info = await f.bq.query('SELECT eval_loss FROM ML.TRAINING_INFO(MODEL penguins.auto) WHERE eval_loss IS NOT NULL');
    assert.ok(info.rows.length > 0, 'the held-out rows are reported as eval_loss');
  });

  it('CUSTOM evaluates on the rows whose data_split_col is TRUE, and the column is no feature', async () => {
    await f.bq.execute(
      "CREATE MODEL penguins.custom OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['positive'], data_split_method = 'CUSTOM', data_split_col = 'is_eval') AS SELECT x, positive, is_eval FROM penguins.synthetic",
    );
    assert.equal(await confusionTotal('custom'), 250);
    const features = await f.bq.query('SELECT input FROM ML.FEATURE_INFO(MODEL penguins.custom)');
    assert.deepEqual(features.rows, [{ input: 'x' }]);
  });

  it('NO_SPLIT and RANDOM with data_split_eval_fraction; CUSTOM without a column is refused', async () => {
    await f.bq.execute(
      "CREATE MODEL penguins.none OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['positive'], data_split_method = 'NO_SPLIT') AS SELECT x, positive FROM penguins.synthetic",
    );
    assert.equal(await confusionTotal('none'), 1000);
    await f.bq.execute(
      "CREATE MODEL penguins.random OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['positive'], data_split_method = 'RANDOM', data_split_eval_fraction = 0.3) AS SELECT x, positive FROM penguins.synthetic",
    );
    assert.equal(await confusionTotal('random'), 300);
    await assert.rejects(
      f.bq.execute(
        "CREATE MODEL penguins.bad OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['positive'], data_split_method = 'CUSTOM') AS SELECT x, positive FROM penguins.synthetic",
      ),
      { code: 'E_BQML_OPTION', message: /needs data_split_col/ },
    );
  });

  it('streams a query over ML.PREDICT like any other query', async () => {
    let rows = 0;
    for await (const batch of f.bq.stream(
      'SELECT predicted_positive FROM ML.PREDICT(MODEL penguins.auto, TABLE penguins.synthetic)',
      {},
      { batchRows: 300 },
    ))
      rows += batch.rows.length;
    assert.equal(rows, 1000);
  });
});
