import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { compileKfp, toKfpYaml } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { TargetProfile } from '../../src/compile/target.js';
import { GodwitError } from '../../src/core/errors.js';
import {
  condition,
  fail,
  gt,
  pipeline,
  propertyFile,
  registerModel,
  type Step,
  training,
  transform,
} from '../../src/pipeline/dsl/index.js';
import { everyStepPipeline } from './kfp-proto/fixtures.js';
import { compileSpec, componentOf, containerOf, rejects, step, tasksOf } from './kfp-proto/spec-helpers.js';

const gcp = BUILTIN_PROFILES.gcp;

describe('compileKfp: document', () => {
  test('is a PipelineSpec 2.1.0 with the pipeline as root inputs, written as YAML', () => {
    const ir = everyStepPipeline();
    const result = compileKfp(ir, gcp);
    assert.equal(result.target, 'kfp');
    assert.equal(result.format, 'yaml');
    const spec = result.document as ReturnType<typeof compileSpec>;
    assert.equal(spec.schemaVersion, '2.1.0');
    assert.match(spec.sdkVersion, /^kfp-2\./);
    assert.deepEqual(spec.pipelineInfo, { name: 'every-step', description: 'Synthetic: every step kind.\nSecond line.' });
    assert.equal(spec.defaultPipelineRoot, 'gs://my-project-godwit/godwit/every-step/runs');
    assert.deepEqual(spec.root.inputDefinitions?.parameters?.rows, {
      parameterType: 'NUMBER_INTEGER',
      defaultValue: 100,
      isOptional: true,
    });
    assert.equal(spec.root.inputDefinitions?.parameters?.ratio.parameterType, 'NUMBER_DOUBLE');
    assert.equal(spec.root.inputDefinitions?.parameters?.strict.parameterType, 'BOOLEAN');
    assert.equal(spec.root.inputDefinitions?.parameters?.mode.parameterType, 'STRING');
    assert.deepEqual(parse(toKfpYaml(spec)), spec, 'the YAML reads back as the document');
  });

  test('sanitizes a pipeline name KFP would refuse and keeps it as the display name', () => {
    const spec = compileSpec(pipeline('My Pipeline', { steps: [step('a')] }).ir);
    assert.deepEqual(spec.pipelineInfo, { name: 'my-pipeline', displayName: 'My Pipeline' });
  });

  test('every task has a component and every container component an executor', () => {
    const spec = compileSpec(everyStepPipeline());
    for (const { dag, tasks } of [
      { dag: 'root', tasks: spec.root.dag.tasks },
      ...Object.entries(spec.components)
        .filter(([, c]) => c.dag)
        .map(([dag, c]) => ({ dag, tasks: c.dag?.tasks ?? {} })),
    ]) {
      for (const [name, t] of Object.entries(tasks)) {
        const component = spec.components[t.componentRef.name];
        assert.ok(component, `${dag}/${name} → ${t.componentRef.name}`);
        if (component.executorLabel) assert.ok(spec.deploymentSpec.executors[component.executorLabel], component.executorLabel);
        for (const input of Object.keys(t.inputs?.parameters ?? {})) {
          assert.ok(component.inputDefinitions?.parameters?.[input], `${name} declares the parameter it is given: ${input}`);
        }
        for (const input of Object.keys(t.inputs?.artifacts ?? {})) {
          assert.ok(component.inputDefinitions?.artifacts?.[input], `${name} declares the artifact it is given: ${input}`);
        }
        for (const dep of t.dependentTasks ?? []) assert.ok(tasks[dep], `${name} depends on ${dep} in the same DAG`);
      }
    }
  });
});

describe('compileKfp: policies', () => {
  const withPolicy = (s: Step) => compileSpec(pipeline('p', { steps: [s] }).ir);

  test('retry maps to retryPolicy with the SDK defaults filled in', () => {
    const spec = compileSpec(everyStepPipeline());
    assert.deepEqual(tasksOf(spec).prep.retryPolicy, {
      maxRetryCount: 2,
      backoffDuration: '1.500s',
      backoffFactor: 3,
      backoffMaxDuration: '60s',
    });
    assert.deepEqual(tasksOf(spec)['train-script'].retryPolicy, {
      maxRetryCount: 1,
      backoffDuration: '0s',
      backoffFactor: 2,
      backoffMaxDuration: '3600s',
    });
    assert.equal(tasksOf(withPolicy(step('a').withRetry({ maxAttempts: 1 }))).a.retryPolicy, undefined);
  });

  test('a retry on fewer failure kinds retries every failure, with a warning; [] or one attempt is no retry', () => {
    const compiled = (s: Step) => compileKfp(pipeline('p', { steps: [s] }).ir, gcp);
    const infra = compiled(step('a').withRetry({ maxAttempts: 3, on: ['infrastructure'] }));
    assert.deepEqual(tasksOf(infra.document as ReturnType<typeof compileSpec>).a.retryPolicy, {
      maxRetryCount: 2,
      backoffDuration: '0s',
      backoffFactor: 2,
      backoffMaxDuration: '3600s',
    });
    assert.deepEqual(
      infra.warnings.map((w) => `${w.step}: ${w.message}`),
      [
        'a: a retry on [infrastructure] only cannot be expressed (KFP retries every failed attempt alike), so failures of kind [error, timeout, interrupted] are retried too: up to 2 more attempts of the same task.',
      ],
    );
    assert.match(
      compiled(step('a').withRetry({ maxAttempts: 2, on: ['error'] })).warnings[0].message,
      /\[timeout, interrupted\] are retried too/,
    );
    for (const on of [
      ['interrupted', 'error', 'timeout'],
      ['error', 'timeout', 'interrupted', 'infrastructure'],
    ] as const) {
      const all = compiled(step('a').withRetry({ maxAttempts: 2, on }));
      assert.ok(tasksOf(all.document as ReturnType<typeof compileSpec>).a.retryPolicy);
      assert.deepEqual(all.warnings, [], 'KFP retries these kinds and infrastructure faults alike');
    }
    assert.equal(tasksOf(withPolicy(step('a').withRetry({ maxAttempts: 3, on: [] }))).a.retryPolicy, undefined);
  });

  test('cache maps to cachingOptions; an expiry turns caching off with a warning; a timeout is dropped with a warning', () => {
    assert.deepEqual(tasksOf(withPolicy(step('a').withCache({ enabled: true }))).a.cachingOptions, { enableCache: true });
    assert.deepEqual(tasksOf(withPolicy(step('a').withCache({ enabled: false }))).a.cachingOptions, {});
    assert.deepEqual(tasksOf(withPolicy(step('a'))).a.cachingOptions, {});
    const expiring = compileKfp(
      pipeline('p', { steps: [step('a').withCache({ enabled: true, expireAfter: 'PT1H' })] }).ir,
      BUILTIN_PROFILES.gcp,
    );
    assert.match(expiring.warnings[0].message, /cache expiry PT1H cannot be expressed/);
    const timed = compileKfp(pipeline('p', { steps: [step('a').withTimeout(60)] }).ir, gcp);
    assert.deepEqual(timed.warnings, [
      {
        step: 'a',
        message:
          'the timeout of 60s cannot be expressed (PipelineSpec has no per-task timeout), so the task runs until it ends: enforce the limit inside the step if it matters.',
      },
    ]);
    assert.deepEqual(tasksOf(timed.document as ReturnType<typeof compileSpec>).a, tasksOf(withPolicy(step('a'))).a);
  });
});

describe('compileKfp: names and validation', () => {
  test('step names become Kubernetes-style task names; helpers never take a step’s name', () => {
    const a = step('Prep_Data');
    const b = step('prep-data-code-importer');
    const spec = compileSpec(pipeline('p', { steps: [a, b] }).ir);
    const names = Object.keys(tasksOf(spec)).sort();
    assert.deepEqual(names, [
      'prep-data',
      'prep-data-code-importer',
      'prep-data-code-importer-2',
      'prep-data-code-importer-code-importer',
    ]);
    assert.equal(tasksOf(spec)['prep-data'].taskInfo.name, 'Prep_Data');
    assert.deepEqual(tasksOf(spec)['prep-data'].inputs?.artifacts?.code, {
      taskOutputArtifact: { producerTask: 'prep-data-code-importer-2', outputArtifactKey: 'artifact' },
    });
  });

  test('a reference to a missing output or parameter is a validation error', () => {
    const a = step('a');
    const bad = pipeline('p', { steps: [a, step('b', { inputs: { x: a.output('nope') } })] }).ir;
    assert.throws(
      () => compileKfp(bad, gcp),
      (e: unknown) =>
        e instanceof GodwitError && e.code === 'E_VALIDATION' && /has no output "nope".*Outputs of "a": out/.test(e.message),
    );
    const ghost = pipeline('p', { steps: [step('b', { args: [{ kind: 'Parameter', name: 'ghost' }] })] }).ir;
    assert.throws(() => compileKfp(ghost, gcp), /parameter "ghost" is not declared/);
    const path = pipeline('p', { steps: [step('b', { args: [{ kind: 'InputPath', name: 'nope' }] })] }).ir;
    assert.throws(() => compileKfp(path, gcp), /InputPath\("nope"\) names no input/);
  });

  test('compiles the same IR to the same document every time, with any profile', () => {
    const profile: TargetProfile = { ...gcp, artifactRoot: 'gs://other/root/', images: { ...gcp.images, python3: 'py:1' } };
    const one = compileKfp(everyStepPipeline(), profile);
    const two = compileKfp(everyStepPipeline(), profile);
    assert.deepEqual(one, two);
    const spec = one.document as ReturnType<typeof compileSpec>;
    assert.equal(spec.defaultPipelineRoot, 'gs://other/root/every-step/runs');
    assert.equal(containerOf(spec, 'stop').image, 'py:1');
  });

  test('register-model and transform need the Godwit image in the profile', () => {
    const a = training('t', { algorithm: 'linear-learner', inputs: { train: 'gs://b/train.csv' } });
    const reg = registerModel('r', { model: a.output('model'), modelPackageGroup: 'g' });
    const tr = transform('x', { model: a.output('model'), input: 'gs://b/in.csv' });
    const profile: TargetProfile = { ...gcp, images: { 'linear-learner': 'll:1' } };
    rejects(() => compileKfp(pipeline('p', { steps: [a, reg] }).ir, profile), /model registration/);
    rejects(() => compileKfp(pipeline('p', { steps: [a, tr] }).ir, profile), /batch transform/);
  });

  test('a fail step message with no references is passed as written', () => {
    const spec = compileSpec(pipeline('p', { steps: [fail('f', { message: 'stop here' })] }).ir);
    assert.deepEqual(containerOf(spec, 'f').args, ['stop here']);
    assert.equal(componentOf(spec, 'f').inputDefinitions, undefined);
  });

  test('JsonGet of a missing property file is a validation error', () => {
    const a = step('a', { propertyFiles: [propertyFile('R', 'out', 'r.json')] });
    const ir = pipeline('p', { steps: [a, condition('c', { if: gt(a.jsonGet('Nope', 'x'), 1), then: [step('b')] })] }).ir;
    assert.throws(() => compileKfp(ir, gcp), /declares no property file "Nope"/);
  });
});
