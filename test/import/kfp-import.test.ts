/**
 * The KFP importer on real compiled specs: the SDK's lightweight-Python pipelines are refused
 * with the reason and the rewrite, a container-only spec imports into the IR it means, and what
 * has no IR equivalent (loops, output parameters, exit handlers, {{$}}) is refused by name.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { importKfpPipelineSpec } from '../../src/import/kfp/kfp-import.js';
import { clone, FIXTURES, irGraph, REFERENCE, readSpec } from './kfp-fixtures.js';

async function refusal(spec: unknown): Promise<GodwitError> {
  try {
    await importKfpPipelineSpec(spec);
  } catch (err) {
    assert.ok(err instanceof GodwitError, String(err));
    assert.equal(err.code, 'E_IMPORT');
    return err;
  }
  assert.fail('the import was not refused');
}

const containerSpec = () => readSpec(`${FIXTURES}container-pipeline.yaml`);

describe('the reference specs (lightweight Python components)', () => {
  test('the iris pipeline is refused, naming each component, its function, the SDK and the rewrite', async () => {
    const err = await refusal(readSpec(`${REFERENCE}iris_pipeline_compiled.yaml`));
    assert.match(err.message, /KFP pipeline "iris-training-pipeline"/);
    for (const [component, fn] of [
      ['comp-create-dataset', 'create_dataset'],
      ['comp-normalize-dataset', 'normalize_dataset'],
      ['comp-train-model', 'train_model'],
    ]) {
      assert.match(err.message, new RegExp(`"${component}" \\(function ${fn}\\)`));
    }
    assert.match(err.message, /lightweight Python components/);
    assert.match(err.message, /KFP SDK \(kfp==2\.14\.3\)/);
    assert.match(err.hint ?? '', /@dsl\.container_component/);
  });

  test('the retry pipeline is refused for its one lightweight component', async () => {
    const err = await refusal(readSpec(`${REFERENCE}pipeline_with_retry.yaml`));
    assert.match(err.message, /component "comp-add" \(function add\) is a lightweight Python component/);
  });

  test('rewritten as a container component, the retry pipeline maps: parameters, retry policy, cache', async () => {
    const spec = readSpec(`${REFERENCE}pipeline_with_retry.yaml`);
    spec.deploymentSpec.executors['exec-add'].container = {
      image: 'python:3.11',
      command: ['python3', '-c', 'import sys; print(float(sys.argv[1]) + float(sys.argv[2]))'],
      args: ["{{$.inputs.parameters['a']}}", "{{$.inputs.parameters['b']}}"],
    };
    // Its float return value is an output parameter, which a Godwit step has no equivalent of.
    assert.match((await refusal(clone(spec))).message, /returns output parameters \(Output\)/);
    delete spec.components['comp-add'].outputDefinitions;
    const { ir, notes } = await importKfpPipelineSpec(spec);
    assert.equal(ir.name, 'test-pipeline');
    assert.deepEqual(ir.parameters, [
      { name: 'a', type: 'float', default: 1 },
      { name: 'b', type: 'float', default: 7 },
    ]);
    const add = ir.steps[0];
    assert.equal(add.type, 'processing');
    assert.deepEqual(add.retry, { maxAttempts: 4, backoff: { initialSeconds: 0, rate: 2, maxSeconds: 3600 } });
    assert.deepEqual(add.cache, { enabled: true });
    assert.deepEqual(add.type === 'processing' && add.process.args, [
      { kind: 'Parameter', name: 'a' },
      { kind: 'Parameter', name: 'b' },
    ]);
    assert.deepEqual(
      notes.filter((n) => n.step === 'add').map((n) => n.feature),
      ['container', 'retryPolicy', 'cachingOptions'],
    );
  });
});

describe('a container-only spec', () => {
  test('imports: parameters, steps with their commands and references, the condition, policies', async () => {
    const { ir } = await importKfpPipelineSpec(containerSpec());
    assert.deepEqual(ir.parameters, [
      { name: 'message', type: 'string', default: 'hello kfp' },
      { name: 'repeat', type: 'integer', default: 3 },
    ]);
    assert.deepEqual(irGraph(ir), {
      'make-lines': { type: 'processing', upstream: [] },
      shout: { type: 'processing', upstream: ['make-lines'] },
      'condition-1': { type: 'condition', upstream: ['make-lines'], then: ['shout'] },
      'count-lines': { type: 'processing', upstream: ['make-lines'] },
    });
    const make = ir.steps.find((s) => s.name === 'make-lines');
    assert.ok(make?.type === 'processing');
    assert.equal(make.process.image, 'alpine:3.20');
    assert.deepEqual(make.process.command.slice(0, 2), ['sh', '-ec']);
    assert.deepEqual(make.process.args, [
      { kind: 'Join', on: '', values: [{ kind: 'OutputPath', name: 'lines' }, '/lines'] },
      { kind: 'Parameter', name: 'repeat' },
      { kind: 'Join', on: '', values: ['--message=', { kind: 'Parameter', name: 'message' }] },
    ]);
    const count = ir.steps.find((s) => s.name === 'count-lines');
    assert.ok(count?.type === 'processing');
    // The component's default fills an input parameter the task does not set.
    assert.equal(count.process.args?.[2], 'lines');
    assert.deepEqual(count.outputs, [{ name: 'stats', type: 'metrics' }]);
    const condition = ir.steps.find((s) => s.name === 'condition-1');
    assert.ok(condition?.type === 'condition');
    assert.equal(condition.displayName, 'many-lines');
    assert.deepEqual(condition.condition, { op: 'gt', left: { kind: 'Parameter', name: 'repeat' }, right: 2 });
    const shout = ir.steps.find((s) => s.name === 'shout');
    assert.ok(shout?.type === 'processing');
    assert.deepEqual(shout.process.env, { LC_ALL: 'C' });
  });

  test('a task after a condition DAG waits for the condition, and the report says so', async () => {
    const spec = containerSpec();
    spec.root.dag.tasks['count-lines'].dependentTasks = ['condition-1', 'make-lines'];
    const { ir, notes } = await importKfpPipelineSpec(spec);
    assert.deepEqual(ir.steps.find((s) => s.name === 'count-lines')?.dependsOn, ['condition-1', 'make-lines']);
    assert.deepEqual(
      notes.filter((n) => n.feature === 'dependentTasks').map((n) => [n.step, n.outcome]),
      [['count-lines', 'approximated']],
    );
  });

  test('a PipelineJob (the spec under pipelineSpec, with a runtime config) imports the same', async () => {
    const job = {
      displayName: 'word-lines run',
      pipelineSpec: containerSpec(),
      runtimeConfig: { parameterValues: { repeat: 5 } },
    };
    assert.deepEqual((await importKfpPipelineSpec(job)).ir, (await importKfpPipelineSpec(containerSpec())).ir);
  });

  test('run-time constants: the job id and start time placeholders are execution variables, others refused', async () => {
    const spec = containerSpec();
    spec.root.dag.tasks['count-lines'].inputs.parameters = { label: { runtimeValue: { constant: '{{$.pipeline_job_uuid}}' } } };
    spec.deploymentSpec.executors['exec-count-lines'].container.args.push('{{$.pipeline_job_create_time_utc}}');
    const count = (await importKfpPipelineSpec(clone(spec))).ir.steps.find((s) => s.name === 'count-lines');
    assert.deepEqual(count?.type === 'processing' && count.process.args?.slice(2), [
      { kind: 'ExecutionVariable', name: 'ExecutionId' },
      { kind: 'ExecutionVariable', name: 'StartDateTime' },
    ]);
    spec.root.dag.tasks['count-lines'].inputs.parameters.label = { runtimeValue: { constant: '{{$.pipeline_task_name}}' } };
    assert.match((await refusal(spec)).message, /uses \{\{\$\.pipeline_task_name\}\}: a placeholder Godwit does not resolve/);
  });

  test('a pipeline name comes from pipelineInfo, or the option when the spec has none', async () => {
    const spec = containerSpec();
    delete spec.pipelineInfo.name;
    assert.match((await refusal(clone(spec))).message, /pipelineInfo\.name is missing/);
    assert.equal((await importKfpPipelineSpec(spec, { name: 'lines' })).ir.name, 'lines');
  });
});

describe('what does not map is refused by name', () => {
  test('a loop over a list known only at run time, or over structs', async () => {
    const spec = loopSpec('["a", "b"]');
    spec.root.dag.tasks['for-loop-2'].parameterIterator.items = { inputParameter: 'pipelinechannel--message' };
    const err = await refusal(clone(spec));
    assert.match(err.message, /task "for-loop-2": it loops over a list known only at run time/);
    assert.match(err.hint ?? '', /Unroll the loop/);
    assert.match((await refusal(loopSpec('[{"a": 1}]'))).message, /Godwit unrolls lists of strings, numbers and booleans only/);
  });

  test('an output parameter read by another task', async () => {
    const spec = containerSpec();
    spec.root.dag.tasks['count-lines'].inputs.parameters = {
      label: { taskOutputParameter: { producerTask: 'make-lines', outputParameterKey: 'Output' } },
    };
    assert.match((await refusal(spec)).message, /task "count-lines": input "label" is an output parameter of task "make-lines"/);
  });

  test('an exit handler', async () => {
    const spec = containerSpec();
    spec.root.dag.tasks['count-lines'].triggerPolicy = { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' };
    assert.match(
      (await refusal(spec)).message,
      /task "count-lines": it runs when upstream tasks complete, failed or not \(an exit handler\)/,
    );
  });

  test('the executor input placeholder {{$}} and an output URI', async () => {
    const spec = containerSpec();
    spec.deploymentSpec.executors['exec-shout'].container.args.push('{{$}}');
    assert.match((await refusal(clone(spec))).message, /task "shout": its container uses \{\{\$\}\}: the whole executor input/);
    spec.deploymentSpec.executors['exec-shout'].container.args[2] = "{{$.outputs.artifacts['loud'].uri}}";
    assert.match((await refusal(spec)).message, /an output artifact's URI/);
  });

  test("a container with no command (the image's entrypoint)", async () => {
    const spec = containerSpec();
    delete spec.deploymentSpec.executors['exec-shout'].container.command;
    assert.match((await refusal(spec)).message, /task "shout": its container has no command/);
  });

  test('a condition that is not the SDK subset of CEL', async () => {
    const spec = containerSpec();
    spec.root.dag.tasks['condition-1'].triggerPolicy.condition = "size(inputs.parameter_values['pipelinechannel--repeat']) > 2";
    assert.match((await refusal(spec)).message, /its trigger condition "size\(.*cannot be read: unsupported term "size"/);
  });

  test('a list parameter and a document that is not a PipelineSpec', async () => {
    const spec = containerSpec();
    spec.root.inputDefinitions.parameters.repeat = { parameterType: 'LIST' };
    assert.match((await refusal(spec)).message, /parameter "repeat" is of type LIST/);
    assert.match((await refusal({ pipelineInfo: { name: 'x' } })).message, /root\.dag is missing/);
    assert.match((await refusal('text')).message, /not a mapping/);
  });
});

/** The fixture with a dsl.ParallelFor over `items` around a task that echoes each item and the message. */
function loopSpec(items: string) {
  const spec = containerSpec();
  spec.components['comp-for-loop-2'] = {
    dag: {
      tasks: {
        echo: {
          componentRef: { name: 'comp-echo' },
          inputs: {
            parameters: {
              item: { componentInputParameter: 'pipelinechannel--loop-item-param-1' },
              message: { componentInputParameter: 'pipelinechannel--message' },
            },
          },
          taskInfo: { name: 'echo' },
        },
      },
    },
    inputDefinitions: {
      parameters: {
        'pipelinechannel--loop-item-param-1': { parameterType: 'STRING' },
        'pipelinechannel--message': { parameterType: 'STRING' },
      },
    },
  };
  spec.components['comp-echo'] = {
    executorLabel: 'exec-echo',
    inputDefinitions: { parameters: { item: { parameterType: 'STRING' }, message: { parameterType: 'STRING' } } },
  };
  spec.deploymentSpec.executors['exec-echo'] = {
    container: {
      image: 'alpine:3.20',
      command: ['echo'],
      args: ["{{$.inputs.parameters['message']}}: {{$.inputs.parameters['item']}}"],
    },
  };
  spec.root.dag.tasks['for-loop-2'] = {
    componentRef: { name: 'comp-for-loop-2' },
    dependentTasks: ['make-lines'],
    inputs: { parameters: { 'pipelinechannel--message': { componentInputParameter: 'message' } } },
    parameterIterator: { itemInput: 'pipelinechannel--loop-item-param-1', items: { raw: items } },
    iteratorPolicy: { parallelismLimit: 1 },
    taskInfo: { name: 'for-loop-2' },
  };
  spec.root.dag.tasks['count-lines'].dependentTasks = ['for-loop-2', 'make-lines'];
  return spec;
}

describe('loops (dsl.ParallelFor)', () => {
  test('a loop over a list written in the pipeline unrolls into one copy of its steps per item', async () => {
    const { ir, notes } = await importKfpPipelineSpec(loopSpec('["a", "b"]'));
    const echoes = ir.steps.filter((s) => s.name.startsWith('echo'));
    assert.deepEqual(
      echoes.map((s) => [s.name, s.dependsOn, s.type === 'processing' && s.process.args]),
      ['a', 'b'].map((item, i) => [
        `echo-${i}`,
        ['make-lines'],
        [{ kind: 'Join', on: '', values: [{ kind: 'Parameter', name: 'message' }, `: ${item}`] }],
      ]),
    );
    // A task that waits for the loop waits for every copy.
    assert.deepEqual(ir.steps.find((s) => s.name === 'count-lines')?.dependsOn, ['echo-0', 'echo-1', 'make-lines']);
    assert.deepEqual(
      notes.filter((n) => n.step === 'for-loop-2').map((n) => [n.feature, n.outcome]),
      [
        ['iteratorPolicy', 'dropped'],
        ['parameterIterator', 'approximated'],
      ],
    );
  });
});

describe('importer tasks', () => {
  test('an importer becomes the URI the reading step stages, a constant or a parameter', async () => {
    const spec = containerSpec();
    spec.components['comp-importer'] = {
      executorLabel: 'exec-importer',
      inputDefinitions: { parameters: { uri: { parameterType: 'STRING' } } },
      outputDefinitions: { artifacts: { artifact: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } } },
    };
    spec.deploymentSpec.executors['exec-importer'] = {
      importer: {
        artifactUri: { runtimeParameter: 'uri' },
        typeSchema: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
      },
    };
    spec.root.inputDefinitions.parameters.data = {
      parameterType: 'STRING',
      defaultValue: 'gs://bucket/lines.txt',
      isOptional: true,
    };
    spec.root.dag.tasks.importer = {
      componentRef: { name: 'comp-importer' },
      inputs: { parameters: { uri: { componentInputParameter: 'data' } } },
      taskInfo: { name: 'importer' },
    };
    spec.root.dag.tasks['count-lines'].inputs.artifacts.text = {
      taskOutputArtifact: { producerTask: 'importer', outputArtifactKey: 'artifact' },
    };
    spec.root.dag.tasks['count-lines'].dependentTasks = ['importer'];
    const { ir } = await importKfpPipelineSpec(clone(spec));
    const count = ir.steps.find((s) => s.name === 'count-lines');
    assert.ok(count?.type === 'processing');
    assert.deepEqual(count.inputs, [{ name: 'text', source: { kind: 'Parameter', name: 'data' } }]);
    assert.equal(count.dependsOn, undefined);
    // A URI known only at run time: the input's folder is the path.
    assert.deepEqual(count.process.args?.[0], { kind: 'InputPath', name: 'text' });

    spec.deploymentSpec.executors['exec-importer'].importer.artifactUri = { constant: 'gs://bucket/lines.txt' };
    const constant = (await importKfpPipelineSpec(spec)).ir.steps.find((s) => s.name === 'count-lines');
    assert.ok(constant?.type === 'processing');
    assert.deepEqual(constant.inputs[0].source, 'gs://bucket/lines.txt');
    assert.deepEqual(constant.process.args?.[0], {
      kind: 'Join',
      on: '',
      values: [{ kind: 'InputPath', name: 'text' }, '/lines.txt'],
    });
  });
});
