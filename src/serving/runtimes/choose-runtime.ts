/**
 * Which runtime serves a container, decided from what `CreateModel` (or Vertex AI's
 * `containerSpec`) says and from the model files, and starting an instance of it:
 *
 * - a `command`, or an `image` that is a local path (`/srv/model`, `./serve`, `file://…`), is the
 *   user's own server: the `container` runtime (SageMaker's or Vertex AI's serving contract);
 * - otherwise the model files decide (`describeModel`): `linear-learner`, `xgboost`, `onnx`, `bqml`
 *   (a BigQuery ML model EXPORT MODEL wrote). A cloud image Godwit knows (SageMaker's XGBoost and
 *   linear learner, Vertex AI's prebuilt XGBoost, scikit-learn and TensorFlow) must agree with the files; an image it does not know serves only files it can
 *   read, since the image itself cannot run here.
 */
import { GodwitError } from '../../core/errors.js';
import { describeModel, type Framework, type ModelDescriptor } from '../../ml/model-descriptor.js';
import type { ContainerSpec, ModelInstance, StartOptions } from '../model-runtime.js';
import { RUNTIMES } from './index.js';

/** Runtimes that score in this process (or a worker thread of it), as opposed to a child process. */
export const IN_PROCESS_RUNTIMES: ReadonlySet<string> = new Set(['linear-learner', 'xgboost', 'onnx', 'bqml']);

// Cloud images by what they serve; `undefined` is a framework Godwit has no in-process runtime for.
const KNOWN_IMAGES: readonly { pattern: RegExp; framework: Framework | undefined; label: string }[] = [
  { pattern: /(^|\/)sagemaker-xgboost[:@]|(^|\/)xgboost:/, framework: 'xgboost', label: "SageMaker's XGBoost" },
  { pattern: /(^|\/)linear-learner[:@]/, framework: 'linear-learner', label: "SageMaker's linear learner" },
  { pattern: /vertex-ai\/prediction\/xgboost-/, framework: 'xgboost', label: "Vertex AI's prebuilt XGBoost" },
  { pattern: /vertex-ai\/prediction\/sklearn-|(^|\/)sagemaker-scikit-learn[:@]/, framework: undefined, label: 'scikit-learn' },
  // BigQuery exports DNN, linear and k-means models as TensorFlow SavedModels, deployed on this
  // image; Godwit's EXPORT MODEL writes its own format in their stead (docs/bigquery-ml.md).
  { pattern: /vertex-ai\/prediction\/tf2?-/, framework: 'bqml', label: "Vertex AI's prebuilt TensorFlow (a BigQuery ML export)" },
];

/** True when the image names a local program or folder rather than a registry image. */
export function isLocalImage(image: string | undefined): boolean {
  return image !== undefined && /^(\/|\.\.?\/|file:)/.test(image);
}

/** The `RUNTIMES` key that serves `container`, whose model files are unpacked in `modelDir`. */
export async function chooseRuntime(container: ContainerSpec, modelDir: string): Promise<string> {
  if ((container.command?.length ?? 0) > 0 || isLocalImage(container.image)) {
    if (!('container' in RUNTIMES)) throw unknownRuntime(container, 'this Godwit has no container runtime', undefined);
    return 'container';
  }
  const known = KNOWN_IMAGES.find((k) => container.image !== undefined && k.pattern.test(container.image));
  let descriptor: ModelDescriptor;
  try {
    descriptor = await describeModel(modelDir);
  } catch (err) {
    if (known?.framework !== undefined || !(err instanceof GodwitError) || err.code !== 'E_MODEL_FORMAT') throw err;
    throw unknownRuntime(container, err.message, known?.label);
  }
  if (known?.framework !== undefined && known.framework !== descriptor.framework) {
    throw new GodwitError(
      'E_MODEL_FORMAT',
      `The image ${container.image} is ${known.label}, but the model files in ${modelDir} are a ${descriptor.framework} model (${descriptor.file}).`,
      { hint: `Give a ${known.framework} model, or the image of the framework that made ${descriptor.file}.` },
    );
  }
  if (!(descriptor.framework in RUNTIMES)) {
    throw unknownRuntime(
      container,
      `no runtime is installed for ${descriptor.framework} models (${descriptor.file})`,
      known?.label,
    );
  }
  return descriptor.framework;
}

function unknownRuntime(container: ContainerSpec, why: string, label: string | undefined): GodwitError {
  const image =
    container.image === undefined ? 'A container with no image' : `The image ${container.image}${label ? ` (${label})` : ''}`;
  return new GodwitError('E_RUNTIME_UNKNOWN', `${image} cannot be served here: ${why.replace(/\.$/, '')}.`, {
    hint: `Godwit serves models with these runtimes: ${Object.keys(RUNTIMES).sort().join(', ')}. Give model files one of them reads, or run your own server: a container with a command (or a local image path) that speaks SageMaker's serving contract.`,
  });
}

export interface StartInstanceOptions extends StartOptions {
  /** Score an in-process runtime in its own worker thread (default true); false scores on this thread. */
  readonly inWorker?: boolean;
}

/** Chooses the runtime for `options.container` and starts one instance of it. */
export async function startInstance(options: StartInstanceOptions): Promise<ModelInstance> {
  const name = await chooseRuntime(options.container, options.modelDir);
  const { inWorker, ...start } = options;
  if ((inWorker ?? true) && IN_PROCESS_RUNTIMES.has(name)) {
    const { startWorkerInstance } = await import('./worker-instance.js');
    return startWorkerInstance(name, start);
  }
  return (await RUNTIMES[name]()).start(start);
}
