/**
 * An IR processing step as a CreateProcessingJob request, shaped as the SageMaker SDK's
 * `ScriptProcessor.run()` writes it inside a pipeline:
 *
 * ```ts
 * processing('prep', { command: ['node'], code: 'steps/prep.mjs', inputs: { raw: 's3://b/raw.csv' }, outputs: { train: 'dataset' } })
 * // AppSpecification: { ImageUri, ContainerEntrypoint: ['node', '/opt/ml/processing/input/code/prep.mjs'] }
 * // ProcessingInputs: [raw → /opt/ml/processing/input/raw, code → /opt/ml/processing/input/code]
 * // ProcessingOutputConfig.Outputs: [train ← /opt/ml/processing/output/train, to <root>/<pipeline>/<run>/prep/output/train]
 * ```
 */
import type { InputSpec, OutputSpec, ProcessingStep } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { baseName } from '../uploads.js';
import { type AwsContext, codeUri, processingOutputUri } from './aws-context.js';
import {
  checkContract,
  containerValue,
  DEFAULT_VOLUME_GB,
  dataLocation,
  inputField,
  instanceType,
  processImage,
} from './request-inputs.js';
import { type Dynamic, type RequestObject, type RequestValue, requestValue } from './request-value.js';

export const PROCESSING_CODE_DIR = '/opt/ml/processing/input/code';

/** Where a processing input appears in the container when the IR gives no destination. */
export function processingInputPath(input: InputSpec): string {
  return input.destination ?? `/opt/ml/processing/input/${input.name}`;
}

/** The folder a processing output is collected from when the IR gives no source. */
export function processingOutputPath(output: OutputSpec): string {
  return output.source ?? `/opt/ml/processing/output/${output.name}`;
}

export function processingRequest(step: ProcessingStep, ctx: AwsContext): RequestObject {
  const p = step.process;
  checkContract(ctx, step.name, p);
  if (step.metricDefinitions?.length) {
    throw new CompileError(
      ctx.target,
      step.name,
      'metricDefinitions on a processing step',
      'SageMaker processing jobs report no metrics; write them to a property file and read them with JsonGet, or make the step a training step.',
    );
  }
  const paths = new Map<string, string>([
    ...step.inputs.map((i): [string, string] => [`input:${i.name}`, processingInputPath(i)]),
    ...step.outputs.map((o): [string, string] => [`output:${o.name}`, processingOutputPath(o)]),
  ]);
  const code = codeInput(step, ctx);
  const entrypoint = [...p.command, ...(code ? [code.entry] : [])];
  const inputs = [
    ...step.inputs.map((i) =>
      processingInput(i.name, dataLocation(ctx, step.name, inputField(i.name), i.source), processingInputPath(i)),
    ),
  ];
  if (code) inputs.push(processingInput('code', code.uri, PROCESSING_CODE_DIR));
  const env = Object.entries(p.env ?? {});
  return {
    ProcessingResources: {
      ClusterConfig: {
        InstanceType: instanceType(step.resources?.instanceType),
        InstanceCount: step.resources?.instanceCount ?? 1,
        VolumeSizeInGB: step.resources?.volumeSizeGB ?? DEFAULT_VOLUME_GB,
      },
    },
    AppSpecification: {
      ImageUri: processImage(ctx, step.name, p),
      ContainerEntrypoint: entrypoint.length > 0 ? entrypoint : undefined,
      ContainerArguments: p.args?.length ? p.args.map((a) => containerValue(ctx, step.name, a, paths)) : undefined,
    },
    RoleArn: ctx.role,
    ProcessingInputs: inputs.length > 0 ? inputs : undefined,
    ProcessingOutputConfig:
      step.outputs.length > 0 ? { Outputs: step.outputs.map((o) => processingOutput(ctx, step.name, o)) } : undefined,
    Environment:
      env.length > 0 ? Object.fromEntries(env.map(([k, v]) => [k, containerValue(ctx, step.name, v, paths)])) : undefined,
    StoppingCondition: step.timeoutSeconds === undefined ? undefined : { MaxRuntimeInSeconds: step.timeoutSeconds },
  };
}

/**
 * The step's code as the SDK stages it: a file is uploaded to `<root>/<pipeline>/code/<step>/` and
 * appended to the command; a folder (with `entryPoint`) is uploaded whole and the entry point run.
 */
function codeInput(step: ProcessingStep, ctx: AwsContext): { uri: string; entry: string } | undefined {
  const { code, entryPoint } = step.process;
  if (code === undefined) return undefined;
  if (step.inputs.some((i) => i.name === 'code')) {
    throw new CompileError(
      ctx.target,
      step.name,
      'an input named "code" next to process.code',
      'SageMaker stages the code as the input "code"; rename the input.',
    );
  }
  const file = entryPoint ?? baseName(code);
  const uri = entryPoint === undefined ? codeUri(ctx, step.name, file) : codeUri(ctx, step.name, '');
  ctx.uploads.add(code, uri, `step "${step.name}", process.code`);
  return { uri, entry: `${PROCESSING_CODE_DIR}/${file}` };
}

function processingInput(name: string, source: string | Dynamic, localPath: string): RequestObject {
  return {
    InputName: name,
    AppManaged: false,
    S3Input: {
      S3Uri: source,
      LocalPath: localPath,
      S3DataType: 'S3Prefix',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
      S3CompressionType: 'None',
    },
  };
}

function processingOutput(ctx: AwsContext, step: string, output: OutputSpec): RequestValue {
  return {
    OutputName: output.name,
    AppManaged: false,
    S3Output: {
      S3Uri: requestValue(processingOutputUri(ctx, step, output.name)),
      LocalPath: processingOutputPath(output),
      S3UploadMode: 'EndOfJob',
    },
  };
}
