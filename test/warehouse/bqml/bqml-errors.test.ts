import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

const model = (name: string, options: string, select = 'SELECT * FROM penguins.penguins', create = 'CREATE MODEL') =>
  `${create} penguins.${name} OPTIONS (${options}) AS ${select}`;

describe('BigQuery ML bad input: BigQuery-like errors naming the column, no partial model', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
  });
  after(() => f.close());

  const noModel = async (name: string) =>
    assert.rejects(f.bq.query(`SELECT * FROM ML.TRAINING_INFO(MODEL penguins.${name})`), { code: 'E_BQML_MODEL_NOT_FOUND' });

  it('a label column that does not exist', async () => {
    await assert.rejects(f.bq.execute(model('a', "model_type = 'LOGISTIC_REG', input_label_cols = ['specie']")), {
      code: 'E_BQML_LABEL',
      message: /label column specie .*not a column/,
    });
    await noModel('a');
  });

  it('a label column that is NULL in every row', async () => {
    await assert.rejects(
      f.bq.execute(
        model(
          'b',
          "model_type = 'LINEAR_REG', input_label_cols = ['y']",
          'SELECT CAST(NULL AS FLOAT64) AS y, body_mass_g FROM penguins.penguins',
        ),
      ),
      { code: 'E_BQML_LABEL', message: /label column y is NULL in every row/ },
    );
    await noModel('b');
  });

  it('a class with one row', async () => {
    const select =
      "SELECT IF(culmen_length_mm = 39.1 AND body_mass_g = 3750, 'odd', species) AS species, island, body_mass_g FROM penguins.penguins";
    await assert.rejects(f.bq.execute(model('c', "model_type = 'LOGISTIC_REG', input_label_cols = ['species']", select)), {
      code: 'E_BQML_LABEL',
      message: /Class odd of label column species has only one row/,
    });
    await noModel('c');
  });

  it('a non-numeric label for a regressor, and a feature of a type no model reads', async () => {
    await assert.rejects(f.bq.execute(model('d', "model_type = 'LINEAR_REG', input_label_cols = ['island']")), {
      code: 'E_BQML_COLUMN_TYPE',
      message: /label column island has type STRING; a regression model needs a numeric label/,
    });
    await assert.rejects(
      f.bq.execute(
        model(
          'd',
          "model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g']",
          'SELECT body_mass_g, DATE "2024-01-01" AS seen FROM penguins.penguins',
        ),
      ),
      { code: 'E_BQML_COLUMN_TYPE', message: /Column seen has type DATE/ },
    );
    await noModel('d');
  });

  it('a STRING column where a TRANSFORM needs a number', async () => {
    await assert.rejects(
      f.bq.execute(
        `CREATE MODEL penguins.s TRANSFORM (ML.STANDARD_SCALER(island) OVER () AS island, body_mass_g)
         OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g']) AS SELECT island, body_mass_g FROM penguins.penguins`,
      ),
      {
        code: 'E_BQML_COLUMN_TYPE',
        message: /ML\.STANDARD_SCALER\(island\): the argument has type STRING; ML\.STANDARD_SCALER needs a number/,
      },
    );
    await noModel('s');
  });

  it('a model that exists, without OR REPLACE: refused and the model untouched; a failed OR REPLACE keeps it too', async () => {
    const options = "model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g']";
    await f.bq.execute(model('e', options));
    const before = (await f.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.e)')).rows;
    await assert.rejects(f.bq.execute(model('e', options, 'SELECT body_mass_g, flipper_length_mm FROM penguins.penguins')), {
      code: 'E_BQML_MODEL_EXISTS',
      message: /Already Exists: Model penguins\.e/,
    });
    await assert.rejects(
      f.bq.execute(model('e', "model_type = 'LINEAR_REG', input_label_cols = ['nope']", undefined, 'CREATE OR REPLACE MODEL')),
      {
        code: 'E_BQML_LABEL',
      },
    );
    await f.bq.execute(
      model('e', options, 'SELECT body_mass_g, flipper_length_mm FROM penguins.penguins', 'CREATE MODEL IF NOT EXISTS'),
    );
    assert.deepEqual((await f.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.e)')).rows, before);
  });

  it('ML.PREDICT on rows missing a feature column', async () => {
    await f.bq.execute(
      model(
        'g',
        "model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g']",
        'SELECT body_mass_g, flipper_length_mm, island FROM penguins.penguins',
      ),
    );
    await assert.rejects(
      f.bq.query('SELECT * FROM ML.PREDICT(MODEL penguins.g, (SELECT flipper_length_mm FROM penguins.penguins))'),
      {
        code: 'E_BQML_COLUMN',
        message: /ML\.PREDICT: the input has no column island, which model penguins\.g was trained with/,
      },
    );
  });

  it('an unknown option, an unknown ML function, a dataset that does not exist', async () => {
    await assert.rejects(
      f.bq.execute(model('h', "model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g'], learning_rate = 0.1")),
      {
        code: 'E_BQML_OPTION',
        message: /option learning_rate is not an option Godwit knows/,
      },
    );
    await assert.rejects(
      f.bq.query('SELECT * FROM ML.PREDICT(MODEL penguins.g, TABLE penguins.penguins, STRUCT(TRUE AS keep_original_columns))'),
      {
        code: 'E_BQML_FUNCTION',
        message: /setting keep_original_columns/,
      },
    );
    await assert.rejects(f.bq.query('SELECT * FROM ML.EXPLAIN_FORECAST(MODEL penguins.g)'), {
      code: 'E_BQML_FUNCTION',
      message: /EXPLAIN_FORECAST/,
    });
    await assert.rejects(
      f.bq.execute(
        "CREATE MODEL nowhere.m OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g']) AS SELECT * FROM penguins.penguins",
      ),
      { code: 'E_BQML_DATASET_NOT_FOUND', message: /Dataset nowhere/ },
    );
    await noModel('h');
  });
});
