/**
 * `godwit migrate` on sql steps carrying Redshift ML or BigQuery ML: CREATE MODEL in one step and
 * the prediction in a later one are translated as a pair, and what does not map is asked about
 * in the migration report.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { migrateIr } from '../../src/migrate/index.js';
import { pipeline, sql } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR, SqlStep } from '../../src/pipeline/ir.js';
import { translateBigQueryToRedshift, translateRedshiftToBigQuery } from '../../src/sql/index.js';

function migrate(ir: PipelineIR, from: 'aws' | 'gcp', to: 'aws' | 'gcp') {
  return migrateIr(ir, {
    from,
    to,
    fromProfile: BUILTIN_PROFILES[from],
    toProfile: BUILTIN_PROFILES[to],
    baseDir: '/p',
    outDir: '/p',
    file: '/p/pipeline.ts',
    readText: () => undefined,
  });
}

/** The SQL without the "needs a human" lines above a statement (the report lists them too). */
function code(sql: string | undefined): string {
  return (sql ?? '').replace(/^-- godwit migrate: needs a human:.*\n/gm, '');
}

const CREATE = `CREATE MODEL ml.churn FROM (SELECT age, plan, churned FROM customers) TARGET churned
  FUNCTION predict_churn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'binary:logistic'
  HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '50', EARLY_STOPPING_ROUNDS '5') SETTINGS (S3_BUCKET 'ml-artifacts')`;

test('Redshift ML in two sql steps becomes BigQuery ML: CREATE OR REPLACE MODEL, then ML.PREDICT; the report lists what is dropped', () => {
  const ir = pipeline('churn', {
    steps: [
      sql('train', { dialect: 'redshift', statements: CREATE }),
      sql('score', {
        dialect: 'redshift',
        statements: 'SELECT id, predict_churn(age, plan) AS churn FROM new_customers c WHERE c.age > 18',
      }),
    ],
  }).ir;
  const gcp = migrate(ir, 'aws', 'gcp');
  const [train, score] = gcp.ir.steps as SqlStep[];
  assert.equal(
    code(train.statements),
    "CREATE OR REPLACE MODEL ml.churn\nOPTIONS (model_type = 'BOOSTED_TREE_CLASSIFIER', input_label_cols = ['churned'], max_iterations = 50, early_stop = FALSE) AS\nSELECT age, plan, churned FROM customers",
  );
  assert.equal(
    code(score.statements),
    'SELECT id, predicted_churned AS churn FROM ML.PREDICT(MODEL ml.churn, (SELECT * FROM new_customers)) AS c WHERE c.age > 18',
  );
  const asked = gcp.report.steps.flatMap((s) => s.human).join('\n');
  assert.match(asked, /EARLY_STOPPING_ROUNDS '5' has no BigQuery ML option/);
  assert.match(asked, /IAM_ROLE default and SETTINGS \(S3_BUCKET 'ml-artifacts'\) dropped/);
});

test('AUTO ON, PROBLEM_TYPE and Autopilot objectives are listed; a call that is no projection over one table is left for a person', () => {
  const out = translateRedshiftToBigQuery(
    `CREATE MODEL m FROM sales TARGET amount FUNCTION predict_amount IAM_ROLE default PROBLEM_TYPE REGRESSION OBJECTIVE 'MSE' SETTINGS (S3_BUCKET 'b');
SELECT predict_amount(a.x, b.y) FROM a JOIN b ON a.id = b.id;`,
  );
  assert.match(
    out.sql,
    /CREATE OR REPLACE MODEL m\nOPTIONS \(model_type = 'BOOSTED_TREE_REGRESSOR', input_label_cols = \['amount'\], max_iterations = 100, early_stop = FALSE\) AS\nSELECT \* FROM sales;/,
  );
  const human = out.notes.filter((n) => n.severity === 'human').map((n) => n.message);
  assert.ok(human.some((h) => /^PROBLEM_TYPE REGRESSION: BigQuery ML has no problem type/.test(h)));
  assert.ok(human.some((h) => /^AUTO ON \(SageMaker Autopilot/.test(h)));
  assert.ok(human.some((h) => /^OBJECTIVE 'MSE'/.test(h)));
  assert.ok(human.some((h) => /^predict_amount\(…\): .*port this query by hand/.test(h)));
  assert.match(out.sql, /SELECT predict_amount\(a\.x, b\.y\) FROM a JOIN b/);
  const byom = translateRedshiftToBigQuery(
    "CREATE MODEL x FROM 'sagemaker-job-1' FUNCTION f IAM_ROLE default SETTINGS (S3_BUCKET 'b')",
  );
  assert.match(byom.notes[0].message, /bring your own model/);
});

test('BigQuery ML becomes Redshift ML: CREATE MODEL … FUNCTION predict_<model>, ML.PREDICT as a call of it', () => {
  const ir = pipeline('penguins', {
    steps: [
      sql('train', {
        dialect: 'bigquery',
        statements:
          "CREATE OR REPLACE MODEL penguins.m OPTIONS(model_type='DNN_REGRESSOR', input_label_cols=['body_mass_g'], max_iterations=30, data_split_method='NO_SPLIT') AS SELECT body_mass_g, island, flipper_length_mm FROM penguins.penguins",
      }),
      sql('score', {
        dialect: 'bigquery',
        statements:
          "SELECT predicted_body_mass_g FROM ML.PREDICT(MODEL penguins.m, (SELECT island, flipper_length_mm FROM penguins.penguins WHERE island = 'Dream'))",
      }),
    ],
  }).ir;
  const aws = migrate(ir, 'gcp', 'aws');
  const [train, score] = aws.ir.steps as SqlStep[];
  assert.equal(
    code(train.statements),
    "DROP MODEL IF EXISTS penguins.m;\nCREATE MODEL penguins.m\nFROM (SELECT body_mass_g, island, flipper_length_mm FROM penguins.penguins)\nTARGET body_mass_g\nFUNCTION predict_m\nIAM_ROLE default\nAUTO OFF\nMODEL_TYPE MLP\nPROBLEM_TYPE REGRESSION\nHYPERPARAMETERS DEFAULT EXCEPT (EPOCHS '30')\nSETTINGS (S3_BUCKET 'redshift-ml-bucket')",
  );
  assert.equal(
    code(score.statements),
    "SELECT predicted_body_mass_g FROM (SELECT penguins.predict_m(island, flipper_length_mm) AS predicted_body_mass_g, godwit_input.* FROM (SELECT island, flipper_length_mm FROM penguins.penguins WHERE island = 'Dream') AS godwit_input) AS godwit_prediction",
  );
  const asked = aws.report.steps.flatMap((s) => s.human).join('\n');
  assert.match(asked, /OPTIONS data_split_method have no Redshift ML MLP hyperparameter: dropped/);
  assert.match(asked, /S3_BUCKET 'redshift-ml-bucket'\): Redshift ML needs a bucket/);
  const unknown = translateBigQueryToRedshift('SELECT * FROM ML.PREDICT(MODEL other.model, TABLE t)');
  assert.match(unknown.notes[0].message, /^ML\.PREDICT: call the model's prediction function/);
});
