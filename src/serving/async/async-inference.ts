import type { AsyncQueue, AsyncRequest } from '../../async-inference/async-records.js';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import { notFound } from '../../endpoints/endpoint-errors.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { MetricStore } from '../../metrics/metric-store.js';
import type { StoreOptions } from '../../store/index.js';
import type { AsyncHost } from './async-run.js';
import { type AsyncSubmission, acceptSubmission } from './async-submission.js';
import { AsyncWorkers } from './async-workers.js';
import { BacklogMetrics } from './backlog-metrics.js';

export interface AsyncInferenceOptions {
  readonly queue: AsyncQueue;
  readonly catalog: EndpointCatalog;
  readonly host: AsyncHost;
  readonly metrics: MetricStore;
  readonly clock: Clock;
  /** How the workers reach `s3://` (the server's own S3 door) and `gs://`; read when a request runs. */
  readonly storeOptions: () => StoreOptions;
  /** This server in the queue's records: the same on every start of the same home. */
  readonly owner: string;
  readonly tickMs?: number;
  readonly log: (line: string) => void;
}

/**
 * Asynchronous inference as `godwit server` runs it: InvokeEndpointAsync's `submit` (checks the
 * request and the endpoint, records it durably, wakes the workers), the workers that serve the
 * queue through the endpoint host, and the backlog metrics. Constructing does no I/O; `start`
 * takes back what this server held when it stopped and starts the loops.
 */
export class AsyncInference {
  private readonly workers: AsyncWorkers;
  private readonly metrics: BacklogMetrics;

  constructor(private readonly options: AsyncInferenceOptions) {
    this.metrics = new BacklogMetrics({ ...options, store: options.metrics });
    this.workers = new AsyncWorkers({ ...options, tally: this.metrics });
  }

  /**
   * Accepts one request for an asynchronous endpoint: `E_ENDPOINT_NOT_FOUND` when there is no such
   * endpoint, `E_ASYNC_NOT_ASYNC_ENDPOINT` when its config has no AsyncInferenceConfig,
   * `E_ASYNC_VALIDATION` for a request SageMaker would refuse. Resolves once the request is
   * committed to the queue, with where its result and failure will be written.
   */
  async submit(submission: AsyncSubmission): Promise<AsyncRequest> {
    const { catalog, queue, clock } = this.options;
    const name = submission.endpointName;
    const endpoint = await catalog.getEndpoint(name);
    if (!endpoint || endpoint.status === 'Deleting') throw notFound('endpoint', name);
    const config = await catalog.getEndpointConfig(endpoint.configName);
    if (!config?.asyncInference) {
      throw new GodwitError(
        'E_ASYNC_NOT_ASYNC_ENDPOINT',
        `Endpoint ${name} is not an asynchronous endpoint: its endpoint config "${endpoint.configName}" has no AsyncInferenceConfig.`,
        {
          hint: 'Call InvokeEndpoint for a real-time endpoint, or update the endpoint to a config with an AsyncInferenceConfig.',
        },
      );
    }
    const accepted = await queue.enqueue(acceptSubmission(submission, config.asyncInference, clock.now()));
    this.workers.poke();
    return accepted;
  }

  async start(): Promise<void> {
    await this.workers.start();
    this.metrics.start();
  }

  /** Stops taking requests, lets those in flight finish for a while, writes the last metrics. */
  async close(): Promise<void> {
    await this.workers.close();
    await this.metrics.close();
  }
}
