import type { DataCaptureSpec, ModelRecord } from '../../endpoints/endpoint-records.js';
import type { CaptureSink } from '../capture/capture-sink.js';
import type { InferenceRequest, InferenceResponse, ModelInstance } from '../model-runtime.js';

/**
 * What the endpoint host calls beyond the runtimes, each a small seam so capture, metrics and
 * shadow comparison are their own capabilities: the host works with any of them absent (no
 * capture written, no metrics kept, shadow answers compared by nobody).
 */
export interface HostSeams {
  /** Opens the capture sink of one endpoint's `DataCaptureConfig`; the host samples and offers. */
  readonly openCapture?: (endpointName: string, spec: DataCaptureSpec) => CaptureSink;
  readonly metrics?: InvocationRecorder;
  readonly shadows?: ShadowRecorder;
  /**
   * Starts one instance of a model with 2–15 containers (an inference pipeline). Without it, the
   * host refuses such models with a failure reason naming the model.
   */
  readonly startPipeline?: (model: ModelRecord, start: ContainerStarter) => Promise<ModelInstance>;
}

/** Starts container `index` of a model as one instance (staged model data, chosen runtime). */
export type ContainerStarter = (index: number) => Promise<ModelInstance>;

/** One answered (or failed) invocation of a production variant, as CloudWatch counts them. */
export interface InvocationEvent {
  readonly endpointName: string;
  readonly variantName: string;
  /** 2xx, or the status the model's error carried (`E_DATA_FORMAT` is 400, `E_MODEL_ERROR` 500). */
  readonly status: number;
  /** Time spent in the model, and everything else the host added, in microseconds. */
  readonly modelLatencyUs: number;
  readonly overheadLatencyUs: number;
  /** The variant's instance count when it was served (`InvocationsPerInstance`). */
  readonly instances: number;
}

/** Per-variant invocation metrics; `record` is on the request path, so it must not wait. */
export interface InvocationRecorder {
  record(event: InvocationEvent): void;
}

/** One side of a shadow pair: the answer or the error, and how long it took. */
export interface ShadowOutcome {
  readonly variantName: string;
  readonly response?: InferenceResponse;
  readonly error?: { readonly code: string; readonly message: string };
  readonly latencyUs: number;
}

/** A production answer beside a shadow variant's answer to the same request. */
export interface ShadowPair {
  readonly endpointName: string;
  readonly inferenceId?: string;
  readonly at: Date;
  readonly request: InferenceRequest;
  readonly production: ShadowOutcome;
  readonly shadow: ShadowOutcome;
}

/** Receives shadow pairs after the production response was sent; must not throw. */
export interface ShadowRecorder {
  record(pair: ShadowPair): void;
}
