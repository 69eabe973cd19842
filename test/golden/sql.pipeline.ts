/**
 * SQL steps: a CTAS from a `.sql` file with a bound parameter writes a table; a second step reads
 * that table (ordering the two), unloads a CSV and a Parquet dataset and is cached; a processing
 * step trains on the CSV as an ordinary artifact.
 */
import { pipeline, processing, sql } from 'godwit';

const features = sql('features', {
  dialect: 'redshift',
  file: 'sql/features.sql',
  params: { since: '2024-01-01' },
  outputs: { features: { table: 'analytics.features' } },
});
const stage = sql('stage', {
  dialect: 'redshift',
  statements: 'analyze analytics.features',
  reads: { features: features.table('features') },
  outputs: {
    train: { unload: 'select * from analytics.features where orders > 1', format: 'csv' },
    all: { unload: { table: 'analytics.features' }, format: 'parquet' },
  },
  cache: { enabled: true, expireAfter: 'P30D' },
});
const fit = processing('fit', {
  command: ['python3'],
  code: 'steps/fit.py',
  inputs: { train: stage.output('train') },
  outputs: { model: 'model' },
});

export default pipeline('sql', {
  description: 'Golden case: sql steps writing a table, reading it, unloading datasets a processing step reads.',
  steps: [fit],
});
