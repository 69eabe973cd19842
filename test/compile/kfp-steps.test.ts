import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { fn, join, param, pipeline, processing, transform } from '../../src/pipeline/dsl/index.js';
import { everyStepPipeline } from './kfp-proto/fixtures.js';
import {
  compileSpec,
  componentOf,
  containerOf,
  processArgv,
  rejects,
  stagingFlags,
  step,
  tasksOf,
} from './kfp-proto/spec-helpers.js';

const gcp = BUILTIN_PROFILES.gcp;

describe('compileKfp: processing steps', () => {
  test('run the script from an importer artifact uploaded where the SageMaker target uploads it', () => {
    const result = compileKfp(pipeline('p', { steps: [step('prep', { args: ['--seed', 42] })] }).ir, gcp);
    const spec = result.document as ReturnType<typeof compileSpec>;
    const importer = spec.deploymentSpec.executors['exec-prep-code-importer'];
    assert.deepEqual(importer, {
      importer: {
        artifactUri: { constant: 'gs://my-project-godwit/godwit/p/code/prep/prep.mjs' },
        typeSchema: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' },
      },
    });
    assert.deepEqual(result.uploads, [
      { local: 'prep.mjs', uri: 'gs://my-project-godwit/godwit/p/code/prep/prep.mjs', for: 'step "prep", process.code' },
    ]);
    const prep = containerOf(spec, 'prep');
    assert.equal(prep.image, gcp.images.node);
    assert.deepEqual(processArgv(prep), ['node', "{{$.inputs.artifacts['code'].path}}", '--seed', '42']);
    assert.deepEqual(tasksOf(spec).prep.inputs?.artifacts?.code, {
      taskOutputArtifact: { producerTask: 'prep-code-importer', outputArtifactKey: 'artifact' },
    });
  });

  test('link inputs and outputs to their SageMaker folders (declared or default)', () => {
    const a = step('a');
    const b = processing('b', {
      command: ['python3'],
      code: 'b.py',
      inputs: { data: a.output('out'), other: { source: a.output('out'), destination: '/opt/ml/processing/other' } },
      outputs: { result: 'dataset', report: { type: 'metrics', source: '/opt/ml/processing/report' } },
    });
    const spec = compileSpec(pipeline('p', { steps: [a, b] }).ir);
    const c = containerOf(spec, 'b');
    assert.equal(c.image, gcp.images.python3);
    assert.deepEqual(stagingFlags(c), [
      ['--input', "{{$.inputs.artifacts['data'].path}}", '/opt/ml/processing/input/data'],
      ['--input', "{{$.inputs.artifacts['other'].path}}", '/opt/ml/processing/other'],
      ['--output', "{{$.outputs.artifacts['result'].path}}", '/opt/ml/processing/output/result'],
      ['--output', "{{$.outputs.artifacts['report'].path}}", '/opt/ml/processing/report'],
    ]);
    assert.deepEqual(processArgv(c), ['python3', "{{$.inputs.artifacts['code'].path}}"]);
    assert.deepEqual(componentOf(spec, 'b').outputDefinitions?.artifacts?.report, {
      artifactType: { schemaTitle: 'system.Metrics', schemaVersion: '0.0.1' },
    });
    assert.deepEqual(tasksOf(spec).b.inputs?.artifacts?.data, {
      taskOutputArtifact: { producerTask: 'a', outputArtifactKey: 'out' },
    });
    assert.deepEqual(tasksOf(spec).b.dependentTasks, ['a', 'b-code-importer']);
  });

  test('under the Vertex contract get paths only through InputPath/OutputPath args', () => {
    const a = step('a');
    const b = processing('b', {
      command: ['python3'],
      image: 'custom:1',
      contract: 'vertex',
      args: ['--in', { kind: 'InputPath', name: 'data' }, '--out', { kind: 'OutputPath', name: 'result' }],
      inputs: { data: a.output('out') },
      outputs: { result: 'dataset' },
    });
    const c = containerOf(compileSpec(pipeline('p', { steps: [a, b] }).ir), 'b');
    assert.deepEqual(c, {
      image: 'custom:1',
      command: ['python3'],
      args: ['--in', "{{$.inputs.artifacts['data'].path}}", '--out', "{{$.outputs.artifacts['result'].path}}"],
    });
  });

  test('pass references in args and env through declared inputs; env with placeholders goes through the prologue', () => {
    const ir = everyStepPipeline();
    const spec = compileSpec(ir);
    const prep = containerOf(spec, 'prep');
    const argv = processArgv(prep);
    assert.deepEqual(argv.slice(2), [
      '--rows',
      "{{$.inputs.parameters['pipelinechannel--rows']}}",
      '--out',
      "{{$.outputs.artifacts['train'].path}}",
      '--in',
      "{{$.inputs.artifacts['raw'].path}}",
      '--run',
      "{{$.inputs.parameters['pipelinechannel--execution-id']}}",
      '--tag',
      "v-{{$.inputs.parameters['pipelinechannel--rows']}}-{{$.inputs.parameters['pipelinechannel--mode']}}",
    ]);
    assert.deepEqual(prep.env, [
      { name: 'NAME', value: 'every-step' },
      { name: 'MODE', value: 'static' },
    ]);
    assert.ok(
      stagingFlags(prep).some((f) => f.join(' ') === "--env START {{$.inputs.parameters['pipelinechannel--start-date-time']}}"),
    );
    const inputs = tasksOf(spec).prep.inputs?.parameters ?? {};
    assert.deepEqual(inputs['pipelinechannel--rows'], { componentInputParameter: 'rows' });
    assert.deepEqual(inputs['pipelinechannel--execution-id'], { runtimeValue: { constant: '{{$.pipeline_job_uuid}}' } });
    assert.deepEqual(inputs['pipelinechannel--start-date-time'], {
      runtimeValue: { constant: '{{$.pipeline_job_create_time_utc}}' },
    });
    assert.equal(
      componentOf(spec, 'prep').inputDefinitions?.parameters?.['pipelinechannel--rows'].parameterType,
      'NUMBER_INTEGER',
    );
  });

  test('pass another step’s output URI in args as an artifact input', () => {
    const spec = compileSpec(everyStepPipeline());
    const argv = processArgv(containerOf(spec, 'train-vertex'));
    assert.ok(argv.includes("{{$.inputs.artifacts['pipelinechannel--prep-report'].uri}}"));
    assert.deepEqual(tasksOf(spec)['train-vertex'].inputs?.artifacts?.['pipelinechannel--prep-report'], {
      taskOutputArtifact: { producerTask: 'prep', outputArtifactKey: 'report' },
    });
  });

  test('import literal local inputs as uploads and URI inputs as they are', () => {
    const result = compileKfp(everyStepPipeline(), gcp);
    const spec = result.document as ReturnType<typeof compileSpec>;
    assert.deepEqual(spec.deploymentSpec.executors['exec-prep-extra-importer'], {
      importer: {
        artifactUri: { constant: 'gs://my-project-godwit/godwit/every-step/prep/input/extra/extra.csv' },
        typeSchema: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' },
      },
    });
    assert.ok(result.uploads.some((u) => u.local === 'data/extra.csv' && u.for === 'step "prep", inputs.extra.source'));
    assert.deepEqual(spec.deploymentSpec.executors['exec-prep-raw-importer'], {
      importer: {
        artifactUri: { runtimeParameter: 'uri' },
        typeSchema: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
      },
    });
    assert.deepEqual(tasksOf(spec)['prep-raw-importer'].inputs?.parameters?.uri, { componentInputParameter: 'raw' });
    assert.equal(spec.root.inputDefinitions?.parameters?.raw.defaultValue, 'gs://bucket/raw.csv', 'a URI default is kept');
  });

  test('an input whose parameter defaults to a local path gets the uploaded URI as default', () => {
    const data = param.string('data', './data/in.csv');
    const ir = pipeline('p', { parameters: [data], steps: [step('a', { inputs: { raw: data } })] }).ir;
    const result = compileKfp(ir, gcp);
    const uri = 'gs://my-project-godwit/godwit/p/parameters/data/in.csv';
    assert.equal((result.document as ReturnType<typeof compileSpec>).root.inputDefinitions?.parameters?.data.defaultValue, uri);
    assert.deepEqual(result.uploads[0], {
      local: './data/in.csv',
      uri,
      for: 'parameter "data" (default, read by step "a", inputs.raw.source)',
    });
  });

  test('an input given as a join imports a URI built at run time', () => {
    const bucket = param.string('bucket', 'gs://b');
    const ir = pipeline('p', { parameters: [bucket], steps: [step('a', { inputs: { raw: join([bucket, 'x.csv'], '/') } })] }).ir;
    const spec = compileSpec(ir);
    assert.deepEqual(tasksOf(spec)['a-raw-importer'].inputs?.parameters, {
      'pipelinechannel--bucket': { componentInputParameter: 'bucket' },
      uri: { runtimeValue: { constant: "{{$.inputs.parameters['pipelinechannel--bucket']}}/x.csv" } },
    });
  });

  test('a missing image names the profile key to add', () => {
    const ir = pipeline('p', { steps: [processing('a', { command: ['ruby'], code: 'a.rb' })] }).ir;
    rejects(() => compileKfp(ir, gcp), /Step "a" uses a "ruby" process with no container image/);
  });
});

describe('compileKfp: resources', () => {
  test('a literal instance type maps through the profile to CPU and memory limits', () => {
    const spec = compileSpec(
      pipeline('p', { steps: [step('a', { resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1 } })] }).ir,
    );
    assert.deepEqual(containerOf(spec, 'a').resources, {
      cpuLimit: 4,
      memoryLimit: 15,
      resourceCpuLimit: '4',
      resourceMemoryLimit: '15G',
    });
  });

  test('a machine type given directly is understood', () => {
    const spec = compileSpec(pipeline('p', { steps: [step('a', { resources: { instanceType: 'e2-highmem-2' } })] }).ir);
    assert.deepEqual(containerOf(spec, 'a').resources, {
      cpuLimit: 2,
      memoryLimit: 16,
      resourceCpuLimit: '2',
      resourceMemoryLimit: '16G',
    });
  });

  test('an instance type parameter is resolved at run time by one shared task', () => {
    const it = param.string('it', 'ml.m5.large');
    const ir = pipeline('p', {
      parameters: [it],
      steps: [step('a', { resources: { instanceType: it } }), step('b', { resources: { instanceType: it } })],
    }).ir;
    const spec = compileSpec(ir);
    const resolvers = Object.keys(tasksOf(spec)).filter((t) => t.startsWith('machine-spec'));
    assert.deepEqual(resolvers, ['machine-spec-it']);
    assert.deepEqual(tasksOf(spec)['machine-spec-it'].inputs?.parameters?.instance_type, { componentInputParameter: 'it' });
    for (const name of ['a', 'b']) {
      assert.deepEqual(containerOf(spec, name).resources, {
        resourceCpuLimit: "{{$.inputs.parameters['pipelinechannel--machine-spec-it-cpu']}}",
        resourceMemoryLimit: "{{$.inputs.parameters['pipelinechannel--machine-spec-it-memory']}}",
      });
      assert.deepEqual(tasksOf(spec)[name].inputs?.parameters?.['pipelinechannel--machine-spec-it-cpu'], {
        taskOutputParameter: { producerTask: 'machine-spec-it', outputParameterKey: 'cpu' },
      });
    }
  });

  test('what a KFP container cannot express is an error', () => {
    const build = (resources: object) => () => compileKfp(pipeline('p', { steps: [step('a', { resources })] }).ir, gcp);
    rejects(build({ instanceType: 'ml.m5.large', instanceCount: 2 }), /2 instances/);
    rejects(build({ instanceType: 'ml.p3.2xlarge' }), /instance type "ml\.p3\.2xlarge"/);
  });

  test('a volume size has no ResourceSpec field: the limits are kept and a warning says the disk is the default', () => {
    const sized = compileKfp(
      pipeline('p', { steps: [step('a', { resources: { instanceType: 'ml.m5.large', volumeSizeGB: 50 } })] }).ir,
      gcp,
    );
    const plain = compileKfp(pipeline('p', { steps: [step('a', { resources: { instanceType: 'ml.m5.large' } })] }).ir, gcp);
    assert.deepEqual(sized.document, plain.document);
    assert.deepEqual(
      sized.warnings.map((w) => `${w.step}: ${w.message}`),
      [
        "a: the volume size of 50 GB cannot be expressed (PipelineSpec container resources have no disk size), so the task gets the backend's default disk (Vertex AI: a 100 GB boot disk).",
      ],
    );
  });
});

describe('compileKfp: training', () => {
  test('linear-learner runs `godwit algorithm` with channels and model dir; its JSON report is the metrics artifact', () => {
    const spec = compileSpec(everyStepPipeline());
    const c = containerOf(spec, 'train-ll');
    assert.equal(c.image, gcp.images['linear-learner']);
    assert.deepEqual(c.command?.slice(0, 2), ['sh', '-ec']);
    assert.equal(c.command?.[3], "{{$.outputs.artifacts['metrics'].path}}", 'stdout goes to the metrics artifact');
    assert.deepEqual(c.args, [
      'godwit',
      'algorithm',
      'linear-learner',
      '--channel',
      "train={{$.inputs.artifacts['train'].path}}",
      '--model-dir',
      "{{$.outputs.artifacts['model'].path}}",
      '--hyperparameters',
      JSON.stringify({
        epochs: "{{$.inputs.parameters['pipelinechannel--rows']}}",
        mode: "{{$.inputs.parameters['pipelinechannel--mode']}}",
      }),
      '--json',
    ]);
    const outputs = componentOf(spec, 'train-ll').outputDefinitions?.artifacts ?? {};
    assert.equal(outputs.model.artifactType.schemaTitle, 'system.Model');
    assert.equal(outputs.metrics.artifactType.schemaTitle, 'system.Metrics');
    const reader = containerOf(spec, 'train-ll-metric');
    assert.deepEqual(reader.args?.slice(1, 3), ['validation:mse', '["metrics","validation:mse"]']);
  });

  test('a SageMaker script gets the training layout, hyperparameters.json, SM_* and --name value args', () => {
    const spec = compileSpec(everyStepPipeline());
    const c = containerOf(spec, 'train-script');
    const flags = stagingFlags(c).map((f) => f.join(' '));
    assert.ok(flags.includes("--input {{$.inputs.artifacts['train'].path}} /opt/ml/input/data/train"));
    assert.ok(flags.includes("--output {{$.outputs.artifacts['model'].path}} /opt/ml/model"));
    assert.ok(flags.includes("--output {{$.outputs.artifacts['output'].path}} /opt/ml/output/data"));
    const ratio = "{{$.inputs.parameters['pipelinechannel--ratio']}}";
    const note = "run{{$.inputs.parameters['pipelinechannel--execution-id']}}";
    // Script mode stores each value JSON-encoded: a float as is, a string in quotes.
    const stored = JSON.stringify({ lr: ratio, note: `"${note}"` });
    assert.ok(flags.includes(`--file /opt/ml/input/config/hyperparameters.json ${stored}`));
    assert.ok(flags.includes(`--env SM_HPS {"lr":${ratio},"note":"${note}"}`));
    assert.ok(flags.includes(`--env SM_HP_NOTE ${note}`));
    assert.deepEqual(c.env, [
      { name: 'SM_MODEL_DIR', value: '/opt/ml/model' },
      { name: 'SM_OUTPUT_DATA_DIR', value: '/opt/ml/output/data' },
      { name: 'SM_CHANNELS', value: '["train"]' },
      { name: 'SM_CHANNEL_TRAIN', value: '/opt/ml/input/data/train' },
    ]);
    assert.deepEqual(processArgv(c), [
      'python3',
      "{{$.inputs.artifacts['code'].path}}/train.py",
      '--lr',
      "{{$.inputs.parameters['pipelinechannel--ratio']}}",
      '--note',
      "run{{$.inputs.parameters['pipelinechannel--execution-id']}}",
    ]);
  });

  test('a Vertex script gets AIP_MODEL_DIR as the model URI and --name=value args', () => {
    const c = containerOf(compileSpec(everyStepPipeline()), 'train-vertex');
    assert.deepEqual(stagingFlags(c), [
      ['--env', 'AIP_MODEL_DIR', "{{$.outputs.artifacts['model'].uri}}/"],
      ['--env', 'AIP_TRAINING_DATA_URI', "{{$.inputs.artifacts['train'].uri}}/*"],
    ]);
    assert.deepEqual(c.env, [{ name: 'CLOUD_ML_PROJECT_ID', value: 'my-project' }]);
    assert.deepEqual(processArgv(c).slice(-1), ['--lr=0.1']);
  });
});

describe('compileKfp: transform, registration, fail, function', () => {
  test('transform runs `godwit transform` on the model and input artifacts', () => {
    const spec = compileSpec(everyStepPipeline());
    const c = containerOf(spec, 'score');
    assert.equal(c.image, gcp.images.godwit);
    assert.deepEqual(
      [...(c.command ?? []), ...(c.args ?? [])],
      [
        'godwit',
        'transform',
        '--model',
        "{{$.inputs.artifacts['model'].path}}",
        '--input',
        "{{$.inputs.artifacts['input'].path}}",
        '--output',
        "{{$.outputs.artifacts['predictions'].path}}",
        '--content-type',
        'text/csv',
        '--split-type',
        'Line',
      ],
    );
  });

  test("a path joined onto another step's output is that output's artifact path with the rest appended", () => {
    const prep = step('prep');
    const model = step('fit', { outputs: { model: 'model' } });
    const rows = param.string('rows', 'x.csv');
    const score = transform('score', { model: model.output('model'), input: join([prep.output('out'), 'test', rows], '/') });
    const use = step('use', { inputs: { data: join([prep.output('out'), 'test/x.csv'], '/') } });
    const spec = compileSpec(pipeline('p', { parameters: [rows], steps: [prep, model, score, use] }).ir);
    const c = containerOf(spec, 'score');
    assert.equal(
      c.args?.[c.args.indexOf('--input') + 1],
      "{{$.inputs.artifacts['input'].path}}/test/{{$.inputs.parameters['pipelinechannel--rows']}}",
    );
    assert.deepEqual(tasksOf(spec).score.inputs?.artifacts?.input, {
      taskOutputArtifact: { producerTask: 'prep', outputArtifactKey: 'out' },
    });
    assert.deepEqual(tasksOf(spec).use.inputs?.artifacts?.data, {
      taskOutputArtifact: { producerTask: 'prep', outputArtifactKey: 'out' },
    });
    assert.ok(
      stagingFlags(containerOf(spec, 'use')).some((f) => f.includes("{{$.inputs.artifacts['data'].path}}/test/x.csv")),
      'the processing input stages the file inside the output',
    );
    rejects(
      () =>
        compileSpec(
          pipeline('p', { steps: [prep, step('late', { inputs: { data: join(['gs://b', prep.output('out')], '/') } })] }).ir,
        ),
      /the URI of "prep\.out" as a parameter value/,
    );
  });

  test('register-model runs `godwit models register` with artifact URIs and metadata', () => {
    const c = containerOf(compileSpec(everyStepPipeline()), 'register');
    assert.deepEqual(c.command, ['godwit', 'models', 'register']);
    assert.deepEqual(c.args, [
      'Group',
      '--model',
      "{{$.inputs.artifacts['model'].uri}}",
      '--approval-status',
      'Approved',
      '--metrics',
      "{{$.inputs.artifacts['metrics'].uri}}",
      '--image',
      'serve:1',
      '--content-type',
      'text/csv',
      '--description',
      'from the synthetic pipeline',
    ]);
  });

  test('fail prints the joined message to stderr and exits 1', () => {
    const spec = compileSpec(everyStepPipeline());
    const c = containerOf(spec, 'stop');
    assert.deepEqual(c.command, ['sh', '-c', 'echo "$0" >&2; exit 1']);
    const reader = Object.keys(componentOf(spec, 'stop').inputDefinitions?.parameters ?? {});
    assert.equal(reader.length, 1);
    assert.deepEqual(c.args, [`score too low: {{$.inputs.parameters['${reader[0]}']}}`]);
  });

  test('a function step is rejected with the way out', () => {
    const ir = pipeline('p', { steps: [fn('f', { run: async () => ({}) })] }).ir;
    rejects(() => compileKfp(ir, gcp), /Step "f" uses an in-process function step/);
  });
});
