/**
 * From a container image URI to what runs it here. There is no Docker on a user's machine, so a
 * SageMaker job's `TrainingImage` / `ImageUri` is looked up in a documented, configurable map
 * (`images:` in godwit.config.yaml, then the built-in entries) and becomes a local process under
 * the SageMaker container contract:
 *
 * - SageMaker's framework images (scikit-learn, XGBoost, PyTorch; any region, any version tag)
 *   run the user's script (`sagemaker_program`, from `sagemaker_submit_directory`) with the
 *   configured Python (`GODWIT_PYTHON`);
 * - the built-in XGBoost algorithm image trains with Python's xgboost as the algorithm would;
 * - Godwit's own image runs Godwit's built-in algorithms;
 * - a local path (`./train.sh`, `file://…`) runs that program, as endpoints' BYOC images do.
 *
 * Anything else is refused with a `ValidationException` that names the image and shows the
 * `images:` entry that would map it to a local command. docs/images.md lists every entry.
 *
 * ```ts
 * const local = await resolveImage(
 *   { image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
 *     use: 'training', hyperparameters: job.HyperParameters, environment: job.Environment },
 *   { config, stagingDir, storeOptions },
 * );
 * // local.process: { command: ['python3'], code: 'sourcedir', entryPoint: 'train.py', contract: 'sagemaker', … }
 * // local.hyperparameters: the user's values, decoded, without sagemaker_*
 * ```
 */
import type { GodwitConfig } from '../config/config.js';
import type { MetricDefinition, ParameterValue, ProcessSpec } from '../pipeline/ir.js';
import type { StoreOptions } from '../store/index.js';
import { matchImage } from './images/match-image.js';

/** What an image runs as. */
export interface LocalImage {
  /** The map entry that matched, for messages and `Describe` (`sagemaker-scikit-learn`, `config: my-image`, …). */
  readonly mappedBy: string;
  /**
   * The process a job step runs (command, code, entry point, env), with `contract: 'sagemaker'`.
   * A relative `code` is relative to the context's `stagingDir`, which must be the plan's `baseDir`;
   * `env` is the job's `Environment` (as given) plus what the image adds, the whole of the step's env.
   */
  readonly process: ProcessSpec;
  /**
   * Training: the hyperparameters the step carries. In script mode the SDK's JSON-quoted strings
   * decoded (`"\"reg:squarederror\""` → `reg:squarederror`, `"5"` → 5) and the `sagemaker_*` ones
   * dropped (the contract writes its own); otherwise the strings as sent. Empty for other uses.
   */
  readonly hyperparameters: Readonly<Record<string, ParameterValue>>;
  /** Metrics the image reports by itself (a built-in algorithm's), to add to the job's own MetricDefinitions. */
  readonly metricDefinitions: readonly MetricDefinition[];
}

/** What the image is used for: some images run differently for training and processing. */
export type ImageUse = 'training' | 'processing' | 'transform';

/** One image, with what the job's request says about running it. */
export interface ImageRequest {
  /** `AlgorithmSpecification.TrainingImage`, `AppSpecification.ImageUri`, a model's `Image`. */
  readonly image: string;
  readonly use: ImageUse;
  /** The job's `HyperParameters` as sent: a map of strings (script mode: JSON-quoted, as the SageMaker SDK writes them). */
  readonly hyperparameters?: Readonly<Record<string, string>>;
  /** The job's `Environment`; its `GODWIT_PYTHON` picks the interpreter of python images. */
  readonly environment?: Readonly<Record<string, string>>;
  /** `ContainerEntrypoint` (AppSpecification or AlgorithmSpecification): replaces the image's own program. */
  readonly entrypoint?: readonly string[];
  /** `ContainerArguments`. */
  readonly arguments?: readonly string[];
}

/** What resolving may use; a job kind's `PlanContext` is one. */
export interface ImageContext {
  /** Its `images:` entries win over the built-in ones. */
  readonly config: GodwitConfig;
  /** A folder of the job's own: the submit directory is unpacked and shipped scripts copied here. */
  readonly stagingDir: string;
  /** How to open `s3://` / `gs://` / `file://` submit directories. */
  readonly storeOptions: StoreOptions;
  /** Godwit's environment (default `process.env`), for `GODWIT_PYTHON`. */
  readonly hostEnv?: NodeJS.ProcessEnv;
  /** What a relative local-path image is relative to (default the working folder). */
  readonly cwd?: string;
}

/**
 * Checks that an image is mapped, without touching the disk (for a kind's `validate`): returns
 * the name of the entry that maps it; an `AwsError('ValidationException')` naming the image and
 * the `images:` entry that would map it when none does, or when the request lacks what the
 * entry needs (a framework image's `sagemaker_program`, a processing job's `ContainerEntrypoint`).
 */
export function checkImage(request: ImageRequest, config: GodwitConfig): string {
  return matchImage(request, config).mappedBy;
}

/** The local process for an image: `checkImage`, then staging what it runs (the submit directory, a shipped script). */
export async function resolveImage(request: ImageRequest, context: ImageContext): Promise<LocalImage> {
  return matchImage(request, context.config).resolve(context);
}
