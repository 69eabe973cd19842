/**
 * `godwit migrate` on a sql step: Redshift SQL becomes BigQuery SQL (parameters `:x` → `@x`) and
 * back, inline or in a translated copy of its `.sql` file; the migrated step validates.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { migrateIr } from '../../src/migrate/index.js';
import { pipeline, sql } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR, SqlStep } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';

const FILE = 'select customer_id, nvl(spend, 0) as spend from raw.orders where d >= :since;\n';

function migrate(ir: PipelineIR, from: 'aws' | 'gcp', to: 'aws' | 'gcp', files: Record<string, string> = {}) {
  return migrateIr(ir, {
    from,
    to,
    fromProfile: BUILTIN_PROFILES[from],
    toProfile: BUILTIN_PROFILES[to],
    baseDir: '/p',
    outDir: '/p',
    file: '/p/pipeline.ts',
    readText: (path) => files[path],
  });
}

test('a Redshift sql step with a file and an unload query becomes BigQuery, and back', () => {
  const step = sql('features', {
    dialect: 'redshift',
    file: 'sql/features.sql',
    params: { since: '2024-01-01' },
    outputs: { out: { unload: 'select nvl(a, 0) from t where d >= :since', format: 'csv' } },
  });
  const gcp = migrate(pipeline('p', { steps: [step] }).ir, 'aws', 'gcp', { 'sql/features.sql': FILE });
  const migrated = gcp.ir.steps[0] as SqlStep;
  assert.equal(migrated.dialect, 'bigquery');
  assert.equal(migrated.file, 'features.bigquery.sql');
  assert.equal(migrated.outputs[0].unload, 'select IFNULL(a, 0) from t where d >= @since');
  const written = gcp.files.find((f) => f.path === 'features.bigquery.sql');
  assert.match(written?.content ?? '', /IFNULL\(spend, 0\) as spend from raw\.orders where d >= @since;/);
  assert.deepEqual(validatePipeline(gcp.ir), []);

  const inline = pipeline('q', {
    steps: [
      sql('q', { dialect: 'bigquery', statements: 'select IFNULL(a, 0) from t where d >= @since', params: { since: 'x' } }),
    ],
  }).ir;
  const aws = migrate(inline, 'gcp', 'aws').ir.steps[0] as SqlStep;
  assert.equal(aws.dialect, 'redshift');
  assert.match(aws.statements ?? '', /where d >= :since$/);
  assert.deepEqual(validatePipeline(migrate(inline, 'gcp', 'aws').ir), []);
});
