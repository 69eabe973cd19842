/**
 * A cloud's container contract, as a pure function from what Godwit knows about a step to what
 * the step's process is given: environment variables, configuration files, extra arguments and a
 * working directory. One file per contract:
 *
 * - sagemaker-training-contract.ts — SageMaker training (script mode and the training toolkit's `SM_*`)
 * - sagemaker-processing-contract.ts — SageMaker processing (`/opt/ml/config/*.json`)
 * - vertex-contract.ts — Vertex AI custom jobs (`AIP_*`, `CLOUD_ML_*`)
 *
 * Paths are given as the process sees them: `at('/opt/ml/model')` is `/opt/ml/model` under
 * bubblewrap and `<workspace>/model` without it, so the same function serves both modes.
 */
import type { ChannelConfig, ParameterValue } from '../../pipeline/ir.js';

export type ContractName = 'sagemaker' | 'vertex';
export type JobKind = 'training' | 'processing';

export interface ContractJob {
  readonly kind: JobKind;
  /** A name valid for the cloud's job APIs, unique per run and step. */
  readonly jobName: string;
  readonly runId: string;
  readonly pipeline: string;
  readonly step: string;
  /** Where the process sees a container path (see the file comment). */
  readonly at: (containerPath: string) => string;
  /** Inputs (training: channels) with their container path and where the data came from. */
  readonly inputs: readonly {
    readonly name: string;
    readonly containerPath: string;
    readonly source: string;
    readonly files: readonly string[];
    /** Training channels: the settings `inputdataconfig.json` gives the job. */
    readonly channel?: ChannelConfig;
  }[];
  readonly outputs: readonly { readonly name: string; readonly containerPath: string; readonly uri: string }[];
  /** Training only; resolved values, already checked to be JSON. */
  readonly hyperparameters: Readonly<Record<string, ParameterValue>>;
  /** The code's entry point file name (`train.py`) and folder, when the step stages code. */
  readonly program?: string;
  readonly codeDir?: string;
  /** The process's own command and arguments, as the process sees them (processing's AppSpecification). */
  readonly entrypoint: readonly string[];
  readonly args: readonly string[];
  /** The step's own `process.env`, resolved. */
  readonly env: Readonly<Record<string, string>>;
  readonly image?: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeSizeGB: number;
  readonly maxRuntimeSeconds?: number;
  readonly cpus: number;
  readonly checkpointDir?: string;
  /** The host's environment, read for identity defaults (region, project); never copied wholesale. */
  readonly hostEnv: Readonly<NodeJS.ProcessEnv>;
  /** True under bubblewrap: the layout is at the real cloud paths. */
  readonly sandboxed: boolean;
}

export interface ContractSetup {
  readonly env: Readonly<Record<string, string>>;
  /** Files to write before the process starts, by container path. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** Appended to the process's own arguments (SageMaker passes hyperparameters this way). */
  readonly args: readonly string[];
  /** The working directory, as a container path. */
  readonly cwd: string;
  /** Extra host-path views the sandbox must give (Vertex's `/gcs/...` mount), container path → container path. */
  readonly aliases?: readonly { readonly path: string; readonly target: string }[];
}

export type ContainerContract = (job: ContractJob) => ContractSetup;

/** The host name every single-instance SageMaker job sees. */
export const CURRENT_HOST = 'algo-1';

/** A job name SageMaker and Vertex accept: letters, digits and hyphens, at most 63 characters. */
export function jobNameFor(pipeline: string, step: string, runId: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const suffix = clean(runId.replace(/^run-/, ''));
  const head = clean(`${pipeline}-${step}`)
    .slice(0, 62 - suffix.length)
    .replace(/-+$/, '');
  return `${head}-${suffix}`.slice(0, 63);
}
