import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toFileUri } from '../../../src/core/uri.js';
import { speaking } from '../../../src/warehouse/index.js';
import { POSTGRES_SKIP } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';
import { type PgFixture, penguinsOnPostgres } from './bqml-postgres-fixture.js';

const MODELS: Readonly<Record<string, string>> = {
  logistic: "model_type = 'LOGISTIC_REG', input_label_cols = ['species']",
  trees: "model_type = 'BOOSTED_TREE_CLASSIFIER', input_label_cols = ['species'], max_iterations = 10",
  linear: "model_type = 'LINEAR_REG', input_label_cols = ['body_mass_g']",
  clusters: "model_type = 'KMEANS', num_clusters = 3",
};

const PREDICTED: Readonly<Record<string, string>> = {
  logistic: 'predicted_species',
  trees: 'predicted_species',
  linear: 'predicted_body_mass_g',
  clusters: 'centroid_id',
};

/** Rows with lower-case keys, numbers to 9 digits, durations dropped (they differ run to run). */
function normal(rows: readonly Record<string, unknown>[]): unknown[] {
  const value = (v: unknown): unknown => {
    if (typeof v === 'number' || typeof v === 'bigint') return Number(v).toPrecision(9);
    if (Array.isArray(v)) return v.map(value);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), value(x)]));
    return v;
  };
  return rows.map((r) => {
    const { duration_ms: _, ...rest } = value(r) as Record<string, unknown>;
    return rest;
  });
}

describe('BigQuery ML on PostgreSQL: the penguins give the same models as on DuckDB', { skip: POSTGRES_SKIP }, () => {
  let duck: BqFixture;
  let pg: PgFixture;
  before(async () => {
    duck = await penguinsWarehouse();
    pg = await penguinsOnPostgres((await duck.engine.query('select * from penguins.penguins')).rows);
  });
  after(async () => {
    await duck?.close();
    await pg?.close();
  });

  for (const [name, options] of Object.entries(MODELS)) {
    it(`${name}: CREATE MODEL, ML.EVALUATE and ML.PREDICT agree with DuckDB's`, async () => {
      const create = `CREATE MODEL penguins.${name} OPTIONS (${options}) AS SELECT * FROM penguins.penguins`;
      await duck.bq.execute(create);
      await pg.bq.execute(create);
      const evaluate = `SELECT * FROM ML.EVALUATE(MODEL penguins.${name})`;
      const [onDuck] = (await duck.bq.query(evaluate)).rows;
      const [onPg] = (await pg.bq.query(evaluate)).rows;
      assert.deepEqual(Object.keys(onPg), Object.keys(onDuck));
      for (const metric of Object.keys(onDuck))
        assert.ok(
          Math.abs(Number(onPg[metric]) - Number(onDuck[metric])) < 1e-9,
          `${metric}: ${onPg[metric]} vs ${onDuck[metric]}`,
        );
      const column = PREDICTED[name];
      const predict = `SELECT ${column} AS p FROM ML.PREDICT(MODEL penguins.${name}, TABLE penguins.penguins)`;
      const duckLabels = (await duck.bq.query(predict)).rows.map((r) => (typeof r.p === 'number' ? r.p.toFixed(6) : String(r.p)));
      const pgLabels = (await pg.bq.query(predict)).rows.map((r) => (typeof r.p === 'number' ? r.p.toFixed(6) : String(r.p)));
      assert.equal(pgLabels.length, 344);
      assert.deepEqual(pgLabels, duckLabels);
    });
  }

  it('every ML.* function gives the same rows on PostgreSQL as on DuckDB (names in lower case, lists and structs as jsonb)', async () => {
    const binary = `CREATE MODEL penguins.binary OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['island'])
      AS SELECT IF(island = 'Biscoe', 'Biscoe', 'other') AS island, culmen_length_mm, body_mass_g, sex FROM penguins.penguins`;
    await duck.bq.execute(binary);
    await pg.bq.execute(binary);
    const calls = [
      'ML.CONFUSION_MATRIX(MODEL penguins.logistic)',
      'ML.ROC_CURVE(MODEL penguins.binary)',
      'ML.TRAINING_INFO(MODEL penguins.trees)',
      'ML.FEATURE_INFO(MODEL penguins.logistic)',
      'ML.WEIGHTS(MODEL penguins.linear)',
      'ML.WEIGHTS(MODEL penguins.logistic, STRUCT(TRUE AS standardize))',
      'ML.FEATURE_IMPORTANCE(MODEL penguins.trees)',
      'ML.CENTROIDS(MODEL penguins.clusters)',
      'ML.EVALUATE(MODEL penguins.binary, TABLE penguins.penguins, STRUCT(0.6 AS threshold))',
    ];
    for (const call of calls) {
      const onDuck = normal((await duck.bq.query(`SELECT * FROM ${call}`)).rows);
      const onPg = normal((await pg.bq.query(`SELECT * FROM ${call}`)).rows);
      assert.ok(onPg.length > 0, call);
      assert.deepEqual(onPg, onDuck, call);
    }
  });

  it('keeps the model in godwit_bqml.models on PostgreSQL; ORDER BY, WHERE, GROUP BY and parameters run in PostgreSQL', async () => {
    const { rows: stored } = await pg.engine.query("select model_type from godwit_bqml.models where name = 'logistic'");
    assert.deepEqual(stored, [{ model_type: 'LOGISTIC_REG' }]);
    const { columns, rows } = await pg.bq.query(
      `SELECT predicted_species, COUNT(*) AS n FROM ML.PREDICT(MODEL penguins.logistic, TABLE penguins.penguins)
       WHERE island = @island GROUP BY predicted_species ORDER BY n DESC`,
      { island: 'Biscoe' },
    );
    assert.deepEqual(
      columns.map((c) => c.name),
      ['predicted_species', 'n'],
    );
    assert.equal(rows[0].predicted_species, 'Gentoo');
    assert.equal(
      rows.reduce((s, r) => s + Number(r.n), 0),
      168,
    );
    const { columns: probs, rows: first } = await pg.bq.query(
      'SELECT predicted_species_probs FROM ML.PREDICT(MODEL penguins.logistic, (SELECT * FROM penguins.penguins WHERE body_mass_g IS NOT NULL)) LIMIT 1',
    );
    assert.equal(probs[0].type, 'jsonb');
    const list = first[0].predicted_species_probs as { label: string; prob: number }[];
    assert.deepEqual(
      list.map((p) => p.label),
      ['Adelie', 'Chinstrap', 'Gentoo'],
    );
    const [best] = (await pg.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.logistic) ORDER BY roc_auc DESC LIMIT 1')).rows;
    assert.ok(Number(best.roc_auc) >= 0.95);
  });

  it('a failed CREATE MODEL leaves no model; DROP MODEL removes one', async () => {
    await assert.rejects(
      pg.bq.execute(
        "CREATE MODEL penguins.broken OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['specie']) AS SELECT * FROM penguins.penguins",
      ),
      { code: 'E_BQML_LABEL', message: /label column specie/ },
    );
    const count = async (name: string) =>
      Number((await pg.engine.query('select count(*) as n from godwit_bqml.models where name = :n', { n: name })).rows[0].n);
    assert.equal(await count('broken'), 0);
    await pg.bq.execute('DROP MODEL penguins.linear');
    assert.equal(await count('linear'), 0);
    await assert.rejects(pg.bq.query('SELECT * FROM ML.WEIGHTS(MODEL penguins.linear)'), { code: 'E_BQML_MODEL_NOT_FOUND' });
  });

  it("the bad-input list on PostgreSQL: BigQuery-like errors naming the column (in BigQuery's type names), no model left", async () => {
    const models = async () => Number((await pg.engine.query('select count(*) as n from godwit_bqml.models')).rows[0].n);
    const before = await models();
    const create =
      (options: string, select = 'SELECT * FROM penguins.penguins', name = 'bad') =>
      () =>
        pg.bq.execute(`CREATE MODEL penguins.${name} OPTIONS (${options}) AS ${select}`);
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [create("model_type = 'LOGISTIC_REG', input_label_cols = ['specie']"), 'E_BQML_LABEL', /label column specie/],
      [
        create(
          "model_type = 'LINEAR_REG', input_label_cols = ['y']",
          'SELECT CAST(NULL AS FLOAT64) AS y, island FROM penguins.penguins',
        ),
        'E_BQML_LABEL',
        /label column y is NULL in every row/,
      ],
      [
        create(
          "model_type = 'LOGISTIC_REG', input_label_cols = ['species']",
          "SELECT IF(culmen_length_mm = 39.1 AND body_mass_g = 3750, 'odd', species) AS species, island FROM penguins.penguins",
        ),
        'E_BQML_LABEL',
        /Class odd of label column species has only one row/,
      ],
      [
        create("model_type = 'LINEAR_REG', input_label_cols = ['island']"),
        'E_BQML_COLUMN_TYPE',
        /label column island has type STRING; a regression model needs a numeric label/,
      ],
      [
        create("model_type = 'LOGISTIC_REG', input_label_cols = ['species']", undefined, 'logistic'),
        'E_BQML_MODEL_EXISTS',
        /Already Exists: Model penguins\.logistic/,
      ],
      [
        () => pg.bq.query('SELECT * FROM ML.PREDICT(MODEL penguins.logistic, (SELECT island FROM penguins.penguins))'),
        'E_BQML_COLUMN',
        /ML\.PREDICT: the input has no column culmen_length_mm/,
      ],
    ];
    for (const [run, code, message] of cases) await assert.rejects(run(), { code, message });
    assert.equal(await models(), before, 'no model was written');
  });

  it("EXPORT DATA of ML.PREDICT and LOAD DATA run through the PostgreSQL warehouse's UNLOAD and COPY", async () => {
    const dir = toFileUri(scratchDir('godwit-bqpg-files-'));
    await pg.bq.execute(
      `EXPORT DATA OPTIONS (uri = '${dir}/scored/*.csv', format = 'CSV', overwrite = true, header = true) AS
       SELECT predicted_species, species FROM ML.PREDICT(MODEL penguins.logistic, TABLE penguins.penguins) WHERE species = @s`,
      { s: 'Gentoo' },
    );
    await pg.engine.execute('create table penguins.scored (predicted_species text, species text)');
    const loaded = await pg.bq.execute(
      `LOAD DATA INTO penguins.scored FROM FILES (format = 'CSV', uris = ['${dir}/scored/*'], skip_leading_rows = 1)`,
    );
    assert.equal(loaded.rows, 124);
    const { rows } = await pg.bq.query('SELECT COUNTIF(predicted_species = species) AS right FROM penguins.scored');
    assert.ok(Number(rows[0].right) >= 120, `right ${rows[0].right}`);
  });

  it('TRANSFORM runs in PostgreSQL: fitted constants and quantile buckets as on DuckDB', async () => {
    const create = `CREATE MODEL penguins.shaped
      TRANSFORM (ML.STANDARD_SCALER(culmen_length_mm) OVER () AS culmen, ML.QUANTILE_BUCKETIZE(flipper_length_mm, 4) OVER () AS flipper,
                 ML.MIN_MAX_SCALER(body_mass_g) OVER () AS mass, ML.FEATURE_CROSS(STRUCT(island, sex)) AS place, species)
      OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS SELECT * FROM penguins.penguins`;
    await duck.bq.execute(create);
    await pg.bq.execute(create);
    const info = 'SELECT input, min, max, mean, category_count FROM ML.FEATURE_INFO(MODEL penguins.shaped) ORDER BY input';
    const round = (rows: readonly Record<string, unknown>[]) =>
      rows.map((r) => Object.values(r).map((v) => (typeof v === 'number' ? v.toFixed(9) : String(v))));
    assert.deepEqual(round((await pg.bq.query(info)).rows), round((await duck.bq.query(info)).rows));
  });

  it("speaking(pg, 'bigquery') gives the front end (as godwit sql --dialect bigquery and a sql step get it); Redshift SQL on PostgreSQL stays refused", async () => {
    const bq = await speaking(pg.engine, 'bigquery');
    assert.equal(bq.dialect, 'bigquery');
    const { rows } = await bq.query(
      'SELECT predicted_species FROM ML.PREDICT(MODEL penguins.logistic, (SELECT * FROM penguins.penguins LIMIT 1))',
    );
    assert.equal(rows[0].predicted_species, 'Adelie');
    await assert.rejects(speaking(pg.engine, 'redshift'), { code: 'E_CONFIG', message: /cannot run redshift SQL/ });
  });

  it('BigQuery SQL PostgreSQL has no form for is E_SQL_DIALECT naming it', async () => {
    await assert.rejects(pg.bq.query('SELECT SAFE_CAST(island AS INT64) FROM penguins.penguins'), {
      code: 'E_SQL_DIALECT',
      message: /SAFE_CAST at line 1/,
    });
    await assert.rejects(pg.bq.query('SELECT * EXCEPT (sex) FROM penguins.penguins'), {
      code: 'E_SQL_DIALECT',
      message: /SELECT \* EXCEPT/,
    });
    await assert.rejects(pg.bq.query('SELECT DATE_ADD(CURRENT_DATE(), INTERVAL 1 DAY)'), {
      code: 'E_SQL_DIALECT',
      message: /DATEADD/,
    });
    const { rows } = await pg.bq.query(
      "SELECT IFNULL(sex, 'unknown') AS sex, IF(body_mass_g > 4000, 'big', 'small') AS size, CAST(body_mass_g AS FLOAT64) AS mass FROM `penguins.penguins` WHERE sex IS NULL LIMIT 1",
    );
    assert.equal(rows[0].sex, 'unknown');
  });
});
