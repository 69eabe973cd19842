/**
 * A Training step (CreateTrainingJob) as an IR training step, the inverse of
 * src/compile/aws/training-request.ts:
 *
 * - Godwit's built-in algorithm (its entrypoint, or SageMaker's `linear-learner`) → `algorithm`;
 * - script mode (`sagemaker_program` + `sagemaker_submit_directory` hyperparameters) → `python3`
 *   running the program from the unpacked sourcedir.tar.gz, when it can be fetched; otherwise the
 *   image's own entrypoint with those hyperparameters kept, as the cloud would run it;
 * - an image with ContainerEntrypoint / ContainerArguments → that command.
 *
 * Hyperparameters are decoded as the SDK encoded them (JSON in script mode, Python's `str()`
 * otherwise): `"0.2"` → 0.2, `"True"` → true, `"\"adam\""` → adam.
 */
import { BUILTIN_IMAGES } from '../../jobs/images/builtin-images.js';
import { BUILTIN_ALGORITHMS, type BuiltinAlgorithmName } from '../../pipeline/builtin-algorithms.js';
import type { InputSpec, MetricDefinition, ProcessSpec, RetryPolicy, TrainingStep, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { fetchSourceDir } from './code-fetch.js';
import { type At, type ImportContext, importError, type Mutable, type RawStep } from './import-context.js';
import { importEnvironment, importResources, isObject, maxRuntime, noteCloudOnly } from './job-fields.js';
import {
  child,
  type JsonObject,
  optArray,
  optNumber,
  optObject,
  optString,
  optStringList,
  reqObject,
  reqString,
} from './json-fields.js';
import { importEnvelope } from './policies-import.js';
import { importValue } from './sagemaker-values.js';

const SDK_DEFAULT_MAX_RUN = 86_400;

/** `args` is the step's Arguments, or a tuning step's TrainingJobDefinition with the chosen hyperparameters. */
export async function importTraining(step: RawStep, args: JsonObject, ctx: ImportContext): Promise<TrainingStep> {
  const at: At = { step: step.Name, field: step.Type === 'Tuning' ? 'Arguments.TrainingJobDefinition' : 'Arguments' };
  noteCloudOnly(args, ctx, step.Name);
  const spec = optObject(args, 'AlgorithmSpecification', at) ?? {};
  const raw = optObject(args, 'HyperParameters', at) ?? {};
  const out: Mutable<TrainingStep> = {
    name: step.Name,
    type: 'training',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    inputs: (optArray(args, 'InputDataConfig', at) ?? []).map((c, i) =>
      importChannel(c, ctx, child(at, `InputDataConfig[${i}]`)),
    ),
    outputs: [{ name: 'model', type: 'model' }],
  };
  const algorithm = builtinAlgorithm(spec, at);
  let scriptMode = false;
  if (algorithm) {
    out.algorithm = { name: algorithm };
    ctx.note(step.Name, 'Training', 'mapped', `Godwit's built-in ${algorithm}`);
  } else {
    const process = await importProcess(spec, raw, ctx, step.Name, child(at, 'AlgorithmSpecification'));
    scriptMode = process.code !== undefined;
    const env = importEnvironment(args, ctx, at);
    out.process = env ? { ...process, env } : process;
    const metrics = importMetricDefinitions(spec, child(at, 'AlgorithmSpecification'));
    if (metrics.length > 0) out.metricDefinitions = metrics;
  }
  const hyperparameters = importHyperparameters(raw, scriptMode, ctx, child(at, 'HyperParameters'));
  if (Object.keys(hyperparameters).length > 0) out.hyperparameters = hyperparameters;
  const resources = importResources(optObject(args, 'ResourceConfig', at), ctx, child(at, 'ResourceConfig'));
  if (resources) out.resources = resources;
  const timeout = maxRuntime(args, at);
  // 86400 s is the SDK's default max_run, which every training request carries: no timeout was asked for.
  if (timeout !== undefined && timeout !== SDK_DEFAULT_MAX_RUN) out.timeoutSeconds = timeout;
  importSpotAndCheckpoints(args, out, at);
  const retry = retryStrategy(args, out.retry, ctx, step.Name, at);
  if (retry) out.retry = retry;
  if (out.process?.image) noteImage(out.process.image, ctx, step.Name);
  if (optString(spec, 'TrainingInputMode', at) === 'Pipe')
    ctx.note(step.Name, 'TrainingInputMode', 'approximated', 'Pipe mode read as File (channels are staged first)');
  return out;
}

/**
 * `RetryStrategy.MaximumRetryAttempts` (CreateTrainingJob's own retries, 1–30): SageMaker retries
 * the job after an internal error, never after the script's own failure, which is Godwit's
 * `infrastructure`, as for the jobs capability's CreateTrainingJob. The envelope's RetryPolicies
 * may ask for more attempts; the larger wins.
 */
function retryStrategy(args: JsonObject, current: RetryPolicy | undefined, ctx: ImportContext, step: string, at: At) {
  const strategy = optObject(args, 'RetryStrategy', at);
  if (!strategy) return undefined;
  const retries = optNumber(strategy, 'MaximumRetryAttempts', child(at, 'RetryStrategy'));
  if (retries === undefined || !Number.isInteger(retries) || retries < 1 || retries > 30)
    throw importError(
      child(at, 'RetryStrategy.MaximumRetryAttempts'),
      'must be an integer from 1 to 30',
      'Write it as CreateTrainingJob takes it, e.g. {"MaximumRetryAttempts": 2}.',
    );
  ctx.note(
    step,
    'RetryStrategy',
    'mapped',
    `${retries} retries after an infrastructure fault (SageMaker's internal errors); the script's own failure is not retried`,
  );
  // The envelope's backoff stays; only the attempts and what is retried change.
  return retries + 1 > (current?.maxAttempts ?? 1)
    ? { ...current, maxAttempts: retries + 1, on: ['infrastructure' as const] }
    : undefined;
}

/**
 * What a training image needs locally. Godwit runs the step's command on this machine, not the
 * image: an image Godwit does not know (not a SageMaker framework image, not Godwit's) must be
 * mapped to a local command in godwit.config.yaml's `images:` for a job, and its command's
 * programs must be on this machine for a pipeline step.
 */
function noteImage(image: string, ctx: ImportContext, step: string): void {
  if (BUILTIN_IMAGES.some((known) => known.pattern.test(image))) return;
  ctx.note(
    step,
    'TrainingImage',
    'approximated',
    `the image ${image} is not run: its command runs on this machine, so whatever the image provides (its programs, libraries, files) must be here. Map it to a local command in godwit.config.yaml (images: {"${imagePattern(image)}": {command: [./train.sh]}}, docs/images.md)`,
  );
}

/** The image without its tag or digest, with `*` for them: the `images:` pattern a user would write. */
const imagePattern = (image: string) => `${image.replace(/[:@][^/]*$/, '')}:*`;

function builtinAlgorithm(spec: JsonObject, at: At): BuiltinAlgorithmName | undefined {
  const entry = spec.ContainerEntrypoint;
  const name = optString(spec, 'AlgorithmName', at);
  for (const [key, facts] of Object.entries(BUILTIN_ALGORITHMS) as [
    BuiltinAlgorithmName,
    (typeof BUILTIN_ALGORITHMS)[BuiltinAlgorithmName],
  ][]) {
    if (Array.isArray(entry) && entry.join(' ') === facts.entryPoint.join(' ')) return key;
    if (name === key || name === facts.sageMakerAlgorithm) return key;
  }
  if (name !== undefined) {
    throw importError(
      child(at, 'AlgorithmName'),
      `the algorithm "${name}" is not one Godwit has`,
      `Use ${Object.keys(BUILTIN_ALGORITHMS).join(', ')}, or a training image with a script.`,
    );
  }
  return undefined;
}

async function importProcess(
  spec: JsonObject,
  hyper: JsonObject,
  ctx: ImportContext,
  step: string,
  at: At,
): Promise<ProcessSpec> {
  const image = optString(spec, 'TrainingImage', at);
  const base: Mutable<ProcessSpec> = { command: [], contract: 'sagemaker', ...(image ? { image } : {}) };
  const program = decodedString(hyper.sagemaker_program);
  const sourceDir = decodedString(hyper.sagemaker_submit_directory);
  if (program !== undefined && sourceDir !== undefined) {
    const folder = await fetchSourceDir(sourceDir, ctx, step, 'sagemaker_submit_directory');
    if (folder !== undefined) {
      ctx.note(step, 'Training', 'mapped', `script mode: python3 runs ${program} from ${folder}`);
      return { ...base, command: ['python3'], code: folder, entryPoint: program };
    }
  }
  base.command = optStringList(spec, 'ContainerEntrypoint', at) ?? [];
  const args = optArray(spec, 'ContainerArguments', at);
  if (args?.length) base.args = args.map((a, i) => importValue(a, ctx, child(at, `ContainerArguments[${i}]`)));
  if (base.command.length === 0) {
    // SageMaker starts a training image as `docker run <image> train`; the framework images' toolkit installs `train`.
    base.command = ['train'];
    ctx.note(
      step,
      'Training',
      'approximated',
      `the image's own entrypoint${image ? ` (${image})` : ''} as the command "train", which SageMaker passes to it; locally "train" must be on PATH`,
    );
  } else ctx.note(step, 'Training', 'mapped', `a training step running "${base.command.join(' ')}"`);
  return base;
}

function decodedString(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = decodeJson(raw);
  return typeof value === 'string' ? value : undefined;
}

function decodeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Literal hyperparameters as the value they encode; expressions as IR values. */
function importHyperparameters(raw: JsonObject, scriptMode: boolean, ctx: ImportContext, at: At): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, v] of Object.entries(raw)) {
    if (scriptMode && name.startsWith('sagemaker_')) {
      if (name !== 'sagemaker_program' && name !== 'sagemaker_submit_directory')
        ctx.note(at.step, name, 'dropped', 'a script-mode setting of the SageMaker training toolkit');
      continue;
    }
    if (typeof v === 'string') out[name] = scriptMode ? literal(decodeJson(v), v) : pythonLiteral(v);
    else out[name] = unwrapToString(importValue(v, ctx, child(at, name)));
  }
  return out;
}

function literal(value: unknown, raw: string): Value {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : raw;
}

/** Python's `str()` of a literal back to the literal: numbers and `True` / `False`. */
function pythonLiteral(raw: string): Value {
  if (raw === 'True' || raw === 'False') return raw === 'True';
  if (/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) return Number(raw);
  return raw;
}

/** The SDK's `to_string()` is a one-value join on ''; the IR value itself means the same. */
function unwrapToString(value: Value): Value {
  return isRef(value) && value.kind === 'Join' && value.on === '' && value.values.length === 1 ? value.values[0] : value;
}

function importChannel(raw: unknown, ctx: ImportContext, at: At): InputSpec {
  if (!isObject(raw)) throw importError(at, 'is not an object', 'A channel is {ChannelName, DataSource}.');
  const name = reqString(raw, 'ChannelName', at);
  const source = reqObject(raw, 'DataSource', at);
  if (source.FileSystemDataSource !== undefined) {
    throw importError(
      child(at, 'DataSource.FileSystemDataSource'),
      `channel "${name}" reads EFS or FSx`,
      'Copy the data to S3 (or a local folder) and give an S3DataSource.',
    );
  }
  const s3 = reqObject(source, 'S3DataSource', child(at, 'DataSource'));
  if (s3.S3Uri === undefined)
    throw importError(child(at, 'DataSource.S3DataSource.S3Uri'), 'is missing', 'Give the channel its S3Uri.');
  if (raw.CompressionType === 'Gzip')
    ctx.note(at.step, 'CompressionType', 'dropped', `channel "${name}" is staged as stored, not gunzipped`);
  return { name, source: importValue(s3.S3Uri, ctx, child(at, 'DataSource.S3DataSource.S3Uri')) };
}

function importMetricDefinitions(spec: JsonObject, at: At): MetricDefinition[] {
  return (optArray(spec, 'MetricDefinitions', at) ?? []).map((raw, i) => {
    const where = child(at, `MetricDefinitions[${i}]`);
    if (!isObject(raw)) throw importError(where, 'is not an object', 'A metric definition is {Name, Regex}.');
    return { name: reqString(raw, 'Name', where), regex: reqString(raw, 'Regex', where) };
  });
}

function importSpotAndCheckpoints(args: JsonObject, out: Mutable<TrainingStep>, at: At): void {
  if (args.EnableManagedSpotTraining === true) {
    const stopping = optObject(args, 'StoppingCondition', at);
    const wait = stopping ? optNumber(stopping, 'MaxWaitTimeInSeconds', child(at, 'StoppingCondition')) : undefined;
    out.spot = wait === undefined ? {} : { maxWaitSeconds: wait };
  }
  const checkpoint = optObject(args, 'CheckpointConfig', at);
  if (checkpoint) {
    const uri = reqString(checkpoint, 'S3Uri', child(at, 'CheckpointConfig'));
    const local = optString(checkpoint, 'LocalPath', child(at, 'CheckpointConfig'));
    out.checkpoint = local ? { uri, localPath: local } : { uri };
  }
}
