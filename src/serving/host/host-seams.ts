import type { DataCaptureSpec } from '../../endpoints/endpoint-records.js';
import type { StoreOptions } from '../../store/index.js';
import type { CaptureSink } from '../capture/capture-sink.js';
import type { RolloutSeams } from '../rollout/alarm-guard.js';
import type { ShadowRecorder } from '../shadow/shadow-recorder.js';

/**
 * What the endpoint host calls beyond the runtimes, each a small seam so capture, metrics and
 * shadow comparison stay their own capabilities: the host works with any of them absent (no
 * capture written, no metrics kept, shadow answers compared by nobody).
 */
export interface HostSeams {
  /** Opens the capture sink of one endpoint's `DataCaptureConfig`; the host samples and offers. */
  readonly openCapture?: (endpointName: string, spec: DataCaptureSpec) => Promise<CaptureSink>;
  readonly metrics?: InvocationRecorder;
  /** Keeps each mirrored request's production and shadow answers (`src/serving/shadow/`). */
  readonly shadows?: Pick<ShadowRecorder, 'record'>;
  /** How model data on `s3://` and `gs://` is reached (the server's own S3 door by default). */
  readonly storeOptions?: StoreOptions;
  /** Guarded updates' alarm checks (`src/serving/rollout/`); without it they bake with no alarms. */
  readonly rollouts?: RolloutSeams;
}

/**
 * Per-variant invocation metrics, as CloudWatch counts them. A live endpoint asks once per
 * production variant and keeps the answer, so a request pays no lookup; `record` is on the
 * request path, so it must not wait.
 */
export interface InvocationRecorder {
  variant(endpointName: string, variantName: string): VariantInvocations;
}

export interface VariantInvocations {
  /**
   * One answered (or failed) invocation: 200 or the status the model's error stands for
   * (`E_DATA_FORMAT` 400, `E_MODEL_ERROR` 500); the time spent in the model and everything else
   * the host added, in microseconds; the variant's instance count when it was served
   * (`InvocationsPerInstance`).
   */
  record(status: number, modelLatencyUs: number, overheadLatencyUs: number, instances: number): void;
}
