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

export const runsGroup = defineGroup({
  name: 'runs',
  summary: 'Recorded runs: their steps, artifacts, metrics and logs',
  verbs: [runsList, runsShow, runsLogs, runsMove],
});
