/**
 * Submitting a compiled pipeline to a cloud: the targets, the requests a submission sends (the
 * same objects drive `--dry-run` and the real calls), and what a submitter returns.
 */
import type { CompileResult, TargetName, TargetProfile } from '../compile/target.js';
import type { ParameterValue, PipelineIR } from '../pipeline/ir.js';
import type { UploadTarget } from './upload-files.js';

export type SubmitTarget = 'sagemaker' | 'vertex' | 'kfp';

export const SUBMIT_TARGETS: readonly SubmitTarget[] = ['sagemaker', 'vertex', 'kfp'];

/** Which compiler each target's document comes from. */
export const COMPILE_TARGET: Readonly<Record<SubmitTarget, TargetName>> = { sagemaker: 'sagemaker', vertex: 'kfp', kfp: 'kfp' };

/** The profile a target uses when `--profile` names none. */
export const DEFAULT_SUBMIT_PROFILE: Readonly<Record<SubmitTarget, string>> = { sagemaker: 'aws', vertex: 'gcp', kfp: 'gcp' };

/** One request as it goes on the wire. */
export interface PlannedRequest {
  /** `SageMaker`, `Vertex AI`, `Kubeflow Pipelines`. */
  readonly service: string;
  /** The API operation: `CreatePipeline`, `CreatePipelineJob`, `UploadPipeline`… */
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, or for a multipart upload the form fields (a file as { filename, contentType, content }). */
  readonly body?: unknown;
  /** When it is sent, for requests that depend on an earlier answer. */
  readonly when?: string;
}

/** Credentials for tests and scripted use; real use reads the environment (AWS chain, Google ADC). */
export interface SubmitAuth {
  readonly aws?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** A Google OAuth access token (what `gcloud auth print-access-token` prints). */
  readonly googleAccessToken?: string;
  /** A bearer token for the KFP API (in-cluster service account token, or IAP). */
  readonly kfpToken?: string;
}

export interface SubmitContext {
  readonly target: SubmitTarget;
  readonly ir: PipelineIR;
  readonly compiled: CompileResult;
  readonly profile: TargetProfile;
  /** The name the pipeline has in the cloud (`--name`, else the IR name). */
  readonly pipelineName: string;
  /** Parameters given with `--param`, typed; the others keep the compiled defaults. */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  /** Service endpoint override: a test server, a VPC endpoint, or the KFP API address. */
  readonly endpoint?: string;
  /** KFP multi-user namespace. */
  readonly namespace?: string;
  readonly auth: SubmitAuth;
  /** Where the compiled pipeline's local files are uploaded before it is created (a local cloud). */
  readonly uploadTo?: UploadTarget;
  /**
   * The idempotency token (a UUID) for a request slot such as `CreatePipeline`: the same slot
   * always gives the same token, so a dry run shows what the real calls send.
   */
  readonly token: (slot: string) => string;
}

export interface SubmitOutcome {
  readonly target: SubmitTarget;
  readonly pipeline: string;
  /** Whether the pipeline (or, for KFP, a new version) was created or an existing one updated. */
  readonly action: 'created' | 'updated' | 'reused';
  /** The execution / job / run that was started: an ARN, a resource name or a run id. */
  readonly execution: string;
  /** Where to watch it, when the service has a console page for it. */
  readonly consoleUrl?: string;
  /** The requests actually sent, in order (operation and URL). */
  readonly sent: readonly { readonly operation: string; readonly url: string }[];
}

/** An adapter for one target: sends the requests through the official SDK or API. */
export interface Submitter {
  submit(ctx: SubmitContext): Promise<SubmitOutcome>;
}
