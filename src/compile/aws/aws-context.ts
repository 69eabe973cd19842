/**
 * What both AWS targets (SageMaker Pipelines and Step Functions) know while compiling: the IR, the
 * profile's bucket and role, the steps by name, the uploads so far, and where a run writes.
 *
 * Run paths follow the SageMaker SDK's defaults inside a pipeline, so a compiled Godwit pipeline
 * lays out S3 the way an SDK-built one does:
 * `s3://bucket/prefix/<pipeline>/<execution id>/<step>/output/<output>` for processing outputs and
 * `s3://bucket/prefix/<pipeline>/<execution id>/<step>` for training and transform jobs.
 */
import { GodwitError } from '../../core/errors.js';
import type { ExecutionVariableRef, JoinRef, ParameterValue, PipelineIR, StepIR } from '../../pipeline/ir.js';
import { refsInStep } from '../../pipeline/walk.js';
import type { CompileOptions, CompileWarning, TargetProfile } from '../target.js';
import { baseName, dataParameters, isLocalPath, joinUri, UploadList } from '../uploads.js';

export type AwsTarget = 'sagemaker' | 'stepfunctions';

export interface AwsContext {
  readonly target: AwsTarget;
  readonly ir: PipelineIR;
  readonly profile: TargetProfile;
  readonly role: string;
  readonly bucket: string;
  /** Key prefix under the bucket, without slashes at either end ('' for the bucket root). */
  readonly prefix: string;
  readonly steps: ReadonlyMap<string, StepIR>;
  readonly uploads: UploadList;
  /** Metric names other steps read from each step (`StepMetric`). */
  readonly metricsUsed: ReadonlyMap<string, readonly string[]>;
  /** Parameter defaults, local paths already replaced by the URIs they are uploaded to. */
  readonly parameterDefaults: ReadonlyMap<string, ParameterValue | undefined>;
  readonly options: CompileOptions;
  /** What was compiled in a weaker form than the pipeline asked for (the compile report). */
  readonly warnings: CompileWarning[];
}

const S3_ROOT = /^s3:\/\/([^/]+)\/?(.*)$/;

export function createAwsContext(
  ir: PipelineIR,
  profile: TargetProfile,
  target: AwsTarget,
  options: CompileOptions = {},
): AwsContext {
  const root = S3_ROOT.exec(profile.artifactRoot);
  if (!root) {
    throw new GodwitError(
      'E_COMPILE_PROFILE',
      `Profile "${profile.name}" has artifactRoot "${profile.artifactRoot}", but the ${target} target needs an s3:// root.`,
      { hint: 'Use an AWS profile (for example --profile aws) or set artifactRoot to s3://<bucket>/<prefix>.' },
    );
  }
  if (!profile.role) {
    throw new GodwitError('E_COMPILE_PROFILE', `Profile "${profile.name}" has no role, which the ${target} target needs.`, {
      hint: 'Set role to the ARN of the IAM role SageMaker jobs run as, e.g. arn:aws:iam::123456789012:role/SageMakerExecutionRole.',
    });
  }
  const uploads = new UploadList();
  return {
    target,
    ir,
    profile,
    role: profile.role,
    bucket: root[1],
    prefix: root[2].replace(/\/+$/, ''),
    steps: new Map(ir.steps.map((s) => [s.name, s])),
    uploads,
    metricsUsed: metricsUsed(ir),
    parameterDefaults: parameterDefaults(ir, profile, uploads),
    options,
    warnings: [],
  };
}

/** Adds a warning to the compile report, once per step and message. */
export function warn(ctx: AwsContext, step: string, message: string): void {
  if (!ctx.warnings.some((w) => w.step === step && w.message === message)) ctx.warnings.push({ step, message });
}

function metricsUsed(ir: PipelineIR): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const step of ir.steps) {
    for (const { ref } of refsInStep(step)) {
      if (ref.kind !== 'StepMetric') continue;
      const names = used.get(ref.step) ?? [];
      if (!names.includes(ref.metric)) names.push(ref.metric);
      used.set(ref.step, names);
    }
  }
  return used;
}

/** A string parameter that names data and defaults to a local path gets the uploaded URI as default. */
function parameterDefaults(ir: PipelineIR, profile: TargetProfile, uploads: UploadList): Map<string, ParameterValue | undefined> {
  const data = dataParameters(ir);
  const defaults = new Map<string, ParameterValue | undefined>();
  for (const p of ir.parameters) {
    let value = p.default;
    if (typeof value === 'string' && data.has(p.name) && isLocalPath(value)) {
      const uri = joinUri(profile.artifactRoot, ir.name, 'parameters', p.name, baseName(value));
      value = uploads.add(value, uri, `parameter "${p.name}" (default, read by ${data.get(p.name)?.join('; ')})`);
    }
    defaults.set(p.name, value);
  }
  return defaults;
}

const EXECUTION_ID: ExecutionVariableRef = { kind: 'ExecutionVariable', name: 'ExecutionId' };

/** The root split as the SDK joins it: `s3://b/p` → `['s3:/', 'b', 'p']`, so that joining on `/` gives it back. */
function rootSegments(ctx: AwsContext): string[] {
  return ['s3:/', ctx.bucket, ...ctx.prefix.split('/').filter((s) => s !== '')];
}

/** Where a training or transform job of this run writes: `<root>/<pipeline>/<execution id>/<step>`. */
export function runPrefix(ctx: AwsContext, step: string): JoinRef {
  return { kind: 'Join', on: '/', values: [...rootSegments(ctx), ctx.ir.name, EXECUTION_ID, step] };
}

/** Where a processing output of this run lands: `<root>/<pipeline>/<execution id>/<step>/output/<output>`. */
export function processingOutputUri(ctx: AwsContext, step: string, output: string): JoinRef {
  return { kind: 'Join', on: '/', values: [...runPrefix(ctx, step).values, 'output', output] };
}

/** Where a step's code is uploaded: `<root>/<pipeline>/code/<step>/<file>` (the same for every run). */
export function codeUri(ctx: AwsContext, step: string, file: string): string {
  return joinUri(ctx.profile.artifactRoot, ctx.ir.name, 'code', step, file);
}

/** Where a local file a step reads is uploaded, as the SDK does: `<root>/<pipeline>/<step>/input/<input>/<file name>`. */
export function inputUploadUri(ctx: AwsContext, step: string, input: string, local: string): string {
  return joinUri(ctx.profile.artifactRoot, ctx.ir.name, step, 'input', input, baseName(local));
}
