/**
 * Synthetic pipelines for the KFP compiler tests: together they use every step kind the target
 * compiles, every condition op and every reference kind.
 */
import {
  and,
  condition,
  eq,
  execution,
  fail,
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
  training,
  transform,
} from '../../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../../src/pipeline/ir.js';

const inputPath = (name: string) => ({ kind: 'InputPath', name }) as const;
const outputPath = (name: string) => ({ kind: 'OutputPath', name }) as const;

/** Every step kind but `function`, every condition op, every reference kind. */
export function everyStepPipeline(): PipelineIR {
  const rows = param.integer('rows', 100);
  const ratio = param.float('ratio', 0.2);
  const mode = param.string('mode', 'fast');
  const strict = param.boolean('strict', true);
  const raw = param.string('raw', 'gs://bucket/raw.csv');
  const trainType = param.string('train_type', 'ml.m5.large');

  const report = propertyFile('Report', 'report', 'report.json');
  const prep = processing('prep', {
    command: ['python3'],
    code: 'steps/prep.py',
    args: [
      '--rows',
      rows,
      '--out',
      outputPath('train'),
      '--in',
      inputPath('raw'),
      '--run',
      execution.id,
      '--tag',
      join(['v', rows, mode], '-'),
    ],
    env: { START: execution.startTime, NAME: execution.pipelineName, MODE: 'static' },
    inputs: { raw: { source: raw, type: 'dataset' }, extra: { source: 'data/extra.csv' } },
    outputs: { train: 'dataset', report: { type: 'metrics', source: '/opt/ml/processing/report' } },
    propertyFiles: [report],
    resources: { instanceType: 'ml.m5.large', instanceCount: 1 },
    retry: { maxAttempts: 3, backoff: { initialSeconds: 1.5, rate: 3, maxSeconds: 60 } },
    cache: { enabled: true },
  });
  const trainLl = training('train-ll', {
    algorithm: 'linear-learner',
    hyperparameters: { epochs: rows, mode },
    inputs: { train: prep.output('train') },
    resources: { instanceType: trainType },
  });
  const trainScript = training('train-script', {
    process: { command: ['python3'], code: 'train/', entryPoint: 'train.py', contract: 'sagemaker' },
    hyperparameters: { lr: ratio, note: join(['run', execution.id]) },
    inputs: { train: prep.output('train') },
    outputs: { output: 'fileset' },
    retry: { maxAttempts: 2 },
  });
  const trainVertex = training('train-vertex', {
    process: {
      command: ['python3'],
      code: 'train.py',
      contract: 'vertex',
      args: ['--data', inputPath('train'), '--uri', prep.output('report')],
    },
    hyperparameters: { lr: 0.1 },
    inputs: { train: prep.output('train') },
  });
  const score = transform('score', {
    model: trainLl.output('model'),
    input: prep.output('train'),
    contentType: 'text/csv',
    splitType: 'Line',
    resources: { instanceType: 'ml.m5.xlarge' },
  });
  const register = registerModel('register', {
    model: trainScript.output('model'),
    modelPackageGroup: 'Group',
    approvalStatus: 'Approved',
    metrics: prep.output('report'),
    image: 'serve:1',
    contentTypes: ['text/csv'],
    description: 'from the synthetic pipeline',
  });
  const stop = fail('stop', { message: join(['score too low:', prep.jsonGet(report, 'metrics[0].score')], ' ') });
  const gate = condition('gate', {
    if: and(
      gte(prep.jsonGet(report, 'metrics[0].score'), ratio),
      lt(trainLl.metric('validation:mse'), 10),
      not(eq(mode, 'debug')),
      or(isIn(mode, ['fast', 'slow']), eq(strict, true)),
      gt(rows, 5),
      lte(ratio, 0.5),
    ),
    then: [score, register],
    else: [stop],
  });
  return pipeline('every-step', {
    description: 'Synthetic: every step kind.\nSecond line.',
    parameters: [rows, ratio, mode, strict, raw, trainType],
    steps: [prep, trainLl, trainScript, trainVertex, gate],
  }).ir;
}

/** Nested conditions, then-only and else-only branches, execution variables and joins as operands. */
export function nestedConditionsPipeline(): PipelineIR {
  const mode = param.string('mode', 'fast');
  const rows = param.integer('rows', 3);
  const base = processing('base', { command: ['node'], code: 'base.mjs', outputs: { data: 'dataset' } });
  const first = processing('first', {
    command: ['node'],
    code: 'first.mjs',
    inputs: { data: base.output('data') },
    outputs: { data: 'dataset' },
  });
  const second = processing('second', {
    command: ['node'],
    code: 'second.mjs',
    args: ['--mode', mode],
    inputs: { a: base.output('data'), b: first.output('data') },
    outputs: { out: 'fileset' },
  });
  const inner = condition('inner', { if: eq(join(['a', mode]), 'afast'), then: [second] });
  const outer = condition('outer', { if: or(eq(execution.pipelineName, 'nested'), eq(execution.id, 'x')), then: [first, inner] });
  const third = processing('third', { command: ['node'], code: 'third.mjs', dependsOn: [base], args: [execution.startTime] });
  const elseOnly = condition('else-only', { if: gt(rows, 3), else: [third] });
  const after = processing('after', { command: ['node'], code: 'after.mjs', dependsOn: [outer] });
  return pipeline('nested', { parameters: [mode, rows], steps: [base, outer, elseOnly, after] }).ir;
}
