/** `godwit recommend MODEL`: the inference recommender (src/recommend). */
import { defineVerb } from './command-spec.js';

export const recommendOptions = {
  payload: {
    type: 'string',
    value: 'FILE',
    summary:
      'Sample requests, one per line: CSV rows (text/csv) or a .jsonl file (application/json). Default: generated from the model.',
  },
  'latency-p99-ms': { type: 'string', value: 'N', summary: 'The p99 latency target in milliseconds.' },
  instances: { type: 'string', value: 'LIST', summary: 'Instance counts to test (default 1,2,4).' },
  concurrency: { type: 'string', value: 'LIST', summary: 'Concurrent clients to test at each count (default 1,2,4,8,16).' },
  duration: { type: 'string', value: 'SECONDS', summary: 'How long each run is measured (default 5), after a warm-up.' },
  prices: { type: 'string', value: 'FILE', summary: 'A price table to use instead of the shipped SageMaker us-east-1 one.' },
  out: { type: 'string', value: 'DIR', summary: 'Where the report goes (default ./recommend-<model>).' },
  json: { type: 'boolean', summary: 'Print recommendation.json instead of the tables.' },
} as const;

export const recommendSpec = defineVerb({
  name: 'recommend',
  summary: 'Load-test a model on this machine and recommend an instance count, with cloud costs',
  args: [{ name: 'MODEL' }],
  options: recommendOptions,
  description: `MODEL is a model folder, a model.tar.gz URI, a registry reference (Group/3, Group/latest-approved,
a model package ARN) or a SageMaker model from the endpoint catalog. For each instance count, an
endpoint is started in this process (as godwit server serves one) and a closed-loop load runs at
each concurrency for the duration, with the payload's rows (checked row by row first). The
recommendation is the fewest instances whose measured p99 meets the target with no errors, the
most throughput among those; with no target, the fewest instances. Prints a table and writes
recommendation.json, report.md and latency-throughput.svg. Exit code 1 when no configuration met
the target (the report is still written), 2 for bad input. See docs/recommend.md.`,
  examples: [
    'godwit recommend ./model --latency-p99-ms 5',
    'godwit recommend Churn/latest-approved --payload samples.csv --instances 1,2 --concurrency 1,4,16 --duration 10',
  ],
  load: async () => (await import('../commands/recommend.js')).recommendCommand,
});
