/**
 * JsonGet and StepMetric on KFP. KFP has no property files: a value inside a step's output is
 * read by a small task beside the producer, which writes it to an output parameter
 * (`comp-evaluate-evaluationreport` → `Output`); conditions and later tasks read that parameter.
 * One reader per distinct (step, file, path, type), placed in the producer's DAG.
 */
import { parseJsonPath } from '../../core/json-path.js';
import type { JsonGetRef, StepMetricRef } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { addTask, type KfpContext, placementOf } from './kfp-context.js';
import { type ArtifactSource, bindArtifact, type ParamSource } from './kfp-dag.js';
import { invalid, schemaTitle } from './kfp-expressions.js';
import { helperImage } from './kfp-images.js';
import { artifactType, type KfpParameterType, placeholder } from './kfp-spec.js';

/** Reads argv[1] as JSON, follows the keys in argv[3], writes the value to argv[4] (text, or JSON). */
const READ_JSON = [
  'import functools, json, os, sys',
  'source, path, keys, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]',
  'try: value = functools.reduce(lambda v, k: v[k], keys, json.load(open(source)))',
  "except (KeyError, IndexError, TypeError): sys.exit(f'godwit: {path} is not in {source}')",
  'os.makedirs(os.path.dirname(out), exist_ok=True)',
  "open(out, 'w').write(value if isinstance(value, str) else json.dumps(value))",
].join('\n');

interface Reader {
  readonly baseName: string;
  readonly memoKey: string;
  readonly source: ArtifactSource;
  /** The file to read, given the path placeholder of the source artifact. */
  readonly file: (artifactPath: string) => string;
  readonly path: string;
  readonly keys: readonly (string | number)[];
  readonly type: KfpParameterType;
}

function readerSource(ctx: KfpContext, r: Reader): ParamSource {
  const memo = ctx.helpers.get(r.memoKey) as ParamSource | undefined;
  if (memo) return memo;
  const name = ctx.names.allocate(r.baseName);
  const task = addTask(ctx, r.source.dag, name, name, {
    executorLabel: `exec-${name}`,
    outputDefinitions: { parameters: { Output: { parameterType: r.type } } },
  });
  task.spec.cachingOptions = {};
  bindArtifact(task, 'source', r.source, true, name);
  ctx.executors[`exec-${name}`] = {
    container: {
      image: helperImage(ctx),
      command: ['python3', '-c', READ_JSON],
      args: [r.file(placeholder.inputPath('source')), r.path, JSON.stringify(r.keys), placeholder.outputParameterFile('Output')],
    },
  };
  const source: ParamSource = { kind: 'task', dag: r.source.dag, task: name, key: 'Output', type: r.type };
  ctx.helpers.set(r.memoKey, source);
  return source;
}

/** The task output parameter holding `JsonGet(step, propertyFile, path)`, typed `type`. */
export function jsonGetSource(ctx: KfpContext, ref: JsonGetRef, type: KfpParameterType, consumer: string): ParamSource {
  const producer = ctx.steps.get(ref.step);
  if (!producer) throw invalid(ctx, consumer, 'JsonGet', `step "${ref.step}" does not exist.`);
  const file = 'propertyFiles' in producer ? producer.propertyFiles?.find((p) => p.name === ref.propertyFile) : undefined;
  if (!file) throw invalid(ctx, consumer, 'JsonGet', `step "${ref.step}" declares no property file "${ref.propertyFile}".`);
  const output = 'outputs' in producer ? producer.outputs.find((o) => o.name === file.output) : undefined;
  if (!output) throw invalid(ctx, ref.step, `propertyFiles.${file.name}`, `there is no output "${file.output}".`);
  const { dag, task } = placementOf(ctx, ref.step);
  return readerSource(ctx, {
    baseName: `${ref.step}-${file.name}`,
    memoKey: `jsonget\0${ref.step}\0${file.name}\0${ref.path}\0${type}`,
    source: { dag, task, key: output.name, type: artifactType(schemaTitle(output.type)) },
    file: (dir) => `${dir}/${file.path.replace(/^\/+/, '')}`,
    path: ref.path,
    keys: parseJsonPath(ref.path),
    type,
  });
}

/**
 * The task output parameter holding a step metric. Only built-in algorithm steps report metrics
 * here — into their `metrics` artifact, `godwit algorithm --json`'s report
 * `{"metrics": {"validation:mse": 4.9, …}, …}`; metric definitions over logs have no KFP counterpart.
 */
export function metricSource(ctx: KfpContext, ref: StepMetricRef, consumer: string): ParamSource {
  const producer = ctx.steps.get(ref.step);
  if (!producer) throw invalid(ctx, consumer, 'StepMetric', `step "${ref.step}" does not exist.`);
  if (producer.type !== 'training' || !producer.algorithm) {
    throw new CompileError(
      'kfp',
      consumer,
      `the metric "${ref.metric}" of "${ref.step}", which is not a built-in algorithm step`,
      'On KFP only built-in algorithm steps report metrics; write the value to a property file and read it with JsonGet.',
    );
  }
  const { dag, task } = placementOf(ctx, ref.step);
  return readerSource(ctx, {
    baseName: `${ref.step}-metric`,
    memoKey: `metric\0${ref.step}\0${ref.metric}`,
    source: { dag, task, key: 'metrics', type: artifactType('system.Metrics') },
    file: (path) => path,
    path: ref.metric,
    keys: ['metrics', ref.metric],
    type: 'NUMBER_DOUBLE',
  });
}
