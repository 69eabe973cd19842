/** `godwit monitor explain`: SHAP attributions and attribution drift (src/monitor/explainability). */
import { defineVerb } from './command-spec.js';

export const monitorExplainOptions = {
  model: {
    type: 'string',
    value: 'URI',
    summary: 'The model: a folder, a model.tar.gz or its URI, Group/latest-approved, or a SageMaker model name.',
  },
  endpoint: {
    type: 'string',
    value: 'NAME',
    summary: "The model of this endpoint's first production variant (instead of --model).",
  },
  dataset: {
    type: 'string',
    value: 'URI',
    required: true,
    summary: 'The rows to explain: a file, or a folder or prefix of files.',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    choices: ['csv', 'jsonl', 'parquet'],
    summary: 'The data set format (default: from the name, else csv).',
  },
  header: { type: 'boolean', summary: 'The CSV data set has a header row of feature names.' },
  label: {
    type: 'string',
    value: 'COLUMN',
    summary: 'A label column in the data set, left out (a name, or an index without a header).',
  },
  baseline: {
    type: 'string',
    value: 'URI',
    summary: "A baselining run's analysis.json: check attribution drift against it (NDCG < 0.9 is a violation).",
  },
  'shap-baseline': {
    type: 'string',
    value: 'URI',
    summary: "SHAP's baseline (background) rows, without a header; default: the data set's mean row.",
  },
  config: {
    type: 'string',
    value: 'FILE',
    summary: "Clarify's analysis configuration (headers, label, methods.shap, predictor) as JSON.",
  },
  output: {
    type: 'string',
    value: 'URI',
    summary: 'Where analysis.json (and constraint_violations.json) go; default ./explainability.',
  },
  'num-samples': { type: 'string', value: 'N', summary: 'KernelSHAP coalitions per row (default 2M + 2048, at most 2^M - 2).' },
  'agg-method': {
    type: 'string',
    value: 'METHOD',
    choices: ['mean_abs', 'median', 'mean_sq'],
    summary: 'How local values become global ones (default mean_abs).',
  },
  'use-logit': { type: 'boolean', summary: 'Explain the logit of the prediction (SHAP values in log-odds).' },
  seed: { type: 'string', value: 'N', summary: 'The seed of the coalition sampling and the row sample (default 0).' },
  'max-rows': { type: 'string', value: 'N', summary: 'Explain at most N rows, a seeded sample (default 100).' },
  method: {
    type: 'string',
    value: 'METHOD',
    choices: ['kernel', 'tree'],
    summary: 'kernel (KernelSHAP, any model; default) or tree (exact TreeSHAP, XGBoost models).',
  },
  json: { type: 'boolean', summary: 'Print analysis.json (and the drift result) instead of a table.' },
} as const;

export const monitorExplain = defineVerb({
  name: 'explain',
  summary: 'SHAP feature attributions of a model on a data set, and attribution drift against a baseline',
  options: monitorExplainOptions,
  description: `Explains the model's predictions on the data set's rows as SageMaker Clarify does: KernelSHAP with a
baseline (background) sample, or exact TreeSHAP for XGBoost models, then global attributions per feature
in Clarify's analysis.json. With --baseline (an earlier run's analysis.json), the NDCG between the two
rankings is checked and constraint_violations.json written; exit code 1 when it is below 0.9.
The model is loaded through Godwit's serving code and scored in this process. See
docs/monitoring-explainability.md.`,
  examples: [
    'godwit monitor explain --model ./model --dataset validation.csv --header --label y --output base/',
    'godwit monitor explain --endpoint churn --dataset s3://data/today/ --baseline base/analysis.json --output today/',
    'godwit monitor explain --model ./model --dataset rows.csv --method tree --json',
  ],
  load: async () => (await import('../commands/monitor-explain.js')).monitorExplainCommand,
});
