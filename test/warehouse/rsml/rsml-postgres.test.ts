import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { POSTGRES_SKIP } from '../../helpers/postgres.js';
import { assertSamePredictions, FEATURES, postgresPenguins, type RsFixture, storedModel, value } from './rsml-fixture.js';

const SETTINGS = "IAM_ROLE default SETTINGS (S3_BUCKET 'ml-bucket')";

const MODELS: readonly { name: string; sql: string; call: string }[] = [
  {
    name: 'species_xgb',
    sql: `CREATE MODEL species_xgb FROM (SELECT species, ${FEATURES} FROM penguins) TARGET species FUNCTION species_xgb_fn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'multi:softprob' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '15') SETTINGS (S3_BUCKET 'b')`,
    call: `species_xgb_fn(${FEATURES})`,
  },
  {
    name: 'mass_xgb',
    sql: `CREATE MODEL mass_xgb FROM (SELECT body_mass_g, island, culmen_length_mm, flipper_length_mm, sex FROM penguins) TARGET body_mass_g FUNCTION mass_xgb_fn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'reg:squarederror' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '12') SETTINGS (S3_BUCKET 'b')`,
    call: 'mass_xgb_fn(island, culmen_length_mm, flipper_length_mm, sex)',
  },
  {
    name: 'sex_ll',
    sql: `CREATE MODEL sex_ll FROM (SELECT sex, island, culmen_length_mm, culmen_depth_mm, body_mass_g FROM penguins) TARGET sex FUNCTION sex_ll_fn MODEL_TYPE LINEAR_LEARNER ${SETTINGS}`,
    call: 'sex_ll_fn(island, culmen_length_mm, culmen_depth_mm, body_mass_g)',
  },
  {
    name: 'mass_ll',
    sql: `CREATE MODEL mass_ll FROM (SELECT island, flipper_length_mm, body_mass_g FROM penguins) TARGET body_mass_g FUNCTION mass_ll_fn MODEL_TYPE LINEAR_LEARNER PROBLEM_TYPE REGRESSION ${SETTINGS}`,
    call: 'mass_ll_fn(island, flipper_length_mm)',
  },
  {
    name: 'species_mlp',
    sql: `CREATE MODEL species_mlp FROM (SELECT species, culmen_length_mm, culmen_depth_mm, flipper_length_mm, sex FROM penguins) TARGET species FUNCTION species_mlp_fn MODEL_TYPE MLP ${SETTINGS}`,
    call: 'species_mlp_fn(culmen_length_mm, culmen_depth_mm, flipper_length_mm, sex)',
  },
  {
    name: 'groups',
    sql: `CREATE MODEL groups FROM (SELECT culmen_length_mm, culmen_depth_mm, flipper_length_mm FROM penguins) FUNCTION groups_fn IAM_ROLE default AUTO OFF MODEL_TYPE KMEANS HYPERPARAMETERS DEFAULT EXCEPT (K '4') SETTINGS (S3_BUCKET 'b')`,
    call: 'groups_fn(culmen_length_mm, culmen_depth_mm, flipper_length_mm)',
  },
];

describe('Redshift ML on PostgreSQL: the SQL functions predict as the models do', { skip: POSTGRES_SKIP }, () => {
  let f: RsFixture;
  before(async () => {
    f = await postgresPenguins();
    for (const m of MODELS) await f.rs.execute(m.sql);
  });
  after(() => f.close());

  for (const m of MODELS)
    test(`${m.name}: ${m.call.split('(')[0]} equals the model's own predict`, async () => {
      await assertSamePredictions(f.rs, await storedModel(f.rs, m.name), m.call);
    });

  test('a later process (a new warehouse on the database) calls the functions and shows the models', async () => {
    const later = f.reopen();
    try {
      await assertSamePredictions(later, await storedModel(later, 'species_xgb'), `species_xgb_fn(${FEATURES})`);
      assert.equal(await value(later, 'SHOW MODEL mass_ll', 'Problem Type'), 'Regression');
      assert.equal(await value(later, 'SHOW MODEL mass_ll', 'Function Parameter Types'), 'varchar int4');
      assert.equal((await later.query('SHOW MODEL ALL')).rows.length, MODELS.length);
    } finally {
      await later.close();
    }
  });
});

describe('Redshift ML on PostgreSQL: names, DROP MODEL and failures', { skip: POSTGRES_SKIP }, () => {
  test('DROP MODEL drops the function; a taken function name or model name is refused and nothing is left behind', async () => {
    const f = await postgresPenguins();
    try {
      await f.rs.execute('CREATE SCHEMA ml');
      const create = (model: string, fn: string, from = 'SELECT sex, body_mass_g, culmen_depth_mm FROM penguins') =>
        f.rs.execute(`CREATE MODEL ${model} FROM (${from}) TARGET sex FUNCTION ${fn} MODEL_TYPE LINEAR_LEARNER ${SETTINGS}`);
      await create('ml.sex', 'predict_sex');
      const { rows } = await f.rs.query(
        'SELECT ml.predict_sex(body_mass_g, culmen_depth_mm) AS p FROM penguins WHERE sex IS NOT NULL',
      );
      assert.ok(rows.filter((r) => r.p === 'MALE').length > 100 && rows.filter((r) => r.p === 'FEMALE').length > 100);
      await assert.rejects(create('ml.sex', 'other_fn'), { code: 'E_RSML_MODEL_EXISTS', message: /ml\.sex already exists/ });
      await assert.rejects(create('ml.sex2', 'predict_sex'), { code: 'E_RSML_FUNCTION_EXISTS', message: /predict_sex/ });
      await assert.rejects(create('ml.sex3', 'abs'), { code: 'E_RSML_FUNCTION_EXISTS', message: /built-in/ });
      await assert.rejects(
        create(
          'ml.bad',
          'bad_fn',
          "SELECT CASE WHEN culmen_length_mm = (SELECT max(culmen_length_mm) FROM penguins) THEN 'X' ELSE sex END AS sex, body_mass_g FROM penguins",
        ),
        {
          code: 'E_RSML_TARGET',
          message: /Class X .*only one row/,
        },
      );
      const fns = await f.rs.query(
        "SELECT proname FROM pg_proc WHERE proname IN ('bad_fn', 'other_fn', 'predict_sex') ORDER BY 1",
      );
      assert.deepEqual(fns.rows, [{ proname: 'predict_sex' }]);
      await f.rs.execute('DROP MODEL ml.sex');
      assert.deepEqual((await f.rs.query("SELECT proname FROM pg_proc WHERE proname = 'predict_sex'")).rows, []);
      assert.deepEqual((await f.rs.query('SHOW MODEL ALL')).rows, []);
      await create('ml.sex', 'predict_sex');
    } finally {
      await f.close();
    }
  });
});
