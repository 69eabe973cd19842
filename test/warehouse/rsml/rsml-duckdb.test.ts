import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertSamePredictions, duckdbPenguins, FEATURES, type RsFixture, storedModel, value } from './rsml-fixture.js';

const SETTINGS = "IAM_ROLE default SETTINGS (S3_BUCKET 'ml-bucket')";

/** Each model kind Redshift ML trains, and the function call that predicts with it. */
const MODELS: readonly { name: string; sql: string; call: string }[] = [
  {
    name: 'species_xgb',
    sql: `CREATE MODEL species_xgb FROM (SELECT species, ${FEATURES} FROM penguins) TARGET species FUNCTION species_xgb_fn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'multi:softmax' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '15', MAX_DEPTH '4') SETTINGS (S3_BUCKET 'b')`,
    call: `species_xgb_fn(${FEATURES})`,
  },
  {
    name: 'sex_xgb',
    sql: `CREATE MODEL sex_xgb FROM (SELECT ${FEATURES}, species FROM penguins) TARGET sex FUNCTION sex_xgb_fn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'binary:logistic' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '10') SETTINGS (S3_BUCKET 'b')`,
    call: 'sex_xgb_fn(island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g, species)',
  },
  {
    name: 'mass_xgb',
    sql: `CREATE MODEL mass_xgb FROM (SELECT body_mass_g, island, culmen_length_mm, flipper_length_mm, sex FROM penguins) TARGET body_mass_g FUNCTION mass_xgb_fn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'reg:squarederror' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '12', ETA '0.2') SETTINGS (S3_BUCKET 'b')`,
    call: 'mass_xgb_fn(island, culmen_length_mm, flipper_length_mm, sex)',
  },
  {
    name: 'species_ll',
    sql: `CREATE MODEL species_ll FROM (SELECT species, ${FEATURES} FROM penguins) TARGET species FUNCTION species_ll_fn MODEL_TYPE LINEAR_LEARNER ${SETTINGS}`,
    call: `species_ll_fn(${FEATURES})`,
  },
  {
    name: 'sex_ll',
    sql: `CREATE MODEL sex_ll FROM (SELECT sex, culmen_length_mm, culmen_depth_mm, body_mass_g FROM penguins) TARGET sex FUNCTION sex_ll_fn MODEL_TYPE LINEAR_LEARNER PROBLEM_TYPE BINARY_CLASSIFICATION ${SETTINGS}`,
    call: 'sex_ll_fn(culmen_length_mm, culmen_depth_mm, body_mass_g)',
  },
  {
    name: 'mass_ll',
    sql: `CREATE MODEL mass_ll FROM (SELECT island, flipper_length_mm, body_mass_g FROM penguins) TARGET body_mass_g FUNCTION mass_ll_fn IAM_ROLE default AUTO OFF MODEL_TYPE LINEAR_LEARNER PROBLEM_TYPE REGRESSION HYPERPARAMETERS DEFAULT EXCEPT (WD '0.1') SETTINGS (S3_BUCKET 'b')`,
    call: 'mass_ll_fn(island, flipper_length_mm)',
  },
  {
    name: 'species_mlp',
    sql: `CREATE MODEL species_mlp FROM (SELECT species, culmen_length_mm, culmen_depth_mm, flipper_length_mm FROM penguins) TARGET species FUNCTION species_mlp_fn IAM_ROLE default AUTO OFF MODEL_TYPE MLP HYPERPARAMETERS DEFAULT EXCEPT (EPOCHS '30', LEARNING_RATE '0.01') SETTINGS (S3_BUCKET 'b')`,
    call: 'species_mlp_fn(culmen_length_mm, culmen_depth_mm, flipper_length_mm)',
  },
  {
    name: 'mass_mlp',
    sql: `CREATE MODEL mass_mlp FROM (SELECT flipper_length_mm, sex, body_mass_g FROM penguins) TARGET body_mass_g FUNCTION mass_mlp_fn IAM_ROLE default AUTO OFF MODEL_TYPE MLP PROBLEM_TYPE REGRESSION HYPERPARAMETERS DEFAULT EXCEPT (EPOCHS '5') SETTINGS (S3_BUCKET 'b')`,
    call: 'mass_mlp_fn(flipper_length_mm, sex)',
  },
  {
    name: 'groups',
    sql: `CREATE MODEL groups FROM (SELECT culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g FROM penguins) FUNCTION groups_fn IAM_ROLE default AUTO OFF MODEL_TYPE KMEANS HYPERPARAMETERS DEFAULT EXCEPT (K '3') SETTINGS (S3_BUCKET 'b')`,
    call: 'groups_fn(culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g)',
  },
];

describe('Redshift ML on DuckDB: every model kind predicts through its SQL function as the model does', () => {
  let f: RsFixture;
  before(async () => {
    f = await duckdbPenguins();
    for (const m of MODELS) await f.rs.execute(m.sql);
  });
  after(() => f.close());

  for (const m of MODELS)
    test(`${m.name}: ${m.call.split('(')[0]} equals the model's own predict`, async () => {
      await assertSamePredictions(f.rs, await storedModel(f.rs, m.name), m.call);
    });

  test('the problem type follows the target and the clauses (SHOW MODEL)', async () => {
    const problem = async (name: string) => value(f.rs, `SHOW MODEL ${name}`, 'Problem Type');
    assert.equal(await problem('species_xgb'), 'MulticlassClassification');
    assert.equal(await problem('sex_ll'), 'BinaryClassification');
    assert.equal(await problem('mass_ll'), 'Regression');
    assert.equal(await problem('groups'), undefined);
  });
});

describe('Redshift ML on DuckDB: AUTO, SHOW MODEL, DROP MODEL and a later process', () => {
  test('AUTO ON guesses the problem type from the target and trains XGBOOST; the function outlives the process', async () => {
    const f = await duckdbPenguins();
    await f.rs.execute(`CREATE MODEL auto_species FROM penguins TARGET species FUNCTION predict_species ${SETTINGS}`);
    await f.rs.execute(
      `CREATE MODEL auto_mass FROM (SELECT flipper_length_mm, body_mass_g FROM penguins) TARGET body_mass_g FUNCTION predict_mass ${SETTINGS}`,
    );
    assert.equal(await value(f.rs, 'SHOW MODEL auto_species', 'Problem Type'), 'MulticlassClassification');
    assert.equal(await value(f.rs, 'SHOW MODEL auto_species', 'Model Type'), 'xgboost');
    assert.equal(await value(f.rs, 'SHOW MODEL auto_mass', 'Problem Type'), 'Regression');
    const before = await f.rs.query(
      `SELECT predict_species(${FEATURES}) AS p FROM penguins ORDER BY culmen_length_mm, body_mass_g, island, sex`,
    );
    await f.close();
    const later = f.reopen();
    try {
      const again = await later.query(
        `SELECT predict_species(${FEATURES}) AS p FROM penguins ORDER BY culmen_length_mm, body_mass_g, island, sex`,
      );
      assert.deepEqual(again.rows, before.rows);
      const right = before.rows.filter((r, k) => r.p !== null && r.p === again.rows[k].p).length;
      assert.ok(right > 300);
      await assertSamePredictions(later, await storedModel(later, 'auto_species'), `predict_species(${FEATURES})`);
      await assertSamePredictions(later, await storedModel(later, 'auto_mass'), 'predict_mass(flipper_length_mm)');
    } finally {
      await later.close();
    }
  });

  test('SHOW MODEL prints Redshift Key / Value rows; SHOW MODEL ALL lists; DROP MODEL removes model and function', async () => {
    const f = await duckdbPenguins();
    try {
      await f.rs.execute('CREATE SCHEMA ml');
      await f.rs.execute(
        `CREATE MODEL ml.sex FROM (SELECT sex, body_mass_g, culmen_depth_mm FROM penguins) TARGET sex FUNCTION predict_sex IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftML' AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'binary:logistic' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '5') SETTINGS (S3_BUCKET 'ml-bucket', MAX_RUNTIME 1800)`,
      );
      const shown = await f.rs.query('SHOW MODEL ml.sex');
      assert.deepEqual(
        shown.columns.map((c) => c.name),
        ['Key', 'Value'],
      );
      const kv = Object.fromEntries(shown.rows.map((r) => [r.Key, r.Value]));
      assert.equal(kv['Model Name'], 'sex');
      assert.equal(kv['Schema Name'], 'ml');
      assert.equal(kv['Model State'], 'READY');
      assert.match(String(kv['validation:error']), /^\d/);
      assert.equal(kv['Target Column'], 'SEX');
      assert.equal(kv['Problem Type'], 'BinaryClassification');
      assert.equal(kv.Objective, 'binary:logistic');
      assert.equal(kv['Function Name'], 'predict_sex');
      assert.equal(kv['Function Parameters'], 'body_mass_g culmen_depth_mm');
      assert.equal(kv['Function Parameter Types'], 'int4 float8');
      assert.equal(kv['IAM Role'], 'arn:aws:iam::123456789012:role/RedshiftML');
      assert.equal(kv['S3 Bucket'], 'ml-bucket');
      assert.equal(kv['Max Runtime'], '1800');
      assert.equal(kv['Hyperparameter num_round'], '5');
      const all = await f.rs.query('SHOW MODEL ALL');
      assert.deepEqual(all.rows, [{ 'Schema Name': 'ml', 'Model Name': 'sex' }]);
      const predicted = await f.rs.query(
        'SELECT ml.predict_sex(body_mass_g, culmen_depth_mm) AS p FROM penguins WHERE body_mass_g IS NOT NULL LIMIT 3',
      );
      assert.ok(predicted.rows.every((r) => r.p === 'MALE' || r.p === 'FEMALE'));
      await f.rs.execute('DROP MODEL ml.sex');
      assert.deepEqual((await f.rs.query('SHOW MODEL ALL')).rows, []);
      await assert.rejects(f.rs.query('SELECT ml.predict_sex(1, 2)'), /predict_sex/);
      await assert.rejects(f.rs.execute('DROP MODEL ml.sex'), { code: 'E_RSML_MODEL_NOT_FOUND' });
      await f.rs.execute('DROP MODEL IF EXISTS ml.sex');
      await assert.rejects(f.rs.query('SHOW MODEL ml.sex'), { code: 'E_RSML_MODEL_NOT_FOUND' });
    } finally {
      await f.close();
    }
  });
});
