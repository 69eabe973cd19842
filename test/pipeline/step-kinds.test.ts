/**
 * Every step kind is handled everywhere a kind must be: the JSON Schema, the validator, the DSL,
 * the runner table, every compiler and `godwit migrate`. Adding a kind (`sql`, `callback`, …) to `StepKind` makes
 * `SAMPLES` below fail to type-check until it has a sample, and then this test names each place
 * that does not know it yet: docs/compile.md has the checklist.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompileError, compile, TARGETS } from '../../src/compile/index.js';
import { DEFAULT_PROFILE } from '../../src/compile/profile-file.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { migrateIr } from '../../src/migrate/index.js';
import {
  callback,
  condition,
  eq,
  fail,
  fn,
  model,
  type Pipeline,
  param,
  pipeline,
  processing,
  qualityCheck,
  registerModel,
  type Step,
  sql,
  training,
  transform,
} from '../../src/pipeline/dsl/index.js';
import { STEP_KINDS, type StepKind } from '../../src/pipeline/ir.js';
import schema from '../../src/pipeline/ir.schema.json' with { type: 'json' };
import { validatePipeline } from '../../src/pipeline/validate.js';
import { RUNNERS } from '../../src/runtime/runners/index.js';

const mode = param.string('mode', 'a');

/** One small valid pipeline per kind, whose step of that kind is named `sample`, built with the DSL. */
const SAMPLES: Readonly<Record<StepKind, () => Step>> = {
  processing: () => processing('sample', { command: ['python3'], code: 'steps/p.py', outputs: { out: 'dataset' } }),
  training: () => training('sample', { algorithm: 'linear-learner', inputs: { train: 'data/train/' } }),
  transform: () => transform('sample', { model: 'models/model.tar.gz', input: 'data/batch/' }),
  condition: () =>
    condition('sample', {
      if: eq(mode, 'a'),
      then: [processing('then', { command: ['python3'], code: 'steps/t.py' })],
      else: [fail('else', { message: 'not a' })],
    }),
  fail: () => fail('sample', { message: 'stopped' }),
  'register-model': () => registerModel('sample', { model: 'models/model.tar.gz', modelPackageGroup: 'samples' }),
  model: () =>
    model('sample', { model: 's3://models/model.tar.gz', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1' }),
  function: () => fn('sample', { run: () => {} }),
  sql: () =>
    sql('sample', {
      dialect: 'redshift',
      statements: 'create table analytics.t as select * from raw.events where d >= :since',
      params: { since: '2024-01-01' },
      outputs: { t: { table: 'analytics.t' }, rows: { unload: 'select * from analytics.t', format: 'csv' } },
    }),
  callback: () =>
    callback('sample', {
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
      args: { mode },
      outputParameters: { ticket: 'String' },
    }),
  'quality-check': () =>
    qualityCheck('sample', {
      dataset: 'data/train.csv',
      format: 'csv',
      header: true,
      baseline: { statistics: 's3://b/baseline/statistics.json', constraints: 's3://b/baseline/constraints.json' },
    }),
};

const samplePipeline = (kind: StepKind): Pipeline => pipeline(`kind-${kind}`, { parameters: [mode], steps: [SAMPLES[kind]()] });

// biome-ignore lint/suspicious/noExplicitAny: reading the JSON Schema document
const defs = (schema as any).$defs;

describe('every step kind', () => {
  test('STEP_KINDS lists every kind once, as the samples do', () => {
    assert.deepEqual(Object.keys(SAMPLES), [...STEP_KINDS]);
    assert.equal(new Set(STEP_KINDS).size, STEP_KINDS.length);
  });

  for (const kind of STEP_KINDS) {
    describe(kind, () => {
      test('the schema knows it: the type enum and a per-kind branch that refuses unknown fields', () => {
        assert.ok(defs.step.properties.type.enum.includes(kind), `ir.schema.json: $defs.step.properties.type.enum lacks ${kind}`);
        assert.ok(
          defs.step.allOf.some(
            (branch: { if?: { properties?: { type?: { const?: string } } } }) => branch.if?.properties?.type?.const === kind,
          ),
          `ir.schema.json: $defs.step.allOf has no branch for ${kind}`,
        );
        const { ir } = samplePipeline(kind);
        const bogus = { ...ir, steps: ir.steps.map((s) => (s.name === 'sample' ? { ...s, bogusField: 1 } : s)) };
        const problems = validatePipeline(bogus);
        assert.ok(
          problems.some((p) => p.step === 'sample' && /unknown field "bogusField"/.test(p.message)),
          JSON.stringify(problems),
        );
      });

      test('the DSL builds it and the validator accepts the sample', () => {
        const { ir } = samplePipeline(kind);
        assert.equal(ir.steps.find((s) => s.name === 'sample')?.type, kind);
        assert.deepEqual(validatePipeline(ir), []);
      });

      test('the runner table has a runner for it', () => {
        assert.equal(typeof RUNNERS[kind], 'function');
      });

      test('godwit migrate rewrites it from AWS to GCP and back', () => {
        let ir = samplePipeline(kind).ir;
        for (const [from, to] of [
          ['aws', 'gcp'],
          ['gcp', 'aws'],
        ] as const) {
          ir = migrateIr(ir, {
            from,
            to,
            fromProfile: BUILTIN_PROFILES[from],
            toProfile: BUILTIN_PROFILES[to],
            baseDir: '/pipelines',
            outDir: '/pipelines',
            file: '/pipelines/pipeline.ts',
            readText: () => undefined,
          }).ir;
          assert.equal(ir.steps.find((st) => st.name === 'sample')?.type, kind, `${from} → ${to}`);
          assert.deepEqual(validatePipeline(ir), [], `${from} → ${to}`);
        }
      });

      for (const target of TARGETS) {
        test(`the ${target} compiler compiles it, refuses it naming the step, or leaves it out with a warning naming it`, () => {
          const { ir } = samplePipeline(kind);
          let text: string;
          try {
            const result = compile(ir, target, BUILTIN_PROFILES[DEFAULT_PROFILE[target]]);
            if (result.warnings.some((w) => w.step === 'sample' && /left out/.test(w.message))) return;
            text = JSON.stringify(result.document);
          } catch (err) {
            assert.ok(err instanceof CompileError, `${target} threw ${String(err)} for a ${kind} step`);
            assert.match(err.message, /Step "sample" uses /);
            assert.ok(err.hint, 'a refusal says the way out');
            return;
          }
          assert.ok(text.includes('sample'), `the ${target} document has no trace of step "sample"`);
        });
      }
    });
  }
});
