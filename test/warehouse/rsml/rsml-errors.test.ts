/**
 * Redshift ML's bad input on DuckDB: each refusal is a coded error naming what is wrong and what
 * is supported, and a CREATE MODEL that fails leaves no model and no function behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseStatement } from '../../../src/sql/index.js';
import { duckdbPenguins, type RsFixture } from './rsml-fixture.js';

const TAIL = "IAM_ROLE default SETTINGS (S3_BUCKET 'b')";

describe('Redshift ML statements are read clause by clause', () => {
  test('CREATE MODEL keeps its clauses, settings and hyperparameters; SHOW and DROP MODEL read', () => {
    const s = parseStatement(
      "CREATE MODEL ml.m FROM (SELECT a, b FROM t WHERE c > 1) TARGET b FUNCTION f IAM_ROLE 'arn:aws:iam::1:role/r' AUTO OFF MODEL_TYPE XGBOOST PROBLEM_TYPE ( BINARY_CLASSIFICATION ) OBJECTIVE 'binary:logistic' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '10', ETA '0.1') SETTINGS (S3_BUCKET 'bucket', MAX_RUNTIME 1800);",
      'redshift',
    );
    assert.equal(s.kind, 'redshift-create-model');
    if (s.kind !== 'redshift-create-model') return;
    assert.deepEqual(s.model, { schema: 'ml', name: 'm' });
    assert.equal(s.select, 'SELECT a, b FROM t WHERE c > 1');
    assert.deepEqual(Object.fromEntries(s.clauses), {
      TARGET: 'b',
      FUNCTION: 'f',
      IAM_ROLE: 'arn:aws:iam::1:role/r',
      AUTO: 'OFF',
      MODEL_TYPE: 'XGBOOST',
      PROBLEM_TYPE: 'BINARY_CLASSIFICATION',
      OBJECTIVE: 'binary:logistic',
    });
    assert.deepEqual(s.hyperparameters, [
      ['NUM_ROUND', '10'],
      ['ETA', '0.1'],
    ]);
    assert.deepEqual(s.settings, [
      ['S3_BUCKET', 'bucket'],
      ['MAX_RUNTIME', '1800'],
    ]);
    assert.deepEqual(parseStatement('SHOW MODEL ALL', 'redshift').kind, 'show-model');
    const drop = parseStatement('DROP MODEL IF EXISTS ml.m', 'redshift');
    assert.equal(drop.kind, 'drop-model');
    assert.equal(parseStatement('CREATE MODEL m FROM t TARGET y FUNCTION f FUNCTION g', 'redshift').kind, 'unreadable');
  });
});

describe('Redshift ML refuses bad input on DuckDB, leaving nothing behind', () => {
  let f: RsFixture;
  before(async () => {
    f = await duckdbPenguins();
    await f.rs.execute(
      `CREATE MODEL taken FROM (SELECT sex, body_mass_g FROM penguins) TARGET sex FUNCTION taken_fn MODEL_TYPE LINEAR_LEARNER ${TAIL}`,
    );
  });
  after(() => f.close());

  const cases: readonly [string, string, string, RegExp][] = [
    [
      'a TARGET column that is missing',
      `CREATE MODEL m1 FROM penguins TARGET weight FUNCTION f1 ${TAIL}`,
      'E_RSML_TARGET',
      /TARGET column weight is not a column .*/,
    ],
    [
      'a TARGET that is NULL in every row',
      `CREATE MODEL m2 FROM (SELECT CAST(NULL AS VARCHAR) AS y, body_mass_g FROM penguins) TARGET y FUNCTION f2 ${TAIL}`,
      'E_RSML_TARGET',
      /TARGET column y is NULL in every row/,
    ],
    [
      'a class with one row',
      `CREATE MODEL m3 FROM (SELECT CASE WHEN culmen_length_mm = (SELECT max(culmen_length_mm) FROM penguins) THEN 'X' ELSE species END AS species, body_mass_g FROM penguins) TARGET species FUNCTION f3 ${TAIL}`,
      'E_RSML_TARGET',
      /Class X of TARGET column species has only one row/,
    ],
    [
      'a string target for a regression',
      `CREATE MODEL m4 FROM (SELECT species, body_mass_g FROM penguins) TARGET species FUNCTION f4 PROBLEM_TYPE REGRESSION ${TAIL}`,
      'E_RSML_COLUMN_TYPE',
      /TARGET column species has type VARCHAR; a regression model needs a numeric label/,
    ],
    [
      'a string column in KMEANS',
      `CREATE MODEL m5 FROM (SELECT island, body_mass_g FROM penguins) FUNCTION f5 IAM_ROLE default AUTO OFF MODEL_TYPE KMEANS HYPERPARAMETERS DEFAULT EXCEPT (K '3') SETTINGS (S3_BUCKET 'b')`,
      'E_RSML_COLUMN_TYPE',
      /Column island has type VARCHAR; MODEL_TYPE KMEANS needs numeric columns/,
    ],
    [
      'a date column',
      `CREATE MODEL m6 FROM (SELECT DATE '2024-01-01' AS d, body_mass_g, sex FROM penguins) TARGET sex FUNCTION f6 ${TAIL}`,
      'E_RSML_COLUMN_TYPE',
      /Column d has type DATE/,
    ],
    [
      'a model name that exists',
      `CREATE MODEL taken FROM penguins TARGET species FUNCTION f7 ${TAIL}`,
      'E_RSML_MODEL_EXISTS',
      /Model main\.taken already exists/,
    ],
    [
      'a function name taken by a model',
      `CREATE MODEL m8 FROM penguins TARGET species FUNCTION taken_fn ${TAIL}`,
      'E_RSML_FUNCTION_EXISTS',
      /Function taken_fn already exists \(in schema main\)/,
    ],
    [
      'a function name taken by a built-in',
      `CREATE MODEL m9 FROM penguins TARGET species FUNCTION lower ${TAIL}`,
      'E_RSML_FUNCTION_EXISTS',
      /Function lower already exists \(a built-in function\)/,
    ],
    [
      'an unknown hyperparameter',
      `CREATE MODEL m10 FROM penguins TARGET species FUNCTION f10 IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'multi:softmax' HYPERPARAMETERS DEFAULT EXCEPT (TREE_METHOD 'exact') SETTINGS (S3_BUCKET 'b')`,
      'E_RSML_OPTION',
      /HYPERPARAMETERS TREE_METHOD: is not a XGBOOST hyperparameter.*/,
    ],
    [
      'a hyperparameter that is no number',
      `CREATE MODEL m11 FROM penguins TARGET species FUNCTION f11 IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'multi:softmax' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND 'many') SETTINGS (S3_BUCKET 'b')`,
      'E_RSML_OPTION',
      /NUM_ROUND 'many': expected an integer/,
    ],
    [
      'an unsupported objective',
      `CREATE MODEL m12 FROM penguins TARGET body_mass_g FUNCTION f12 IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'reg:tweedie' SETTINGS (S3_BUCKET 'b')`,
      'E_RSML_OPTION',
      /OBJECTIVE 'reg:tweedie': is not an objective Godwit trains/,
    ],
    [
      'an unknown setting',
      `CREATE MODEL m13 FROM penguins TARGET species FUNCTION f13 IAM_ROLE default SETTINGS (S3_BUCKET 'b', SPEED 'fast')`,
      'E_RSML_OPTION',
      /SETTINGS SPEED: is not a Redshift ML setting/,
    ],
    [
      'no S3_BUCKET',
      `CREATE MODEL m14 FROM penguins TARGET species FUNCTION f14 IAM_ROLE default SETTINGS (MAX_RUNTIME 100)`,
      'E_RSML_OPTION',
      /needs SETTINGS \(S3_BUCKET/,
    ],
    [
      'AUTO OFF without MODEL_TYPE',
      `CREATE MODEL m15 FROM penguins TARGET species FUNCTION f15 IAM_ROLE default AUTO OFF SETTINGS (S3_BUCKET 'b')`,
      'E_RSML_OPTION',
      /AUTO OFF needs MODEL_TYPE/,
    ],
    [
      'MODEL_TYPE FORECAST',
      `CREATE MODEL m16 FROM penguins TARGET body_mass_g FUNCTION f16 IAM_ROLE default MODEL_TYPE FORECAST SETTINGS (S3_BUCKET 'b', HORIZON 7)`,
      'E_RSML_UNSUPPORTED',
      /MODEL_TYPE FORECAST needs Amazon Forecast/,
    ],
    [
      'bring your own model',
      `CREATE MODEL m17 FROM 'sagemaker-job-1' FUNCTION f17 IAM_ROLE default SETTINGS (S3_BUCKET 'b')`,
      'E_RSML_UNSUPPORTED',
      /FROM 'sagemaker-job-1' brings a model trained elsewhere \(BYOM\)/,
    ],
    [
      'remote inference',
      `CREATE MODEL m18 FUNCTION f18 (int) RETURNS int SAGEMAKER 'endpoint' IAM_ROLE default`,
      'E_SQL_DIALECT',
      /FROM is missing/,
    ],
    [
      'PROBLEM_TYPE against the data',
      `CREATE MODEL m19 FROM (SELECT species, body_mass_g FROM penguins) TARGET species FUNCTION f19 PROBLEM_TYPE BINARY_CLASSIFICATION ${TAIL}`,
      'E_RSML_TARGET',
      /BINARY_CLASSIFICATION does not fit TARGET species, which has 3 distinct values/,
    ],
  ];
  for (const [what, sql, code, message] of cases)
    test(`${what}: ${code}`, async () => {
      await assert.rejects(f.rs.execute(sql), { code, message });
    });

  test('no failed CREATE MODEL left a model or a function', async () => {
    assert.deepEqual((await f.rs.query('SHOW MODEL ALL')).rows, [{ 'Schema Name': 'public', 'Model Name': 'taken' }]);
    const names = cases.map((_, k) => `'f${k + 1}'`).join(', ');
    const { rows } = await f.rs.query(`SELECT function_name FROM duckdb_functions() WHERE function_name IN (${names})`);
    assert.deepEqual(rows, []);
  });
});
