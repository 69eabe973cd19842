/**
 * Lab 6.5 of the workshop, offline: BigQuery ML trains a penguin-species classifier with SQL —
 * create the dataset → LOAD DATA the CSV from Cloud Storage → CREATE MODEL … DNN_CLASSIFIER →
 * ML.EVALUATE → ML.PREDICT → EXPORT MODEL to Cloud Storage → register the exported model. Each
 * sql step runs one of sql/*.sql as written, in BigQuery's dialect; see README.md.
 */
import { param, pipeline, registerModel, sql } from 'godwit';

const modelApprovalStatus = param.string('model_approval_status', 'PendingManualApproval');

// Where sql/6-export.sql writes the model (EXPORT MODEL's URI is part of its SQL text, like a
// LOAD DATA's: BigQuery binds no parameter there), and so where the register step reads it.
const MODEL_URI = 'gs://godwit-penguins/model/';

const schema = sql('create-schema', { dialect: 'bigquery', file: 'sql/1-create-schema.sql' });

const load = sql('load', {
  dialect: 'bigquery',
  file: 'sql/2-load.sql',
  outputs: { penguins: { table: 'penguins.penguins' } },
  dependsOn: [schema],
});

const createModel = sql('create-model', {
  dialect: 'bigquery',
  file: 'sql/3-create-model.sql',
  reads: { penguins: load.table('penguins') },
});

const evaluate = sql('evaluate', {
  dialect: 'bigquery',
  file: 'sql/4-evaluate.sql',
  // The file's query shows the evaluation; the run keeps it as a dataset too.
  outputs: { evaluation: { unload: 'SELECT * FROM ML.EVALUATE(MODEL penguins.penguins_model)', format: 'csv' } },
  dependsOn: [createModel],
});

const predict = sql('predict', {
  dialect: 'bigquery',
  file: 'sql/5-predict.sql',
  outputs: {
    predictions: {
      unload: 'SELECT predicted_species, species FROM ML.PREDICT(MODEL penguins.penguins_model, TABLE penguins.penguins)',
      format: 'csv',
    },
  },
  dependsOn: [createModel],
});

const exportModel = sql('export-model', {
  dialect: 'bigquery',
  file: 'sql/6-export.sql',
  dependsOn: [evaluate, predict],
});

const register = registerModel('register', {
  model: MODEL_URI,
  modelPackageGroup: 'penguins-model',
  approvalStatus: modelApprovalStatus,
  description: 'Penguin species from island, culmen, flipper, body mass and sex (BigQuery ML DNN_CLASSIFIER, lab 6.5).',
  // Vertex AI's prebuilt TensorFlow image, where BigQuery's own exports of DNN models are deployed;
  // Godwit serves the model EXPORT MODEL wrote with its bqml runtime in its stead.
  image: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-13:latest',
  contentTypes: ['application/json', 'application/jsonlines', 'text/csv'],
  responseTypes: ['application/json', 'application/jsonlines', 'text/csv'],
  dependsOn: [exportModel],
});

export default pipeline('bigquery-ml-penguins', {
  description: 'Lab 6.5: BigQuery ML trains, evaluates, predicts and exports a penguin classifier; the model is registered.',
  parameters: [modelApprovalStatus],
  steps: [register],
});
