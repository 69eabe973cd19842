/**
 * `godwit submit` as a library: compile a pipeline for a cloud target, then create or update it
 * there and start a run (or, for a dry run, return the requests that would do so).
 *
 * ```ts
 * const ctx = prepareSubmission(loaded, 'sagemaker', profile, { params: ['mse_threshold=5.5'] });
 * planSubmission(ctx);          // [DescribePipeline, CreatePipeline, UpdatePipeline, StartPipelineExecution]
 * await submitPipeline(ctx);    // { action: 'created', execution: 'arn:aws:sagemaker:…:pipeline/abalone/execution/…' }
 * ```
 */
import { randomUUID } from 'node:crypto';
import { compile } from '../compile/index.js';
import type { CompileOptions, TargetProfile } from '../compile/target.js';
import { dataParameters, isLocalPath } from '../compile/uploads.js';
import { GodwitError } from '../core/errors.js';
import type { ParameterValue, PipelineIR } from '../pipeline/ir.js';
import { parseParamArgs, resolveParameters } from '../pipeline/parameters.js';
import { kfpPlan } from './kfp/kfp-requests.js';
import { sagemakerPlan } from './sagemaker/sagemaker-requests.js';
import { missingProfileField } from './submit-errors.js';
import {
  COMPILE_TARGET,
  type PlannedRequest,
  type SubmitAuth,
  type SubmitContext,
  type SubmitOutcome,
  type SubmitTarget,
  type Submitter,
} from './submit-target.js';
import type { UploadTarget } from './upload-files.js';
import { vertexPlan } from './vertex/vertex-requests.js';

export { formatPlan } from './dry-run.js';
export * from './submit-target.js';

const PLANS: Readonly<Record<SubmitTarget, (ctx: SubmitContext) => PlannedRequest[]>> = {
  sagemaker: sagemakerPlan,
  vertex: vertexPlan,
  kfp: kfpPlan,
};

/** Each adapter loads its SDK on first use: a dry run, or another target, never loads it. */
const SUBMITTERS: Readonly<Record<SubmitTarget, () => Promise<Submitter>>> = {
  sagemaker: async () => (await import('./sagemaker/sagemaker-submitter.js')).sagemakerSubmitter,
  vertex: async () => (await import('./vertex/vertex-submitter.js')).vertexSubmitter,
  kfp: async () => (await import('./kfp/kfp-submitter.js')).kfpSubmitter,
};

export interface SubmissionOptions {
  /** `name=value` strings, as `--param` gives them. */
  readonly params?: readonly string[];
  readonly endpoint?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly auth?: SubmitAuth;
  /** Makes idempotency tokens (default: random UUIDs); tests pass a predictable one. */
  readonly newToken?: () => string;
  /** What the compiler may read (a sql step's `.sql` file beside the pipeline file). */
  readonly compile?: CompileOptions;
  /** Uploads the compiled pipeline's local files there before creating it (a local cloud; sagemaker only). */
  readonly uploadTo?: UploadTarget;
}

/** Profile fields each target needs, with an example for the error. */
const REQUIRED: Readonly<Record<SubmitTarget, readonly (readonly [keyof TargetProfile, string])[]>> = {
  sagemaker: [
    ['role', 'role: arn:aws:iam::123456789012:role/SageMakerExecutionRole'],
    ['region', 'region: us-east-1'],
  ],
  vertex: [
    ['project', 'project: my-project'],
    ['region', 'region: us-central1'],
  ],
  kfp: [],
};

/** Compiles the pipeline for the target and checks everything a submission needs before any call. */
export function prepareSubmission(
  ir: PipelineIR,
  target: SubmitTarget,
  profile: TargetProfile,
  options: SubmissionOptions = {},
): SubmitContext {
  for (const [field, example] of REQUIRED[target])
    if (!profile[field]) throw missingProfileField(target, profile.name, field, example);
  const compiled = compile(ir, COMPILE_TARGET[target], profile, options.compile);
  const newToken = options.newToken ?? randomUUID;
  const tokens = new Map<string, string>();
  const ctx: SubmitContext = {
    target,
    ir,
    compiled,
    profile,
    pipelineName: options.name ?? ir.name,
    parameters: overrides(ir, options.params ?? [], target),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.uploadTo ? { uploadTo: options.uploadTo } : {}),
    auth: options.auth ?? {},
    token: (slot) => tokens.get(slot) ?? tokens.set(slot, newToken()).get(slot)!,
  };
  PLANS[target](ctx);
  return ctx;
}

/** The requests a submission sends, in order; those that depend on an earlier answer say when. */
export function planSubmission(ctx: SubmitContext): PlannedRequest[] {
  return PLANS[ctx.target](ctx);
}

export async function submitPipeline(ctx: SubmitContext): Promise<SubmitOutcome> {
  const submitter = await SUBMITTERS[ctx.target]();
  return submitter.submit(ctx);
}

/**
 * The `--param` values, typed by the IR. A data parameter given a local path is refused: the
 * cloud run cannot read this machine (a default that is a local path is uploaded by the compiled
 * pipeline's upload list instead).
 */
function overrides(ir: PipelineIR, params: readonly string[], target: SubmitTarget): Record<string, ParameterValue> {
  const given = parseParamArgs(params);
  const all = resolveParameters(ir, given);
  const data = dataParameters(ir);
  const values: Record<string, ParameterValue> = {};
  for (const name of Object.keys(given)) {
    const value = all[name];
    if (typeof value === 'string' && data.has(name) && isLocalPath(value)) {
      const scheme = target === 'sagemaker' ? 's3' : 'gs';
      throw new GodwitError(
        'E_PARAMETER',
        `--param ${name}=${value} is a path on this machine, which a ${target} run cannot read (${name} is read by ${data.get(name)?.join(', ')}).`,
        {
          hint: `Upload the data and give its URI: --param ${name}=${scheme}://bucket/path.`,
        },
      );
    }
    values[name] = value;
  }
  return values;
}
