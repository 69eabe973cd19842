import assert from 'node:assert/strict';
import { relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { migrateIr } from '../../src/migrate/migrate-pipeline.js';
import type { PipelineIR, ProcessingStep, StepIR, TrainingStep } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { AWS_PIPELINE, awsToGcp, BASE, FILES, OUT } from './fixture.js';

/** aws → gcp into OUT, then gcp → aws back into the source folder. */
function roundTrip() {
  const there = migrateIr(AWS_PIPELINE, awsToGcp());
  const written = new Map(there.files.map((f) => [f.path, f.content]));
  const back = migrateIr(there.ir, {
    ...awsToGcp(),
    from: 'gcp',
    to: 'aws',
    fromProfile: BUILTIN_PROFILES.gcp,
    toProfile: BUILTIN_PROFILES.aws,
    baseDir: OUT,
    outDir: BASE,
    file: resolve(OUT, 'churn.gcp.yaml'),
    readText: (p) => written.get(p) ?? FILES[relative(BASE, resolve(OUT, p))],
  });
  return { there, back };
}

const byName = (ir: PipelineIR, name: string) => ir.steps.find((s) => s.name === name) as StepIR;

describe('aws → gcp → aws', () => {
  test('the graph comes back unchanged: names, kinds, references, conditions, parameters', () => {
    const { back } = roundTrip();
    assert.deepEqual(validatePipeline(back.ir), []);
    assert.deepEqual(
      back.ir.steps.map((s) => [s.name, s.type]),
      AWS_PIPELINE.steps.map((s) => [s.name, s.type]),
    );
    assert.deepEqual(
      back.ir.parameters.map((p) => [p.name, p.type]),
      AWS_PIPELINE.parameters.map((p) => [p.name, p.type]),
    );
    for (const name of ['good-enough', 'too-low', 'score'])
      assert.deepEqual(byName(back.ir, name), byName(AWS_PIPELINE, name), name);
    assert.deepEqual((byName(back.ir, 'prep') as ProcessingStep).dependsOn, ['load']);
  });

  test('bucket URIs, local paths and framework images come back exactly', () => {
    const { back } = roundTrip();
    const param = (n: string) => back.ir.parameters.find((p) => p.name === n)?.default;
    assert.equal(param('input_data'), 's3://acme-raw/churn/customers.csv');
    assert.equal(param('local_data'), 'data/sample.csv');
    assert.equal(param('instance_type'), 'ml.m5.xlarge');
    const prep = byName(back.ir, 'prep') as ProcessingStep;
    const original = byName(AWS_PIPELINE, 'prep') as ProcessingStep;
    assert.deepEqual(prep.process.args, original.process.args);
    assert.deepEqual(prep.process.env, original.process.env);
    assert.equal(prep.process.code, original.process.code);
    assert.equal(prep.process.image, original.process.image);
    const train = byName(back.ir, 'train') as TrainingStep;
    assert.equal(train.process?.image, (byName(AWS_PIPELINE, 'train') as TrainingStep).process?.image);
    assert.deepEqual(train.checkpoint, (byName(AWS_PIPELINE, 'train') as TrainingStep).checkpoint);
    assert.equal(
      (byName(back.ir, 'features') as ProcessingStep).process.image,
      (byName(AWS_PIPELINE, 'features') as ProcessingStep).process.image,
    );
  });

  test('contracts come back as SageMaker, with the folders the SageMaker contract gives by default', () => {
    const { back } = roundTrip();
    const prep = byName(back.ir, 'prep') as ProcessingStep;
    assert.equal(prep.process.contract, 'sagemaker');
    assert.deepEqual(
      prep.inputs.map((i) => i.destination),
      ['/opt/ml/processing/input/raw', '/opt/ml/processing/input/sample'],
    );
  });

  test('the SQL comes back as Redshift reading the same S3 prefix', () => {
    const { back } = roundTrip();
    const load = byName(back.ir, 'load') as ProcessingStep;
    assert.equal(load.process.code, 'load.redshift.sql');
    const sql = back.files.find((f) => f.path === 'load.redshift.sql')?.content;
    assert.match(
      sql ?? '',
      /^COPY staging\.orders\nFROM 's3:\/\/acme-raw\/orders\/'\nIAM_ROLE default\nFORMAT AS CSV\nIGNOREHEADER 1;$/m,
    );
  });

  test('what does not survive is exactly what the first report said was lost', () => {
    const { there, back } = roundTrip();
    const lost = there.report.steps.flatMap((s) =>
      s.changes.filter((c) => c.became === '(removed)').map((c) => `${s.step}.${c.field}`),
    );
    assert.deepEqual(lost.sort(), [
      'prep.resources.volumeSizeGB',
      'prep.timeoutSeconds',
      'train.cache.expireAfter',
      'train.retry.on',
    ]);
    const prep = byName(back.ir, 'prep') as ProcessingStep;
    assert.equal(prep.timeoutSeconds, undefined);
    assert.equal(prep.resources?.volumeSizeGB, undefined);
    // A GPU instance becomes a CPU machine on GCP (asked about), so it cannot come back.
    assert.ok(there.report.human.some((h) => h.startsWith('gpu_type: ml.g4dn.xlarge has a NVIDIA T4 GPU')));
    assert.equal(back.ir.parameters.find((p) => p.name === 'gpu_type')?.default, 'ml.m5.xlarge');
  });
});
