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
 * `images:` entry that would map it to a local command.
 */
import type { ProcessSpec } from '../pipeline/ir.js';

/** What an image runs as. */
export interface LocalImage {
  /** The map entry that matched, for messages and `Describe` (`sagemaker-scikit-learn`, `config: my-image`, …). */
  readonly mappedBy: string;
  /** The process a job step runs (command, code, entry point, env), with `contract: 'sagemaker'`. */
  readonly process: ProcessSpec;
}

/** What the image is used for: some images run differently for training and processing. */
export type ImageUse = 'training' | 'processing' | 'transform';
