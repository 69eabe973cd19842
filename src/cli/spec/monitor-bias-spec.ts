/** `godwit monitor bias …`: Clarify's bias metrics for a data set, and the bias-drift check. */
import { defineVerb } from './command-spec.js';

export const monitorBiasOptions = {
  dataset: {
    type: 'string',
    value: 'URI',
    required: true,
    summary: 'The data set: a CSV or JSON Lines file, or a folder of them ending in "/".',
  },
  format: { type: 'string', choices: ['csv', 'jsonl'], summary: 'Its format; default from the file name (.csv, else jsonl).' },
  headers: {
    type: 'string',
    value: 'A,B,…',
    summary: 'Column names: for CSV without a header row, or a JSON Lines features list.',
  },
  label: { type: 'string', value: 'COL', required: true, summary: 'The label column.' },
  'label-value': {
    type: 'string',
    value: 'V',
    multiple: true,
    required: true,
    summary: 'A positive label value (repeatable), or one threshold for a continuous label.',
  },
  facet: { type: 'string', value: 'COL', required: true, summary: 'The facet (sensitive attribute) column.' },
  'facet-value': {
    type: 'string',
    value: 'V',
    multiple: true,
    summary: 'The disfavoured value (repeatable) or a threshold; default: each value in turn.',
  },
  group: { type: 'string', value: 'COL', summary: 'The group variable for CDDL and CDDPL.' },
  predicted: { type: 'string', value: 'COL', summary: 'The predicted-label column: adds the post-training metrics.' },
  probability: { type: 'string', value: 'COL', summary: 'A score column instead: a score above the threshold predicts 1.' },
  'probability-threshold': { type: 'string', value: 'P', summary: 'The threshold for --probability; default 0.5.' },
  baseline: {
    type: 'string',
    value: 'URI',
    summary: 'A baseline analysis.json: check each metric against it (bias_drift_check).',
  },
  output: { type: 'string', value: 'URI', summary: 'Write analysis.json (and constraint_violations.json) into this folder.' },
  json: { type: 'boolean', summary: 'Print analysis.json (and the violations) instead of a table.' },
} as const;

export const monitorBias = defineVerb({
  name: 'bias',
  summary: "Clarify's pre- and post-training bias metrics for a facet, and bias drift against a baseline",
  options: monitorBiasOptions,
  description: `Computes SageMaker Clarify's bias metrics for the facet d (rows with --facet-value, or above it
for a continuous facet) against facet a (every other row): pre-training CI, DPL, KL, JS, LP, TVD, KS
and CDDL (with --group); with --predicted, also DPPL, DI, DCA, DCR, DAR, DRR, AD, RD, SD, TE, FT,
CDDPL and GE. Writes Clarify's analysis.json. With --baseline, each metric farther from balance than
the baseline's value is a bias_drift_check violation, and the command exits 1.`,
  examples: [
    'godwit monitor bias --dataset val.csv --label Target --label-value 1 --facet Sex --facet-value 0 --predicted prediction',
    'godwit monitor bias --dataset s3://b/window.jsonl --label Target --label-value 1 --facet Sex --facet-value 0 --predicted prediction --baseline s3://b/baseline/analysis.json --output s3://b/out',
  ],
  load: async () => (await import('../commands/monitor-bias.js')).monitorBiasCommand,
});
