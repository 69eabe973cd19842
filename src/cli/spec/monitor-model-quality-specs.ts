/**
 * `godwit monitor model-quality baseline|run` and `godwit monitor ground-truth upload`: SageMaker
 * Model Monitor's model-quality loop on one machine (docs/monitoring-model-quality.md).
 */
import { defineVerb } from './command-spec.js';

export const monitorModelQualityOptions = {
  'problem-type': {
    type: 'string',
    value: 'TYPE',
    choices: ['Regression', 'BinaryClassification', 'MulticlassClassification'],
    summary: 'What the model predicts (SageMaker ProblemType).',
  },
  dataset: {
    type: 'string',
    value: 'URI',
    summary: 'baseline, run: a CSV or JSON Lines data set holding labels and predictions.',
  },
  format: { type: 'string', value: 'FORMAT', choices: ['csv', 'jsonl'], summary: 'The --dataset format (default csv).' },
  header: { type: 'boolean', summary: 'The CSV files start with a header naming the columns.' },
  'ground-truth-attribute': { type: 'string', value: 'NAME', summary: 'The --dataset column (name or index) holding the label.' },
  'inference-attribute': {
    type: 'string',
    value: 'ATTR',
    summary: 'The prediction: a column name or index, or a JSON path ($.score).',
  },
  'probability-attribute': { type: 'string', value: 'ATTR', summary: 'Binary: the probability (column or JSON path).' },
  'probability-threshold': {
    type: 'string',
    value: 'X',
    summary: 'Binary: a probability at or above X predicts 1 (default 0.5).',
  },
  endpoint: { type: 'string', value: 'NAME', summary: 'run: the endpoint whose captured requests are measured.' },
  capture: { type: 'string', value: 'URI', summary: "run: the endpoint's capture destination (DestinationS3Uri)." },
  'ground-truth': { type: 'string', value: 'URI', summary: 'run: where the labels were uploaded (yyyy/mm/dd/hh/ folders).' },
  start: { type: 'string', value: 'TIME', summary: 'run: window start, a time or an age (1h, 2d); default 1h.' },
  end: { type: 'string', value: 'TIME', summary: 'run: window end (exclusive), a time or an age; default now.' },
  constraints: { type: 'string', value: 'URI', summary: "run: the baseline's constraints.json to check against." },
  output: { type: 'string', value: 'URI', required: true, summary: 'Folder for statistics.json, constraints.json, violations.' },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const monitorModelQuality = defineVerb({
  name: 'model-quality',
  summary: 'Measure a model against ground truth as SageMaker Model Monitor does: baseline, then runs over captured traffic',
  args: [{ name: 'ACTION', choices: ['baseline', 'run'] }],
  options: monitorModelQualityOptions,
  description: `baseline  metrics of a labelled data set (--dataset with --ground-truth-attribute and
          --inference-attribute / --probability-attribute): statistics.json and suggested constraints.json.
run       the captured requests of --endpoint in [--start, --end) merged with --ground-truth by
          inferenceId (or eventId), or a --dataset; statistics.json, and constraint_violations.json
          when --constraints is given. Exit 1 when the run fails (nothing to measure, bad settings).`,
  examples: [
    'godwit monitor model-quality baseline --problem-type BinaryClassification --dataset validation.csv --header --ground-truth-attribute label --inference-attribute prediction --probability-attribute probability --output ./baseline',
    'godwit monitor model-quality run --problem-type BinaryClassification --endpoint churn --capture s3://bucket/capture --ground-truth s3://bucket/ground-truth --probability-attribute 0 --start 2h --end 1h --constraints ./baseline/constraints.json --output ./run-1',
  ],
  load: async () => (await import('../commands/monitor-model-quality.js')).monitorModelQualityCommand,
});

export const monitorGroundTruthOptions = {
  labels: { type: 'string', value: 'CSV', required: true, summary: 'Rows of id,label (id: the InferenceId, or the eventId).' },
  header: { type: 'boolean', summary: 'The first row is a header.' },
  uri: { type: 'string', value: 'URI', required: true, summary: 'The ground-truth folder a model-quality job reads.' },
  at: { type: 'string', value: 'TIME', summary: 'When the labels were collected (their hour folder); default now.' },
} as const;

export const monitorGroundTruth = defineVerb({
  name: 'ground-truth',
  summary: 'Upload labels as Model Monitor ground truth (JSON Lines under yyyy/mm/dd/hh/)',
  args: [{ name: 'ACTION', choices: ['upload'] }],
  options: monitorGroundTruthOptions,
  examples: ['godwit monitor ground-truth upload --labels labels.csv --header --uri s3://bucket/ground-truth'],
  load: async () => (await import('../commands/monitor-ground-truth.js')).monitorGroundTruthCommand,
});
