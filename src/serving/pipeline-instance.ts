import { asGodwitError, GodwitError } from '../core/errors.js';
import type { ModelRecord } from '../endpoints/endpoint-records.js';
import type { ContainerSpec, InferenceRequest, InferenceResponse, ModelInstance } from './model-runtime.js';

/** SageMaker's limits on `Containers` in `CreateModel` for a serial inference pipeline. */
export const PIPELINE_MIN_CONTAINERS = 2;
export const PIPELINE_MAX_CONTAINERS = 15;

/**
 * The environment variable SageMaker's serving toolkits read for the response type a container
 * writes when the request names none. In a pipeline it is how a preprocessing container is told
 * what to hand the next one (SageMaker's own scikit-learn + linear-learner pipeline example sets
 * it to `text/csv`): the caller's `Accept` reaches only the last container.
 */
export const DEFAULT_ACCEPT_ENV = 'SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT';

/** What the pipeline knows of each container beside its instance (a `ModelRecord.containers` entry fits). */
export type PipelineContainer = Pick<ContainerSpec, 'environment'> & { readonly hostname?: string };

/**
 * A request failed inside a pipeline: the code and status of the container's own error (a 400
 * stays a 400), with the container that failed. `containerIndex` is 1-based, as SageMaker's
 * messages count; `hostname` is the container's `ContainerHostname`, or `container-<index>`.
 */
export class PipelineContainerError extends GodwitError {
  readonly containerIndex: number;
  readonly hostname: string;

  constructor(cause: GodwitError, containerIndex: number, containerCount: number, hostname: string) {
    super(
      cause.code,
      `Container ${containerIndex} of ${containerCount} ("${hostname}") of the inference pipeline failed: ${cause.message}`,
      {
        hint: cause.hint,
        cause,
      },
    );
    this.containerIndex = containerIndex;
    this.hostname = hostname;
  }
}

/**
 * One serving copy of a serial inference pipeline (`CreateModel` with 2–15 `Containers`): the
 * request goes to container 1, and the response body and `Content-Type` of container i are the
 * request of container i+1, as SageMaker runs them. `Accept` and `CustomAttributes` follow
 * SageMaker too: the caller's `Accept` applies to the last container only; an earlier container
 * gets the type its `SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT` names, or none (its own default). The
 * caller's custom attributes go to every container; the pipeline answers the last one's.
 *
 * ```ts
 * const model = pipelineInstance([prep, predictor], [{ hostname: 'prep', environment: { SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: 'text/csv' } }, {}]);
 * await model.invoke({ body, contentType: 'text/csv', accept: 'application/json' });
 * ```
 *
 * A failure in container i is a `PipelineContainerError` naming it, with the original code (so
 * SageMaker Runtime still answers `ModelError` with the original status); the later containers
 * are not called. `close()` closes every container's instance.
 */
export function pipelineInstance(
  instances: readonly ModelInstance[],
  containers: readonly PipelineContainer[] = [],
): ModelInstance {
  if (instances.length < PIPELINE_MIN_CONTAINERS || instances.length > PIPELINE_MAX_CONTAINERS) {
    throw new GodwitError(
      'E_PIPELINE_CONTAINERS',
      `An inference pipeline runs ${PIPELINE_MIN_CONTAINERS}–${PIPELINE_MAX_CONTAINERS} containers, not ${instances.length}.`,
      { hint: 'A model with one container is served by that container alone (PrimaryContainer).' },
    );
  }
  const count = instances.length;
  const hostnames = instances.map((_, i) => containers[i]?.hostname ?? `container-${i + 1}`);
  const accepts = instances.map((_, i) => containers[i]?.environment?.[DEFAULT_ACCEPT_ENV]);
  return {
    runtime: `pipeline(${instances.map((x) => x.runtime).join(',')})`,
    async invoke(request: InferenceRequest): Promise<InferenceResponse> {
      let current: InferenceResponse = { body: request.body, contentType: request.contentType };
      for (let i = 0; i < count; i++) {
        const last = i === count - 1;
        const step: InferenceRequest = {
          body: current.body,
          contentType: current.contentType,
          accept: last ? request.accept : accepts[i],
          customAttributes: request.customAttributes,
        };
        try {
          current = await instances[i].invoke(step);
        } catch (err) {
          throw new PipelineContainerError(asGodwitError(err, 'E_MODEL_ERROR'), i + 1, count, hostnames[i]);
        }
      }
      return current;
    },
    async close(): Promise<void> {
      const results = await Promise.allSettled(instances.map((x) => x.close()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/**
 * Starts one instance of a pipeline model (the endpoint host's `HostSeams.startPipeline`): every
 * container at once through `start(index)` (0-based), then `pipelineInstance` over them. If one
 * fails to start, the ones already started are closed and the failure names that container.
 */
export async function startPipeline(
  model: Pick<ModelRecord, 'name' | 'containers'>,
  start: (index: number) => Promise<ModelInstance>,
): Promise<ModelInstance> {
  const count = model.containers.length;
  checkCount(count, model.name);
  const started = await Promise.allSettled(model.containers.map((_, i) => start(i)));
  const failed = started.findIndex((r) => r.status === 'rejected');
  const instances = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed >= 0) {
    await Promise.allSettled(instances.map((x) => x.close()));
    const reason = (started[failed] as PromiseRejectedResult).reason;
    const hostname = model.containers[failed].hostname ?? `container-${failed + 1}`;
    throw new PipelineContainerError(asGodwitError(reason, 'E_MODEL_ERROR'), failed + 1, count, hostname);
  }
  return pipelineInstance(instances, model.containers);
}

function checkCount(count: number, model?: string): void {
  if (count >= PIPELINE_MIN_CONTAINERS && count <= PIPELINE_MAX_CONTAINERS) return;
  const what = model === undefined ? 'An inference pipeline' : `Model "${model}" is an inference pipeline: it`;
  throw new GodwitError(
    'E_PIPELINE_CONTAINERS',
    `${what} runs ${PIPELINE_MIN_CONTAINERS}–${PIPELINE_MAX_CONTAINERS} containers, not ${count}.`,
    {
      hint: 'A model with one container is served by that container alone (PrimaryContainer).',
    },
  );
}
