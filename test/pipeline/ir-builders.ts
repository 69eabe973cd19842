/** Builders for small IR documents in validation tests: each test states the IR it checks. */
import assert from 'node:assert/strict';
import type { Problem } from '../../src/core/errors.js';
import type {
  Condition,
  ConditionStep,
  FailStep,
  FunctionStep,
  JsonGetRef,
  ParameterRef,
  ParameterSpec,
  PipelineIR,
  ProcessingStep,
  RegisterModelStep,
  StepIR,
  StepOutputRef,
  TrainingStep,
  TransformStep,
  Value,
} from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';

export const out = (step: string, output: string): StepOutputRef => ({ kind: 'StepOutput', step, output });
export const param = (name: string): ParameterRef => ({ kind: 'Parameter', name });
export const jsonGet = (step: string, propertyFile: string, path: string): JsonGetRef => ({
  kind: 'JsonGet',
  step,
  propertyFile,
  path,
});

export const PARAMETERS: ParameterSpec[] = [
  { name: 'input_data', type: 'string', default: 'data.csv' },
  { name: 'threshold', type: 'float', default: 0.5 },
  { name: 'epochs', type: 'integer', default: 3 },
  { name: 'enabled', type: 'boolean', default: true },
];

export function pipelineIr(steps: StepIR[], parameters: ParameterSpec[] = PARAMETERS): PipelineIR {
  return { apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'demo', parameters, steps };
}

export function processingStep(name: string, o: Partial<Omit<ProcessingStep, 'type'>> = {}): ProcessingStep {
  return { name, type: 'processing', process: { command: ['node'], code: `${name}.mjs` }, inputs: [], outputs: [], ...o };
}

export function trainingStep(name: string, o: Partial<Omit<TrainingStep, 'type'>> = {}): TrainingStep {
  return {
    name,
    type: 'training',
    algorithm: { name: 'linear-learner' },
    inputs: [{ name: 'train', type: 'dataset', source: out('prep', 'train') }],
    outputs: [{ name: 'model', type: 'model' }],
    ...o,
  };
}

export function transformStep(name: string, model: Value, input: Value): TransformStep {
  return { name, type: 'transform', model, input, outputs: [{ name: 'predictions', type: 'dataset' }] };
}

export function conditionStep(name: string, condition: Condition, then: string[], otherwise: string[] = []): ConditionStep {
  return { name, type: 'condition', condition, then, else: otherwise };
}

export function failStep(name: string, o: Partial<Omit<FailStep, 'type'>> = {}): FailStep {
  return { name, type: 'fail', message: 'stopped', ...o };
}

export function registerStep(name: string, model: Value, o: Partial<Omit<RegisterModelStep, 'type'>> = {}): RegisterModelStep {
  return { name, type: 'register-model', model, modelPackageGroup: 'demo-models', approvalStatus: 'PendingManualApproval', ...o };
}

export function functionStep(name: string, o: Partial<Omit<FunctionStep, 'type'>> = {}): FunctionStep {
  return { name, type: 'function', handler: { module: '#pipeline', export: name }, inputs: [], outputs: [], ...o };
}

/** prep → train → evaluate → check (auc ≥ threshold) → register | stop: valid as is. */
export function demoSteps(): StepIR[] {
  return [
    processingStep('prep', {
      inputs: [{ name: 'raw', source: param('input_data') }],
      outputs: [
        { name: 'train', type: 'dataset' },
        { name: 'test', type: 'dataset' },
      ],
    }),
    trainingStep('train'),
    processingStep('evaluate', {
      inputs: [
        { name: 'model', type: 'model', source: out('train', 'model') },
        { name: 'test', type: 'dataset', source: out('prep', 'test') },
      ],
      outputs: [{ name: 'report', type: 'metrics' }],
      propertyFiles: [{ name: 'evaluation', output: 'report', path: 'evaluation.json' }],
    }),
    conditionStep(
      'check',
      { op: 'gte', left: jsonGet('evaluate', 'evaluation', 'metrics.auc'), right: param('threshold') },
      ['register'],
      ['stop'],
    ),
    registerStep('register', out('train', 'model'), { metrics: out('evaluate', 'report') }),
    failStep('stop'),
  ];
}

/** The demo pipeline with the named steps replaced (or appended when new). */
export function demoWith(...replacements: StepIR[]): PipelineIR {
  const steps = demoSteps();
  for (const r of replacements) {
    const i = steps.findIndex((s) => s.name === r.name);
    if (i >= 0) steps[i] = r;
    else steps.push(r);
  }
  return pipelineIr(steps);
}

/** The one problem at (step, field); fails the test, listing what was found, when there is none or several. */
export function problemAt(ir: unknown, step: string | undefined, field: string): Problem {
  const problems = validatePipeline(ir);
  const matches = problems.filter((p) => p.step === step && p.field === field);
  assert.equal(
    matches.length,
    1,
    `expected one problem at ${step ?? '(pipeline)'} / ${field}, got:\n${JSON.stringify(problems, null, 2)}`,
  );
  return matches[0];
}

/** Asserts that `message` contains every fragment. */
export function assertMentions(message: string, ...fragments: string[]): void {
  for (const f of fragments)
    assert.ok(message.includes(f), `expected ${JSON.stringify(message)} to mention ${JSON.stringify(f)}`);
}
