import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { tempDir } from '../helpers/harness.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function godwit(args: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: process.env });
  return { code, stdout: out.text(), stderr: err.text() };
}

const PIPELINE = `apiVersion: godwit/v1
kind: Pipeline
name: nightly
parameters:
  - { name: raw, type: string, default: "s3://acme-raw/nightly/" }
steps:
  - name: load
    type: processing
    process: { command: [psql, -f], code: sql/load.sql }
    inputs:
      - { name: raw, type: dataset, source: { kind: Parameter, name: raw } }
    outputs:
      - { name: done, type: fileset }
    resources: { instanceType: ml.m5.large }
`;

describe('godwit migrate (command line)', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('godwit-migrate-');
    await mkdir(join(dir, 'sql'));
    await writeFile(join(dir, 'pipeline.yaml'), PIPELINE);
    await writeFile(
      join(dir, 'sql', 'load.sql'),
      "COPY staging.nightly FROM 's3://acme-raw/nightly/' IAM_ROLE default FORMAT AS PARQUET;\n",
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('writes the pipeline, the report and the translated SQL into the output folder', async () => {
    const r = await godwit(
      ['migrate', 'pipeline.yaml', '--from', 'aws', '--to', 'gcp', '--bucket-map', 's3://acme-raw=gs://acme-raw-eu', '-o', 'gcp'],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'Migrated pipeline "nightly" from aws to gcp:\n  gcp/nightly.gcp.yaml\n  gcp/nightly.gcp.md\n  gcp/load.bigquery.sql\n5 decisions left for a person: see gcp/nightly.gcp.md.\n',
    );
    const sql = await readFile(join(dir, 'gcp', 'load.bigquery.sql'), 'utf8');
    assert.match(sql, /^-- godwit migrate: BigQuery translation of \.\.\/sql\/load\.sql; the original is unchanged\.\n/);
    assert.match(
      sql,
      /LOAD DATA INTO staging\.nightly\nFROM FILES \(\n {2}format = 'PARQUET',\n {2}uris = \['gs:\/\/acme-raw-eu\/nightly\/\*'\]\n\);/,
    );
    const migrated = await loadPipelineFile(join(dir, 'gcp', 'nightly.gcp.yaml'));
    assert.equal(migrated.ir.parameters[0].default, 'gs://acme-raw-eu/nightly/');
    const load = migrated.ir.steps[0];
    assert.ok(load.type === 'processing');
    assert.equal(load.process.code, 'load.bigquery.sql');
    assert.equal(load.resources?.instanceType, 'n1-standard-2');
    const report = await readFile(join(dir, 'gcp', 'nightly.gcp.md'), 'utf8');
    assert.match(
      report,
      /\| load \| processing \| SageMaker Processing job \(ProcessingStep\) \| KFP container task on Vertex AI Pipelines \| yes \(2\) \|/,
    );
    assert.match(report, /## SQL translations\n\n### load: `\.\.\/sql\/load\.sql` → `load\.bigquery\.sql`/);
    assert.match(report, /the step runs psql on SQL that is now BigQuery's/);
  });

  test('--json gives the report; bad clouds and bucket pairs are usage errors', async () => {
    const r = await godwit(['migrate', 'pipeline.yaml', '--from', 'aws', '--to', 'gcp', '-o', 'out2', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const parsed = JSON.parse(r.stdout);
    assert.deepEqual(parsed.files, ['out2/nightly.gcp.yaml', 'out2/nightly.gcp.md', 'out2/load.bigquery.sql']);
    assert.equal(parsed.report.steps[0].became, 'KFP container task on Vertex AI Pipelines');
    const same = await godwit(['migrate', 'pipeline.yaml', '--from', 'aws', '--to', 'aws'], dir);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /nothing to migrate/);
    const azure = await godwit(['migrate', 'pipeline.yaml', '--from', 'aws', '--to', 'azure'], dir);
    assert.match(azure.stderr, /--to "azure" is not a cloud Godwit migrates between \(aws, gcp\)/);
  });
});
