/**
 * The SDK-written definitions in test/fixtures/smimport (copied from the shared reference) import,
 * and the IR compiles to SageMaker, KFP and Step Functions, or is refused with the CompileError
 * named here. The notes say what was approximated and dropped. The compiled documents themselves
 * are golden files: test/golden/compile-sagemaker-definitions.test.ts.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CompileError, compile, type TargetName, type TargetProfile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { ROOT } from '../golden/golden-file.js';

const FIXTURES = join(ROOT, 'test/fixtures/smimport');
const PROFILE: Readonly<Record<TargetName, string>> = { sagemaker: 'aws', kfp: 'gcp', stepfunctions: 'aws' };

async function load(name: string) {
  return importSageMakerDefinition(JSON.parse(await readFile(join(FIXTURES, `${name}.definition.json`), 'utf8')), { name });
}

/** The built-in profiles, the GCP one also placing the falcon training's ml.g5.12xlarge (48 vCPUs). */
const PROFILES: Readonly<Record<string, TargetProfile>> = {
  ...BUILTIN_PROFILES,
  gcp: { ...BUILTIN_PROFILES.gcp, machineTypes: { ...BUILTIN_PROFILES.gcp.machineTypes, 'ml.g5.12xlarge': 'n1-standard-48' } },
};

function compileTo(ir: PipelineIR, target: TargetName) {
  return compile(ir, target, PROFILES[PROFILE[target]]);
}

/** The refusal a compiler gives, as `code: message`, or 'compiled'. */
function outcome(ir: PipelineIR, target: TargetName): string {
  try {
    compileTo(ir, target);
    return 'compiled';
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return `${e.code}: ${e.message}`;
  }
}

describe('dynamic-framework-multi-model (SDK-written: processing, training, model, transform, register)', () => {
  test('imports every step, the Model step as a model step the transform waits for', async () => {
    const { ir, notes } = await load('dynamic-framework-multi-model');
    assert.deepEqual(
      ir.steps.map((s) => `${s.name}:${s.type}`),
      [
        'falcon-text-summarization-preprocess:processing',
        'falcon-text-summarization-tuning:training',
        'falcon-text-summarization-register-RegisterModel:register-model',
        'calhousing-Preprocessing:processing',
        'calhousing-Training:training',
        'calhousing-CreateModel-CreateModel:model',
        'calhousing-Transform:transform',
        'calhousing-Metrics:processing',
        'calhousing-Register-RegisterModel:register-model',
      ],
    );
    const transform = ir.steps.find((s) => s.name === 'calhousing-Transform');
    assert.ok(transform?.type === 'transform');
    assert.deepEqual(transform.model, { kind: 'StepOutput', step: 'calhousing-Training', output: 'model' });
    assert.deepEqual(transform.input, {
      kind: 'Join',
      on: '/',
      values: [{ kind: 'StepOutput', step: 'calhousing-Preprocessing', output: 'train' }, 'test/x_test.csv'],
    });
    // The transform waits for the model step, which reads the training's model.
    assert.deepEqual(transform.dependsOn, ['calhousing-CreateModel-CreateModel']);
    const model = ir.steps.find((s) => s.name === 'calhousing-CreateModel-CreateModel');
    assert.ok(model?.type === 'model');
    assert.deepEqual(model.model, { kind: 'StepOutput', step: 'calhousing-Training', output: 'model' });
    assert.equal(model.image, '763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.11.0-cpu');
    assert.deepEqual(model.env, {
      SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code',
      SAGEMAKER_PROGRAM: 'inference',
      SAGEMAKER_REQUIREMENTS: 'requirements.txt',
    });
    assert.match(model.executionRole ?? '', /^arn:aws:iam::327206644775:role\//);
    // Its DependsOn, as the definition writes it.
    assert.deepEqual(model.dependsOn, ['calhousing-Training']);
    assert.equal(transform.cache?.expireAfter, 'P10D');
    const metrics = ir.steps.find((s) => s.name === 'calhousing-Metrics');
    assert.ok(metrics?.type === 'processing');
    assert.deepEqual(metrics.propertyFiles, [
      { name: 'EvaluationReport', output: 'model_evaluation_metrics', path: 'model_evaluation_metrics.json' },
    ]);
    assert.deepEqual(metrics.outputs, [
      { name: 'model_evaluation_metrics', type: 'metrics', source: '/opt/ml/processing/output' },
    ]);
    const find = (feature: string, outcome: string) => notes.filter((n) => n.feature === feature && n.outcome === outcome);
    assert.equal(find('CacheConfig', 'approximated').length, 6, 'every "10d" read as P10D');
    assert.equal(find('RoleArn', 'dropped').length, 1, 'the role is said once');
    assert.equal(find('sagemaker_submit_directory', 'approximated').length, 2, 'the tarballs are not fetched without a store');
    assert.ok(find('Model', 'mapped').some((n) => n.step === 'calhousing-CreateModel-CreateModel'));
  });

  test('compiles to every target; KFP says what PipelineSpec cannot hold (timeouts, disk sizes, cache lifetimes)', async () => {
    const { ir } = await load('dynamic-framework-multi-model');
    const sm = compileTo(ir, 'sagemaker').document as { Steps: { Name: string; Type: string }[] };
    assert.ok(sm.Steps.some((s) => s.Type === 'Transform' && s.Name === 'calhousing-Transform'));
    assert.equal(outcome(ir, 'stepfunctions'), 'compiled');
    const kfp = compileTo(ir, 'kfp');
    assert.ok(kfp.warnings.some((w) => w.step === 'falcon-text-summarization-preprocess' && /timeout of 3000s/.test(w.message)));
    // The transform's input, a path joined onto another step's output, is that output's path plus the rest.
    assert.match(JSON.stringify(kfp.document), /\{\{\$\.inputs\.artifacts\['input'\]\.path\}\}\/test\/x_test\.csv/);
  });
});

describe('sdk-unit-test-condition-step-interpolated (every condition type)', () => {
  test('imports every condition, the branches and the TrainingJobName stand-in', async () => {
    const { ir, notes } = await load('sdk-unit-test-condition-step-interpolated');
    const condition = ir.steps.find((s) => s.type === 'condition');
    assert.ok(condition?.type === 'condition');
    assert.deepEqual([condition.then, condition.else], [['MyStep1'], ['MyStep2']]);
    assert.ok(condition.condition.op === 'and');
    assert.deepEqual(
      condition.condition.conditions.map((c) => c.op),
      ['eq', 'gt', 'gte', 'lt', 'lte', 'in', 'in', 'not', 'not', 'or'],
    );
    assert.deepEqual(condition.dependsOn, ['MyStep0'], 'Steps.MyStep0.TrainingJobName makes the condition wait for MyStep0');
    assert.deepEqual(
      ir.parameters.map((p) => `${p.name}:${p.type}`),
      ['MyInt1:integer', 'MyInt2:integer', 'MyStr:string'],
    );
    assert.ok(notes.some((n) => n.feature === 'Steps.MyStep0.TrainingJobName' && n.outcome === 'approximated'));
  });

  test('the compilers refuse the empty Training steps (no image); with one, every target compiles', async () => {
    const { ir } = await load('sdk-unit-test-condition-step-interpolated');
    assert.match(outcome(ir, 'sagemaker'), /^E_COMPILE_UNSUPPORTED: Step "MyStep1" uses command "train" with no container image/);
    assert.match(outcome(ir, 'kfp'), /^E_COMPILE_UNSUPPORTED: Step "MyStep1" uses a "train" process with no container image/);
    const imaged = {
      ...ir,
      steps: ir.steps.map((s) =>
        s.type === 'training' && s.process ? { ...s, process: { ...s.process, image: 'example.com/trainer:1' } } : s,
      ),
    } as PipelineIR;
    assert.equal(outcome(imaged, 'sagemaker'), 'compiled');
    assert.equal(outcome(imaged, 'kfp'), 'compiled');
    // The start time against "2020-12-01": a timestamp comparison, the date read as UTC midnight.
    assert.equal(outcome(imaged, 'stepfunctions'), 'compiled');
  });
});

describe('linear (processing → script-mode training → evaluation → condition → register / fail)', () => {
  test('compiles to every target; KFP retries the infrastructure-only retry on every failure, with a warning', async () => {
    const { ir } = await load('linear');
    const sm = compileTo(ir, 'sagemaker').document as { Steps: { Name: string; Type: string }[] };
    assert.deepEqual(
      sm.Steps.map((s) => `${s.Name}:${s.Type}`),
      ['Preprocess:Processing', 'Train:Training', 'Evaluate:Processing', 'CheckMse:Condition'],
    );
    assert.equal(outcome(ir, 'stepfunctions'), 'compiled');
    const kfp = compileTo(ir, 'kfp');
    assert.ok(kfp.warnings.some((w) => w.step === 'Preprocess' && /retry on \[infrastructure\] only/.test(w.message)));
  });
});
