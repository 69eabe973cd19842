/**
 * The Step Functions compiler on small pipelines. Every compiled machine is also checked with
 * asl-validator, so a test that passes its own assertions cannot hide an invalid definition.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { compileStepFunctions } from '../../src/compile/stepfunctions/stepfunctions-compiler.js';
import { GodwitError } from '../../src/core/errors.js';
import {
  and,
  condition,
  eq,
  execution,
  fail,
  fn,
  gt,
  gte,
  isIn,
  join,
  lt,
  lte,
  not,
  or,
  param,
  pipeline,
  processing,
  propertyFile,
  registerModel,
  type Step,
  training,
  transform,
} from '../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;
const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText(sep?: string): string;
};

function compile(ir: PipelineIR): Json {
  const doc = compileStepFunctions(ir, BUILTIN_PROFILES.aws).document;
  // asl-validator adds QueryLanguage to every state it checks: give it a copy.
  const v = validate(structuredClone(doc));
  assert.ok(v.isValid, v.errorsText('\n'));
  return doc;
}
/** Every state of a machine, Parallel branches included, by name. */
function allStates(doc: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  const visit = (states: Record<string, Json>) => {
    for (const [name, s] of Object.entries(states)) {
      out[name] = s;
      for (const b of s.Branches ?? []) visit(b.States);
    }
  };
  visit(doc.States);
  return out;
}
function rejects(ir: PipelineIR, pattern: RegExp, hint?: RegExp): void {
  assert.throws(
    () => compileStepFunctions(ir, BUILTIN_PROFILES.aws),
    (err: unknown) => {
      assert.ok(err instanceof GodwitError, String(err));
      assert.equal(err.code, 'E_COMPILE_UNSUPPORTED');
      assert.match(err.message, pattern);
      assert.match(err.message, /stepfunctions target cannot express/);
      if (hint) assert.match(err.hint ?? '', hint);
      return true;
    },
  );
}

const job = (name: string, o: { after?: Step[]; inputs?: Record<string, Json> } = {}) =>
  processing(name, {
    command: ['node'],
    code: `${name}.mjs`,
    inputs: o.inputs ?? {},
    outputs: { out: 'dataset' },
    dependsOn: o.after,
  });
const one = (name: string, ...s: Step[]) => pipeline(name, { steps: s }).ir;

describe('Step Functions: conditions', () => {
  const n = param.integer('n', 1);
  const f = param.float('f', 0.5);
  const s = param.string('s', 'a');
  const b = param.boolean('b', true);
  const rules = (c: Parameters<typeof condition>[1]['if']) => {
    const doc = compile(
      pipeline('c', { parameters: [n, f, s, b], steps: [condition('check', { if: c, then: [fail('yes', { message: 'y' })] })] })
        .ir,
    );
    return { doc, choice: allStates(doc).check };
  };

  test('types each comparison from its operands', () => {
    const { choice } = rules(and(eq(n, 3), gt(f, n), gte(s, 'm'), lt(n, 10), lte(f, 0.9), eq(b, true), not(eq(s, 'z'))));
    assert.deepEqual(choice.Choices[0].And, [
      { Variable: '$.parameters.n', NumericEquals: 3 },
      { Variable: '$.parameters.f', NumericGreaterThanPath: '$.parameters.n' },
      { Variable: '$.parameters.s', StringGreaterThanEquals: 'm' },
      { Variable: '$.parameters.n', NumericLessThan: 10 },
      { Variable: '$.parameters.f', NumericLessThanEquals: 0.9 },
      { Variable: '$.parameters.b', BooleanEquals: true },
      { Not: { Variable: '$.parameters.s', StringEquals: 'z' } },
    ]);
    assert.equal(choice.Choices[0].Next, 'yes');
  });

  test('writes in as an Or of equalities, keeps or / not nesting, and swaps a literal on the left', () => {
    const { choice } = rules(or(isIn(s, ['a', 'b']), not(and(lt(5, n), eq(f, 1)))));
    assert.deepEqual(choice.Choices[0].Or, [
      {
        Or: [
          { Variable: '$.parameters.s', StringEquals: 'a' },
          { Variable: '$.parameters.s', StringEquals: 'b' },
        ],
      },
      {
        Not: {
          And: [
            { Variable: '$.parameters.n', NumericGreaterThan: 5 },
            { Variable: '$.parameters.f', NumericEquals: 1 },
          ],
        },
      },
    ]);
  });

  test('computes operands that are not state paths in a Pass state first', () => {
    const { doc, choice } = rules(and(gt(execution.startTime, '2020-12-01T00:00:00Z'), eq(join(['x-', s]), 'x-a'), eq(1, 1)));
    const operands = allStates(doc)['check (operands)'];
    assert.deepEqual(operands, {
      Type: 'Pass',
      Parameters: { 'v0.$': '$$.Execution.StartTime', 'v1.$': "States.Format('x-{}', $.parameters.s)", v2: 1 },
      ResultPath: '$.steps.check',
      Next: 'check',
    });
    assert.deepEqual(choice.Choices[0].And, [
      { Variable: '$.steps.check.v0', TimestampGreaterThan: '2020-12-01T00:00:00Z' },
      { Variable: '$.steps.check.v1', StringEquals: 'x-a' },
      { Variable: '$.steps.check.v2', NumericEquals: 1 },
    ]);
  });

  test("reads step metrics from the training job's result", () => {
    const t = training('t', { algorithm: 'linear-learner', inputs: { train: 's3://b/train' } });
    const doc = compile(
      one('m', condition('good', { if: lt(t.metric('validation:mse'), 2), then: [fail('ok', { message: 'x' })] })),
    );
    const states = allStates(doc);
    assert.deepEqual(states.t.ResultSelector.Metrics, {
      'validation_mse.$': "$.FinalMetricDataList[?(@.MetricName == 'validation:mse')].Value",
    });
    assert.deepEqual(states.good.Choices[0], { Variable: '$.steps.t.Metrics.validation_mse[0]', NumericLessThan: 2, Next: 'ok' });
  });

  test('compares the start time with dates, times and string parameters as timestamps, saying what it assumed', () => {
    const ir = pipeline('c', {
      parameters: [s],
      steps: [
        condition('check', {
          if: and(
            gt(execution.startTime, '2020-12-01'),
            lt(execution.startTime, '2020-12-01T10:30'),
            gte(execution.startTime, s),
            isIn(s, ['abc', execution.startTime]),
            lte(execution.startTime, '2021-01-01T00:00:00+01:00'),
          ),
          then: [fail('yes', { message: 'y' })],
        }),
      ],
    }).ir;
    const { document, warnings } = compileStepFunctions(ir, BUILTIN_PROFILES.aws);
    const v = validate(structuredClone(document));
    assert.ok(v.isValid, v.errorsText('\n'));
    const choice = allStates(document as Json).check;
    assert.deepEqual(choice.Choices[0].And, [
      { Variable: '$.steps.check.v0', TimestampGreaterThan: '2020-12-01T00:00:00Z' },
      { Variable: '$.steps.check.v0', TimestampLessThan: '2020-12-01T10:30:00Z' },
      { Variable: '$.steps.check.v0', TimestampGreaterThanEqualsPath: '$.parameters.s' },
      {
        Or: [
          { Variable: '$.parameters.s', StringEquals: 'abc' },
          { Variable: '$.parameters.s', TimestampEqualsPath: '$.steps.check.v0' },
        ],
      },
      { Variable: '$.steps.check.v0', TimestampLessThanEquals: '2021-01-01T00:00:00+01:00' },
    ]);
    assert.deepEqual(
      warnings.map((w) => `${w.step}: ${w.message}`),
      [
        'check: "2020-12-01" is compared with the start time as 2020-12-01T00:00:00Z (UTC midnight): Step Functions compares only full timestamps.',
        'check: "2020-12-01T10:30" is compared with the start time as 2020-12-01T10:30:00Z (UTC): Step Functions compares only full timestamps.',
        'check: the parameter "s" is compared with the start time as a timestamp: Step Functions needs it in full RFC 3339 (e.g. 2020-12-01T00:00:00Z) at run time; a date alone does not compare.',
      ],
    );
  });

  test('refuses what Choice rules cannot compare', () => {
    rejects(
      pipeline('c', { parameters: [s, n], steps: [condition('c', { if: eq(s, n) })] }).ir,
      /a comparison of a string with a number/,
    );
    rejects(pipeline('c', { parameters: [b], steps: [condition('c', { if: gt(b, false) })] }).ir, /"gt" on boolean values/);
    rejects(
      one('c', condition('c', { if: gt(execution.startTime, 'December 2020') })),
      /start time with "December 2020", which is not a date or timestamp/,
      /2020-12-01T00:00:00Z/,
    );
    rejects(one('c', condition('c', { if: isIn(1, []) })), /an "in" test with no values/);
  });

  test('sends an empty branch to a Pass state and joins both branches afterwards', () => {
    const after = job('after');
    const c = condition('c', { if: eq(1, 2), then: [job('inside')] });
    const doc = compile(pipeline('e', { steps: [c, after.after(c)] }).ir);
    const states = allStates(doc);
    assert.equal(states.c.Default, 'c (else: no steps)');
    assert.equal(states['c (else: no steps)'].Next, 'after');
    assert.equal(states.inside.Next, 'after');
  });
});

describe('Step Functions: ordering', () => {
  test('runs independent steps in a Parallel state and merges their results', () => {
    const a = job('a');
    const b = job('b');
    const c = job('c', { inputs: { a: a.output('out'), b: b.output('out') } });
    const doc = compile(one('fan', c));
    assert.deepEqual(doc.States.Parameters.Next, 'Parallel: a, b');
    const p = doc.States['Parallel: a, b'];
    assert.deepEqual(
      p.Branches.map((br: Json) => br.StartAt),
      ['a', 'b'],
    );
    assert.equal(p.Next, 'c');
    assert.equal(p.ResultSelector['steps.$'], 'States.JsonMerge($[0].steps, $[1].steps, false)');
    assert.deepEqual(doc.States.c.Parameters.ProcessingInputs[0].S3Input, {
      'S3Uri.$': "States.Format('s3://sagemaker-us-east-1-123456789012/godwit/fan/{}/a/output/out', $$.Execution.Name)",
      LocalPath: '/opt/ml/processing/input/a',
      S3DataType: 'S3Prefix',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
      S3CompressionType: 'None',
    });
  });

  test('splits a layer wider than ten branches into several Parallel states', () => {
    const wide = Array.from({ length: 12 }, (_, i) => job(`w${i}`));
    const doc = compile(pipeline('wide', { steps: wide }).ir);
    const parallels = Object.entries(doc.States).filter(([, s]: [string, Json]) => s.Type === 'Parallel') as [string, Json][];
    assert.deepEqual(
      parallels.map(([, s]) => s.Branches.length),
      [10, 2],
    );
    assert.equal(parallels[0][1].Next, parallels[1][0]);
    assert.equal((parallels[0][1].ResultSelector['steps.$'].match(/JsonMerge/g) ?? []).length, 9);
  });

  test('keeps states after a Fail reachable by running it in a one-branch Parallel', () => {
    const stop = fail('stop', { message: 'x' });
    const next = job('next').after(stop);
    const doc = compile(one('f', next));
    const p = doc.States['Parallel: stop'];
    assert.equal(p.Branches[0].States.stop.Type, 'Fail');
    assert.equal(p.Next, 'next');
  });

  test('compiles a condition nested in a branch', () => {
    const level = param.integer('level', 1);
    const inner = condition('inner', { if: eq(level, 1), then: [job('deep')], else: [fail('no', { message: 'n' })] });
    const outer = condition('outer', { if: gt(level, 0), then: [inner] });
    const doc = compile(pipeline('n', { parameters: [level], steps: [job('first'), outer] }).ir);
    const states = allStates(doc);
    assert.equal(states.outer.Choices[0].Next, 'inner');
    assert.equal(states.inner.Choices[0].Next, 'deep');
    assert.equal(states.deep.End, true);
  });
});

describe('Step Functions: retries, timeouts and failures', () => {
  test('maps failure kinds to Step Functions errors and renames retried jobs per attempt', () => {
    const p = job('p')
      .withRetry({
        maxAttempts: 3,
        backoff: { initialSeconds: 10, rate: 1.5, maxSeconds: 120 },
        on: ['error', 'timeout', 'infrastructure'],
      })
      .withTimeout(900);
    const state = compile(one('r', p)).States.p;
    assert.deepEqual(state.Retry, [
      {
        ErrorEquals: [
          'States.TaskFailed',
          'States.Timeout',
          'SageMaker.AmazonSageMakerException',
          'SageMaker.ResourceLimitExceededException',
        ],
        IntervalSeconds: 10,
        BackoffRate: 1.5,
        MaxAttempts: 2,
        MaxDelaySeconds: 120,
      },
    ]);
    assert.equal(state.TimeoutSeconds, 900);
    assert.equal(state.Parameters['ProcessingJobName.$'], "States.Format('p-{}-{}', $$.Execution.Name, $$.State.RetryCount)");
  });

  test('needs no error for interrupted; retries and timeouts on control states are left out, with a warning', () => {
    const state = compile(one('r', job('p').withRetry({ maxAttempts: 2 }))).States.p;
    assert.deepEqual(state.Retry[0].ErrorEquals, ['States.TaskFailed', 'States.Timeout']);
    const spotOnly = compile(
      one(
        'r',
        training('t', { algorithm: 'linear-learner', spot: {} }).withRetry({ maxAttempts: 2, on: ['interrupted', 'timeout'] }),
      ),
    );
    assert.deepEqual(spotOnly.States.t.Retry[0].ErrorEquals, ['States.Timeout']);
    assert.equal(spotOnly.States.t.Parameters.EnableManagedSpotTraining, true);
    const control = compileStepFunctions(
      pipeline('r', {
        steps: [
          condition('c', { if: eq(1, 1), then: [fail('f', { message: 'x' }).withTimeout(5)] }).withRetry({ maxAttempts: 2 }),
        ],
      }).ir,
      BUILTIN_PROFILES.aws,
    );
    const states = allStates(control.document);
    assert.equal(states.c.Retry, undefined);
    assert.equal(states.f.TimeoutSeconds, undefined);
    assert.deepEqual(
      control.warnings.map((w) => `${w.step}: ${w.message}`),
      [
        'c: a retry cannot be expressed on a condition step (it runs no job), so it is tried once.',
        'f: the timeout of 5s cannot be expressed on a fail step (it runs no job), so it has none.',
      ],
    );
  });

  test('rounds what the retrier cannot take up to what it can, with a warning; a retry only on interruptions writes none', () => {
    const result = compileStepFunctions(
      one('r', job('p').withRetry({ maxAttempts: 3, backoff: { initialSeconds: 0.5, rate: 0.5, maxSeconds: 9.5 } })),
      BUILTIN_PROFILES.aws,
    );
    const retry = (result.document as Json).States.p.Retry[0];
    assert.deepEqual([retry.IntervalSeconds, retry.BackoffRate, retry.MaxDelaySeconds], [1, 1, 10]);
    assert.deepEqual(
      result.warnings.map((w) => w.message),
      [
        'a first retry interval of 0.5s cannot be expressed (Step Functions waits whole seconds, at least 1), so it waits 1s.',
        'a backoff rate of 0.5 cannot be expressed (Step Functions rates are at least 1.0), so the interval stays 1s.',
        'a longest retry interval of 9.5s cannot be expressed (Step Functions takes whole seconds), so it is 10s.',
      ],
    );
    assert.equal(compile(one('r', job('p').withRetry({ maxAttempts: 3, on: ['interrupted'] }))).States.p.Retry, undefined);
  });

  test('retries both calls of a transform', () => {
    const t = transform('score', { model: 's3://b/model.tar.gz', input: 's3://b/in' }).withRetry({
      maxAttempts: 2,
      on: ['infrastructure'],
    });
    const states = compile(one('t', t)).States;
    assert.ok(states['score (create model)'].Retry);
    assert.ok(states.score.Retry);
    assert.equal(states['score (create model)'].Parameters['ModelName.$'], states.score.Parameters['ModelName.$']);
  });

  test('writes a fixed fail message as Cause and a built one with States.Format', () => {
    const f = param.float('limit', 1);
    const doc = compile(
      pipeline('f', { parameters: [f], steps: [fail('a', { message: 'plain' }).after(fail('b', { message: f }))] }).ir,
    );
    const states = allStates(doc);
    assert.equal(states.a.Cause, 'plain');
    assert.equal(states.b.CausePath, "States.Format('{}', $.parameters.limit)");
  });

  test('refuses an in-process function step', () => {
    rejects(
      one('f', fn('tidy', { run: async () => ({}) })),
      /Step "tidy" uses an in-process function step/,
      /exist only locally/,
    );
  });
});

describe('Step Functions: requests', () => {
  test('builds arrays holding run-time values with States.Array', () => {
    const seed = param.integer('seed', 1);
    const p = processing('p', { command: ['node'], image: 'i', args: ['--seed', seed, '--run', execution.id] });
    const doc = compile(pipeline('a', { parameters: [seed], steps: [p] }).ir);
    assert.equal(
      doc.States.p.Parameters.AppSpecification['ContainerArguments.$'],
      "States.Array('--seed', $.parameters.seed, '--run', $$.Execution.Name)",
    );
  });

  test('registers a model with the same request as SageMaker Pipelines', () => {
    const t = training('t', { algorithm: 'linear-learner', inputs: { train: 's3://b/t' } });
    const ev = processing('ev', {
      command: ['node'],
      code: 'ev.mjs',
      outputs: { report: 'metrics' },
      propertyFiles: [propertyFile('R', 'report', 'r.json')],
    });
    const r = registerModel('reg', { model: t.output('model'), modelPackageGroup: 'G', metrics: ev.output('report') });
    const state = compile(one('r', r)).States.reg;
    assert.equal(state.Resource, 'arn:aws:states:::aws-sdk:sagemaker:createModelPackage');
    assert.equal(state.Parameters.InferenceSpecification.Containers[0]['ModelDataUrl.$'], '$.steps.t.ModelArtifacts');
    assert.equal(
      state.Parameters.ModelMetrics.ModelQuality.Statistics['S3Uri.$'],
      "States.Format('s3://sagemaker-us-east-1-123456789012/godwit/r/{}/ev/output/report/r.json', $$.Execution.Name)",
    );
    assert.equal(state.Parameters.ModelApprovalStatus, 'PendingManualApproval');
  });

  test('keeps state keys and job names valid for steps with awkward names', () => {
    const a = job('x.y-long-name-for-a-processing-step');
    const b = job('x_y-long-name-for-a-processing-step-too');
    const doc = compile(one('k', a, b));
    const states = allStates(doc);
    const names = [a, b].map((s) => states[s.ir.name].Parameters['ProcessingJobName.$']);
    assert.deepEqual(names, [
      "States.Format('x-y-long-name-for-a-{}', $$.Execution.Name)",
      "States.Format('x-y-long-name-for-2-{}', $$.Execution.Name)",
    ]);
    assert.deepEqual(
      [a, b].map((s) => states[s.ir.name].ResultPath),
      ['$.steps.x_y_long_name_for_a_processing_step', '$.steps.x_y_long_name_for_a_processing_step_too'],
    );
  });
});
