/**
 * The model step and the ModelName / CallbackOutput references below the SageMaker door: model
 * names, validation, a local run, and what each compiler makes of them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompileError, compile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { callback, condition, eq, fail, model, pipeline, processing, training } from '../../src/pipeline/dsl/index.js';
import { IR_API_VERSION, type PipelineIR } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { pipelineModelName } from '../../src/runtime/model-names.js';
import { joinKey } from '../../src/store/keys.js';
import { harness } from '../helpers/harness.js';

const make = processing('make', {
  command: ['sh', '-c', 'echo weights > "$GODWIT_OUTPUT_MODEL/model.txt"'],
  outputs: { model: { type: 'model', source: '/opt/ml/processing/model' } },
});
const named = model('named', { model: make.output('model'), image: 'registry.local/serve:1', env: { MODE: 'fast' } });
const use = processing('use', {
  command: ['sh', '-c', 'echo "$MODEL_NAME" > "$GODWIT_OUTPUT_OUT/name.txt"'],
  env: { MODEL_NAME: named.modelName() },
  outputs: { out: 'fileset' },
});

describe('model step names', () => {
  test('pipelines-<run>-<step>, within 63 letters, digits and hyphens; long or unusual step names get a hash', () => {
    assert.equal(
      pipelineModelName('run-20261206-041131-e5a3ce', 'CreateModel'),
      'pipelines-run-20261206-041131-e5a3ce-CreateModel',
    );
    const a = pipelineModelName('run-20261206-041131-e5a3ce', 'calhousing-CreateModel-CreateModel');
    const b = pipelineModelName('run-20261206-041131-e5a3ce', 'calhousing-CreateModel-CreateModel2');
    const c = pipelineModelName('run-20261206-041131-e5a3ce', 'create_model');
    for (const name of [a, b, c]) assert.match(name, /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
    assert.notEqual(a, b);
    assert.notEqual(c, pipelineModelName('run-20261206-041131-e5a3ce', 'create-model'));
  });
});

describe('validating model steps and the references to them', () => {
  const ir = (steps: PipelineIR['steps']): PipelineIR => ({
    apiVersion: IR_API_VERSION,
    kind: 'Pipeline',
    name: 'p',
    parameters: [],
    steps,
  });

  test('ModelName of a step that is not a model step, an undeclared callback value, a cached model step', () => {
    const problems = validatePipeline(
      ir([
        ...pipeline('p', { steps: [use] }).ir.steps.filter((s) => s.name !== 'use'),
        { ...named.ir, cache: { enabled: true } },
        { name: 'cb', type: 'callback', queueUrl: 'https://sqs/q', outputParameters: [{ name: 'ticket', type: 'String' }] },
        {
          name: 'reader',
          type: 'fail',
          message: {
            kind: 'Join',
            on: ' ',
            values: [
              { kind: 'ModelName', step: 'make' },
              { kind: 'CallbackOutput', step: 'cb', name: 'tiket' },
            ],
          },
        },
      ]),
    ).map((p) => `${p.step}: ${p.field}: ${p.message}`);
    assert.ok(
      problems.some((p) => /named: cache: a model step creates its model in each run/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /reader: .*model name of step "make", a processing step/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) =>
        /reader: .*output parameter "tiket" of step "cb", which it does not declare\. Did you mean "ticket"\?/.test(p),
      ),
      problems.join('\n'),
    );
  });

  test('a callback value is compared by its declared type', () => {
    const cb = callback('cb', { queueUrl: 'https://sqs/q', outputParameters: { count: 'Integer' } });
    const check = condition('check', {
      if: eq(cb.outputParameter('count'), 'three'),
      then: [fail('no', { message: 'x' })],
      dependsOn: [cb],
    });
    const problems = validatePipeline(pipeline('p', { steps: [cb, check] }).ir);
    assert.ok(
      problems.some((p) => p.step === 'check' && /Integer output parameter "count"/.test(p.message)),
      JSON.stringify(problems),
    );
  });
});

describe('a model step in a local run', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => {
    h = await harness();
  });
  after(() => h?.close());

  test('creates the model record CreateModel makes; a later step reads its name', async () => {
    const outcome = await h.run(pipeline('named-model', { steps: [make, named, use] }));
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const name = pipelineModelName(outcome.runId, 'named');
    const record = await h.services.metadata.endpoints.getModel(name);
    const artifacts = await h.services.metadata.store.listArtifacts(outcome.runId, 'make');
    assert.deepEqual(record?.containers, [
      { image: 'registry.local/serve:1', modelDataUrl: artifacts[0].uri, environment: { MODE: 'fast' } },
    ]);
    assert.deepEqual(
      record?.tags.map((t) => `${t.Key}=${t.Value}`),
      [`godwit:run=${outcome.runId}`, 'godwit:step=named'],
    );
    const [out] = await h.services.metadata.store.listArtifacts(outcome.runId, 'use');
    const key = h.services.store.keyOf(out.uri) as string;
    assert.equal((await h.services.store.get(joinKey(key, 'name.txt'))).toString(), `${name}\n`);
  });
});

describe('a model step run again in the same run', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => {
    h = await harness();
  });
  after(() => h?.close());

  test('replaces the model an earlier attempt of it left (its own name), rather than failing on the name', async () => {
    const p = pipeline('again', { steps: [make, named] });
    const outcome = await h.run(p);
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const { store } = h.services.metadata;
    // As if the process died after creating the model and before recording the step's success.
    const [step] = (await store.listSteps(outcome.runId)).filter((s) => s.name === 'named');
    await store.upsertStep({ ...step, status: 'failed', reason: 'interrupted' });
    await store.updateRun(outcome.runId, { status: 'failed', endedAt: new Date() });
    const resumed = await h.resume(p, outcome.runId);
    assert.equal(resumed.status, 'succeeded', resumed.error);
    assert.equal((await h.steps(outcome.runId)).named.attempts, 2);
    assert.ok(await h.services.metadata.endpoints.getModel(pipelineModelName(outcome.runId, 'named')));
  });
});

describe('the compilers on a model step and the references to it', () => {
  const fit = training('fit', { algorithm: 'linear-learner', inputs: { train: 's3://b/train/' } });
  const m = model('m', { model: fit.output('model'), env: { MODE: 'fast' } });
  const cb = callback('cb', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', outputParameters: { ticket: 'String' } });
  const after = processing('after', {
    image: 'python:3.11',
    command: ['python3', 'after.py'],
    args: ['--model', m.modelName()],
    dependsOn: [m],
  });
  const fromCallback = processing('from-callback', {
    command: ['python3', 'cb.py'],
    args: ['--ticket', cb.outputParameter('ticket')],
  });
  const p = pipeline('models', { steps: [fit, m, after, cb, fromCallback] });

  test('SageMaker: a Model step (CreateModel); the references are Steps.m.ModelName and OutputParameters', () => {
    const doc = compile(p.ir, 'sagemaker', BUILTIN_PROFILES.aws).document as { Steps: Record<string, unknown>[] };
    const step = doc.Steps.find((s) => s.Name === 'm') as {
      Type: string;
      Arguments: { PrimaryContainer: Record<string, unknown> };
    };
    assert.equal(step.Type, 'Model');
    assert.deepEqual(step.Arguments.PrimaryContainer.ModelDataUrl, { Get: 'Steps.fit.ModelArtifacts.S3ModelArtifacts' });
    assert.deepEqual(step.Arguments.PrimaryContainer.Environment, { MODE: 'fast' });
    const text = JSON.stringify(doc);
    assert.ok(text.includes('{"Get":"Steps.m.ModelName"}'), text);
    assert.ok(text.includes(`{"Get":"Steps.cb.OutputParameters['ticket']"}`), text);
  });

  test('Step Functions: a sagemaker:createModel task named as the reference reads it', () => {
    const doc = JSON.stringify(compile(p.ir, 'stepfunctions', BUILTIN_PROFILES.aws).document);
    assert.match(
      doc,
      /"Resource":"arn:aws:states:::sagemaker:createModel","Parameters":\{"ModelName\.\$":"States\.Format\('m-\{\}', \$\$\.Execution\.Name\)"/,
    );
    assert.ok(doc.includes('$.steps.cb.ticket'), 'the callback value is read from its task result');
  });

  test('KFP: the model step is left out with a warning; reading its name is refused naming the step', () => {
    const plain = pipeline('models', {
      steps: [fit, m, processing('later', { image: 'alpine:3', command: ['true'], dependsOn: [m] })],
    });
    const result = compile(plain.ir, 'kfp', BUILTIN_PROFILES.gcp);
    assert.deepEqual(
      result.warnings.filter((w) => w.step === 'm').map((w) => w.message.slice(0, 21)),
      ['model step left out: '],
    );
    const text = JSON.stringify(result.document);
    assert.ok(!text.includes('"m"'));
    assert.match(text, /"dependentTasks":\["fit"\]/, 'the later task waits for what the model step waited for');
    assert.throws(
      () => compile(pipeline('models', { steps: [fit, m, after] }).ir, 'kfp', BUILTIN_PROFILES.gcp),
      (err) => err instanceof CompileError && /model name of model step "m"/.test(err.message),
    );
  });
});
