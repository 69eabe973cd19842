/** `godwit runs …`: what ran, from the metadata database. */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;

export const runsListOptions = {
  json: JSON_FLAG,
  limit: { type: 'string', value: 'N', summary: 'At most N runs (default 50).' },
} as const;

export const runsList = defineVerb({
  name: 'list',
  summary: 'Newest runs first: id, pipeline, status, start, duration',
  options: runsListOptions,
  examples: ['godwit runs list', 'godwit runs list --limit 5 --json'],
  load: async () => (await import('../commands/runs-list.js')).runsList,
});

export const runsShowOptions = { json: JSON_FLAG } as const;

export const runsShow = defineVerb({
  name: 'show',
  summary: 'One run: steps, attempts, cache hits, metrics, registered models, artifacts and log paths',
  args: [{ name: 'RUN_ID' }],
  options: runsShowOptions,
  examples: ['godwit runs show run-20261122-134501-3f9a2c', 'godwit runs show run-20261122-134501-3f9a2c --json'],
  load: async () => (await import('../commands/runs-show.js')).runsShow,
});

export const runsLogsOptions = { attempt: { type: 'string', value: 'N', summary: 'That attempt instead of the last.' } } as const;

export const runsLogs = defineVerb({
  name: 'logs',
  summary: "Print a step's log (its last attempt, or --attempt N)",
  args: [{ name: 'RUN_ID' }, { name: 'STEP' }],
  options: runsLogsOptions,
  examples: [
    'godwit runs logs run-20261122-134501-3f9a2c train',
    'godwit runs logs run-20261122-134501-3f9a2c train --attempt 1 | less',
  ],
  load: async () => (await import('../commands/runs-logs.js')).runsLogs,
});

export const runsMoveOptions = {
  to: {
    type: 'string',
    value: 'URI',
    required: true,
    summary: 'The destination store: s3://bucket/prefix, gs://bucket/prefix, file:///folder or a folder.',
  },
  'dry-run': { type: 'boolean', summary: 'Show what would be copied; copy and change nothing.' },
  json: JSON_FLAG,
} as const;

export const runsMove = defineVerb({
  name: 'move',
  summary: "Move a run's artifacts to another store (copied, checked by SHA-256, then recorded with lineage)",
  args: [{ name: 'RUN_ID' }],
  options: runsMoveOptions,
  description: `Copies every file of the run's artifacts to <URI>/runs/<run>/<step>/<name>/, checks each copy
against the SHA-256 the run recorded, then points the run's artifact records at the copies in one
transaction, with lineage (old artifact --SameAs--> new artifact). A failed copy changes no record.
The old copies stay (registered models and cached runs may still name them): godwit gc removes what
nothing needs. Without an S3 endpoint configured, s3:// is the home's local S3 server.`,
  examples: [
    'godwit runs move run-20261122-134501-3f9a2c --to s3://team-artifacts/godwit --dry-run',
    'godwit runs move run-20261122-134501-3f9a2c --to gs://team-artifacts/godwit --json',
  ],
  load: async () => (await import('../commands/runs-move.js')).runsMove,
});

export const runsDeleteOptions = {
  json: JSON_FLAG,
  reason: { type: 'string', value: 'TEXT', summary: 'Why: kept with the deletion, for audits.' },
} as const;

export const runsDelete = defineVerb({
  name: 'delete',
  summary: 'Delete runs: gone from runs list and show, records kept for lineage and audits; godwit gc removes their files',
  args: [{ name: 'RUN_ID', variadic: true }],
  options: runsDeleteOptions,
  description: `All the runs or none: an unknown run (E_RUN_NOT_FOUND) or one still running (E_RUN_IN_PROGRESS)
deletes nothing. A deleted run's rows stay as a tombstone (when, by whom, why), so lineage, the
registry's producing run and audits stay true; runs show says it was deleted. Its files stay until
godwit gc --yes removes them, keeping a registered model's files and what a lineage edge needs.`,
  examples: [
    'godwit runs delete run-20261122-134501-3f9a2c',
    'godwit runs delete run-20261122-134501-3f9a2c run-20261122-140112-9b1e07 --reason "bad input data" --json',
  ],
  load: async () => (await import('../commands/runs-delete.js')).runsDelete,
});

export const runsCompareOptions = {
  metric: { type: 'string', multiple: true, value: 'NAME', summary: 'Only this metric (NAME or STEP.NAME); repeatable.' },
  higher: { type: 'string', multiple: true, value: 'NAME', summary: 'Higher is better for this metric; repeatable.' },
  lower: { type: 'string', multiple: true, value: 'NAME', summary: 'Lower is better for this metric; repeatable.' },
  json: JSON_FLAG,
} as const;

export const runsCompare = defineVerb({
  name: 'compare',
  summary: 'Runs side by side: parameters, metrics (best marked), durations, artifacts',
  args: [{ name: 'RUN_ID', variadic: true }],
  options: runsCompareOptions,
  description: `One column per run. "≠" marks parameters and artifacts that differ; "*" the best value of
each metric. Which way is better comes from the metric's name (loss, error, mse, rmse, mae, mape,
logloss: lower; accuracy, auc, f1, precision, recall, r2: higher), or from --higher / --lower; a
metric of unknown direction is shown unmarked and named in a footnote.`,
  examples: [
    'godwit runs compare run-20261122-134501-3f9a2c run-20261123-090210-77b1e0',
    'godwit runs compare run-20261122-134501-3f9a2c run-20261123-090210-77b1e0 --metric validation:mse --json',
  ],
  load: async () => (await import('../commands/runs-compare.js')).runsCompare,
});

export const runsGroup = defineGroup({
  name: 'runs',
  summary: 'Recorded runs: their steps, artifacts, metrics and logs',
  verbs: [runsList, runsShow, runsLogs, runsMove, runsDelete, runsCompare],
});
