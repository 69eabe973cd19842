import type { GodwitHome } from '../core/home.js';

/**
 * How a model is served, whatever serves it: Godwit's built-in linear learner, an XGBoost or ONNX
 * model scored in a worker thread, or a user's container process speaking SageMaker's (or Vertex
 * AI's) serving contract. An endpoint variant, an inference pipeline and batch transform all hold
 * `ModelInstance`s and never know which runtime is behind one.
 *
 * Errors an instance reports are `GodwitError`s with these codes, so every front end answers them
 * in its own shape (SageMaker Runtime turns all of them into `ModelError` with the original status):
 * - `E_DATA_FORMAT` (status 400): the payload does not fit the model (column count, non-numeric
 *   CSV, invalid JSON); the message names the row and the problem;
 * - `E_CONTENT_TYPE` (415): a request or `Accept` type the model cannot read or write;
 * - `E_PAYLOAD_TOO_LARGE` (413);
 * - `E_MODEL_ERROR` (500): the model itself failed on this request (it threw, or the container
 *   answered 5xx); the instance stays up;
 * - `E_CONTAINER_DIED` (503): the instance's process died with the request in flight.
 */
export interface InferenceRequest {
  readonly body: Buffer;
  /** The request's `Content-Type` as sent (`text/csv; charset=utf-8`). */
  readonly contentType: string;
  /** The caller's `Accept`; absent means the model's default response type. */
  readonly accept?: string;
  /** SageMaker's `X-Amzn-SageMaker-Custom-Attributes`, passed to the model untouched. */
  readonly customAttributes?: string;
}

export interface InferenceResponse {
  readonly body: Buffer;
  readonly contentType: string;
  /** What the model answered in `X-Amzn-SageMaker-Custom-Attributes`, if anything. */
  readonly customAttributes?: string;
}

/**
 * One container of a model as `CreateModel` (`PrimaryContainer` or an entry of `Containers`) or
 * Vertex AI's `containerSpec` describes it, after a `ModelPackageName` has been resolved to its
 * image and model data.
 */
export interface ContainerSpec {
  /** The image URI the clouds would pull; locally it picks the runtime (see `runtimes/index.ts`). */
  readonly image?: string;
  /** `s3://…/model.tar.gz`, `gs://…/`, `file://…` or a folder: unpacked into `StartOptions.modelDir`. */
  readonly modelDataUrl?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** The serving contract a container process speaks; `sagemaker` unless said. */
  readonly contract?: 'sagemaker' | 'vertex';
  /** Vertex AI's `command` / `args` and routes for a custom container. */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly predictRoute?: string;
  readonly healthRoute?: string;
}

export interface StartOptions {
  readonly container: ContainerSpec;
  /** A local folder holding the unpacked model files: what a container sees at `/opt/ml/model`. */
  readonly modelDir: string;
  readonly home: GodwitHome;
  /** A folder this instance may write to (logs, sockets, scratch); removed by the host afterwards. */
  readonly workDir: string;
  /**
   * Where a container process writes its stdout and stderr (`<workDir>/container.log` when not
   * given). The endpoint host puts it outside the work folder, so an instance's log outlives it.
   */
  readonly logPath?: string;
  /** Aborts a start that takes too long (a container that never answers `/ping`). */
  readonly signal?: AbortSignal;
  /**
   * Called once when a long-lived instance ends on its own (its process exited, its worker
   * crashed), with a sentence saying why; the host then replaces it. Not called after `close()`.
   */
  readonly onExit?: (reason: string) => void;
  /**
   * A serverless variant's `MemorySizeInMB`: an instance in a worker thread gets it as its heap
   * limit (`resourceLimits.maxOldGenerationSizeMb`), so a model that outgrows it ends its own
   * worker (and the host replaces it) rather than the server. Container processes are not bound.
   */
  readonly memoryLimitMb?: number;
}

/** One serving copy of one container: an endpoint instance's share of a model. */
export interface ModelInstance {
  /** The runtime's name (`linear-learner`, `xgboost`, `onnx`, `container`). */
  readonly runtime: string;
  /** Answers one request; concurrent calls are allowed (the host bounds them). */
  invoke(request: InferenceRequest): Promise<InferenceResponse>;
  /**
   * The same answer at once, for a runtime that scores on the calling thread (the linear
   * learner): returns what `invoke` would resolve with and throws what it would reject with. The
   * endpoint host calls it when present, so an invocation costs no promise (bench/serving).
   */
  invokeNow?(request: InferenceRequest): InferenceResponse;
  /** Stops serving: waits for in-flight requests, then releases the worker or process. */
  close(): Promise<void>;
}

/** Starts instances of one kind of model. Loading is done in `start`; a bad model fails it. */
export interface ModelRuntime {
  readonly name: string;
  start(options: StartOptions): Promise<ModelInstance>;
}
