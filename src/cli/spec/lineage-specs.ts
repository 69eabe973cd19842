/** `godwit lineage TARGET`: where a model, data set, run or endpoint came from and what used it. */
import { defineVerb } from './command-spec.js';

export const lineageOptions = {
  upstream: { type: 'boolean', summary: 'Only what TARGET came from (its data, code, images, steps).' },
  downstream: { type: 'boolean', summary: 'Only what used TARGET (steps, models, versions, endpoints).' },
  depth: { type: 'string', value: 'N', summary: 'Associations to follow, 1 to 10 (default 10).' },
  format: {
    type: 'string',
    value: 'FORMAT',
    choices: ['tree', 'mermaid', 'dot', 'json'],
    summary: 'tree (default), mermaid (flowchart), dot (Graphviz) or json.',
  },
  type: {
    type: 'string',
    value: 'T',
    multiple: true,
    summary: 'Only entities of type T (DataSet, Model, Endpoint, …); repeatable.',
  },
  json: { type: 'boolean', summary: 'Machine-readable output (the same as --format json).' },
} as const;

export const lineageSpec = defineVerb({
  name: 'lineage',
  summary: 'Where a model, data set, run, step or endpoint came from, and what used it',
  args: [{ name: 'TARGET' }],
  options: lineageOptions,
  description: `TARGET is an artifact URI (s3://…, gs://…, file://…) or a local path (every recorded digest of it),
a digest (sha256:HEX or 64 hex), GROUP/VERSION (a registered model version), a run id, RUN/STEP,
endpoint/NAME or an endpoint name, or any lineage ARN. Both directions unless --upstream or
--downstream; "both" is two separate walks (what it came from, what used it), as SageMaker's
QueryLineage. The tree shows a node met twice once, then refers to it.`,
  examples: [
    'godwit lineage Churn/3 --upstream',
    'godwit lineage s3://bucket/raw/customers.csv --downstream --type Model --type Endpoint',
    'godwit lineage run-20261122-134501-3f9a2c/train --format mermaid',
    'godwit lineage endpoint/churn --format dot | dot -Tsvg > lineage.svg',
  ],
  load: async () => (await import('../commands/lineage.js')).lineage,
});
