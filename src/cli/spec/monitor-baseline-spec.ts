/** `godwit monitor baseline`: profile a data set into Model Monitor's statistics.json and constraints.json. */
import { defineVerb } from './command-spec.js';

export const monitorBaselineOptions = {
  dataset: {
    type: 'string',
    value: 'URI',
    required: true,
    summary: 'The data set: a file or folder (path, file://, s3://, gs://).',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    choices: ['csv', 'jsonl', 'parquet', 'capture'],
    summary: "csv, jsonl, parquet or capture (SageMaker capture files); default from the file's name.",
  },
  header: { type: 'boolean', summary: 'CSV: the first line names the columns (else _c0, _c1, …).' },
  output: { type: 'string', value: 'URI', summary: 'Where statistics.json and constraints.json go (default ./baseline).' },
  workers: { type: 'string', value: 'N', summary: 'Worker threads for large CSV and capture files (default: cores, at most 4).' },
  json: { type: 'boolean', summary: 'Print the files written, the row count and malformed lines as JSON.' },
} as const;

export const monitorBaseline = defineVerb({
  name: 'baseline',
  summary: "Profile a data set into Model Monitor's statistics.json and suggested constraints.json",
  args: [],
  options: monitorBaselineOptions,
  description: `Computes what SageMaker Model Monitor's baseline job computes (Deequ's rules): per column the
inferred type (Integral, Fractional, String), present and missing counts, mean, sum, standard
deviation, min and max with a KLL sketch (k 2048, c 0.64) and 10 histogram buckets, or the distinct
count and top values of text; then suggests constraints from those statistics. Malformed lines are
skipped and reported with their line numbers. See docs/monitoring.md.`,
  examples: [
    'godwit monitor baseline --dataset training.csv --header --output s3://bucket/baseline/',
    'godwit monitor baseline --dataset captures/ --format capture --output ./baseline',
  ],
  load: async () => (await import('../commands/monitor-baseline.js')).monitorBaselineCommand,
});
