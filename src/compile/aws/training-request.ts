/**
 * An IR training step as a CreateTrainingJob request, shaped as the SageMaker SDK's
 * `Estimator.fit()` writes it inside a pipeline. Three kinds of training:
 *
 * - a built-in algorithm runs in Godwit's image (`godwit algorithm linear-learner`), which keeps
 *   SageMaker's training contract: channels in /opt/ml/input/data/<channel>, hyperparameters in
 *   /opt/ml/input/config/hyperparameters.json, the model written to /opt/ml/model;
 * - a script (`process.code`) runs in SageMaker script mode: the code is uploaded as
 *   sourcedir.tar.gz and named by the `sagemaker_program` / `sagemaker_submit_directory`
 *   hyperparameters, which the image's training toolkit reads;
 * - a command with no code runs as the image's entrypoint (bring your own container).
 *
 * Metrics, managed spot training and checkpoints: see training-extras.ts.
 */
import { BUILTIN_ALGORITHMS } from '../../pipeline/builtin-algorithms.js';
import { type InputSpec, isRef, type TrainingStep, type Value } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { type AwsContext, runPrefix } from './aws-context.js';
import {
  algorithmImage,
  checkContract,
  containerValue,
  DEFAULT_VOLUME_GB,
  dataLocation,
  inputField,
  instanceType,
  processImage,
} from './request-inputs.js';
import { type Dynamic, type RequestObject, type RequestValue, requestValue } from './request-value.js';
import { checkpointConfig, metricDefinitions, stoppingCondition } from './training-extras.js';
import { trainingHyperparameters } from './training-hyperparameters.js';

export const CHANNEL_DIR = '/opt/ml/input/data';
export const MODEL_DIR = '/opt/ml/model';
export const OUTPUT_DATA_DIR = '/opt/ml/output/data';

export function trainingRequest(step: TrainingStep, ctx: AwsContext): RequestObject {
  checkOutputs(step, ctx);
  const paths = new Map<string, string>([
    ...step.inputs.map((i): [string, string] => [`input:${i.name}`, channelPath(step, ctx, i)]),
    ['output:model', MODEL_DIR],
    ['output:output', OUTPUT_DATA_DIR],
  ]);
  const env = Object.entries(step.process?.env ?? {});
  const hyperparameters = trainingHyperparameters(step, ctx);
  return {
    AlgorithmSpecification: algorithmSpecification(step, ctx, paths),
    OutputDataConfig: { S3OutputPath: requestValue(runPrefix(ctx, step.name)) },
    StoppingCondition: stoppingCondition(step),
    ResourceConfig: {
      VolumeSizeInGB: step.resources?.volumeSizeGB ?? DEFAULT_VOLUME_GB,
      InstanceCount: step.resources?.instanceCount ?? 1,
      InstanceType: instanceType(step.resources?.instanceType),
    },
    RoleArn: ctx.role,
    InputDataConfig: step.inputs.length > 0 ? step.inputs.map((i) => channel(step, ctx, i)) : undefined,
    HyperParameters: Object.keys(hyperparameters).length > 0 ? hyperparameters : undefined,
    EnableManagedSpotTraining: step.spot ? true : undefined,
    CheckpointConfig: checkpointConfig(step, ctx),
    Environment:
      env.length > 0 ? Object.fromEntries(env.map(([k, v]) => [k, containerValue(ctx, step.name, v, paths)])) : undefined,
  };
}

function algorithmSpecification(step: TrainingStep, ctx: AwsContext, paths: ReadonlyMap<string, string>): RequestObject {
  const metrics = metricDefinitions(step, ctx);
  if (step.algorithm && step.process) {
    throw new CompileError(
      ctx.target,
      step.name,
      'both algorithm and process',
      'A training step runs a built-in algorithm or a process, not both.',
    );
  }
  if (step.algorithm) {
    return {
      TrainingInputMode: 'File',
      TrainingImage: algorithmImage(ctx, step.name, step.algorithm.name),
      ContainerEntrypoint: [...BUILTIN_ALGORITHMS[step.algorithm.name].entryPoint],
      MetricDefinitions: metrics,
    };
  }
  const p = step.process;
  if (!p)
    throw new CompileError(
      ctx.target,
      step.name,
      'neither algorithm nor process',
      'Give the training step a built-in algorithm or a process to run.',
    );
  checkContract(ctx, step.name, p);
  if (p.code !== undefined) {
    if (p.args?.length) {
      throw new CompileError(
        ctx.target,
        step.name,
        'process.args with a script (SageMaker script mode)',
        'Script mode passes hyperparameters to the script as --name value arguments; pass these values as hyperparameters.',
      );
    }
    return { TrainingInputMode: 'File', TrainingImage: processImage(ctx, step.name, p), MetricDefinitions: metrics };
  }
  return {
    TrainingInputMode: 'File',
    TrainingImage: processImage(ctx, step.name, p),
    ContainerEntrypoint: p.command.length > 0 ? p.command : undefined,
    ContainerArguments: p.args?.length ? p.args.map((a) => containerValue(ctx, step.name, a, paths)) : undefined,
    MetricDefinitions: metrics,
  };
}

/** Channels are always at /opt/ml/input/data/<channel> in SageMaker; another destination cannot be honoured. */
function channelPath(step: TrainingStep, ctx: AwsContext, input: InputSpec): string {
  const path = `${CHANNEL_DIR}/${input.name}`;
  if (input.destination !== undefined && input.destination.replace(/\/+$/, '') !== path) {
    throw new CompileError(
      ctx.target,
      step.name,
      `input "${input.name}" at destination "${input.destination}"`,
      `SageMaker mounts training channels at ${CHANNEL_DIR}/<channel>; drop the destination or make it ${path}.`,
    );
  }
  return path;
}

function channel(step: TrainingStep, ctx: AwsContext, input: InputSpec): RequestValue {
  channelPath(step, ctx, input);
  const source: string | Dynamic = dataLocation(ctx, step.name, inputField(input.name), input.source);
  const settings = input.channel ?? {};
  return {
    DataSource: {
      S3DataSource: { S3DataType: 'S3Prefix', S3Uri: source, S3DataDistributionType: settings.distribution ?? 'FullyReplicated' },
    },
    // Godwit datasets are CSV files, the content type SageMaker's algorithms expect for them.
    ContentType: settings.contentType ?? (inputType(ctx, input) === 'dataset' ? 'text/csv' : undefined),
    CompressionType: settings.compression,
    RecordWrapperType: settings.recordWrapper,
    InputMode: settings.inputMode,
    ChannelName: input.name,
  };
}

function inputType(ctx: AwsContext, input: InputSpec): string | undefined {
  if (input.type !== undefined) return input.type;
  const source: Value = input.source;
  if (!isRef(source) || source.kind !== 'StepOutput') return undefined;
  const producer = ctx.steps.get(source.step);
  return producer && 'outputs' in producer ? producer.outputs.find((o) => o.name === source.output)?.type : undefined;
}

/** SageMaker training writes only the model (/opt/ml/model) and output data (/opt/ml/output/data). */
function checkOutputs(step: TrainingStep, ctx: AwsContext): void {
  const fixed: Record<string, string> = { model: MODEL_DIR, output: OUTPUT_DATA_DIR };
  for (const o of step.outputs) {
    const dir = fixed[o.name];
    if (dir === undefined) {
      throw new CompileError(
        ctx.target,
        step.name,
        `the training output "${o.name}"`,
        'A SageMaker training job has two outputs: model (/opt/ml/model) and output (/opt/ml/output/data).',
      );
    }
    if (o.source !== undefined && o.source.replace(/\/+$/, '') !== dir) {
      throw new CompileError(
        ctx.target,
        step.name,
        `output "${o.name}" collected from "${o.source}"`,
        `SageMaker collects it from ${dir}.`,
      );
    }
  }
}
