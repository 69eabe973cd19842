import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { ServerlessSpec, VariantState } from '../../endpoints/endpoint-records.js';
import { warmInstances } from '../../endpoints/serverless-config.js';
import type { InferenceRequest, InferenceResponse } from '../model-runtime.js';
import { InstancePool, type SlotStarter } from './instance-pool.js';
import { DEFAULT_SERVERLESS_IDLE_MS } from './serverless-idle.js';

/**
 * The idle timeout is watched in this many slices: an instance stops after between one timeout
 * and one timeout plus a slice without use, and the pool wakes only this often per timeout.
 */
const SLICES = 4;

export interface ServerlessPoolOptions {
  /** Endpoint and variant, for messages. */
  readonly endpointName: string;
  readonly variantName: string;
  readonly config: ServerlessSpec;
  /** The server's clock: idle time is simulated time, so a scaled clock makes it short. */
  readonly clock: Clock;
  readonly idleMs?: number;
  /** One cold start's duration (SageMaker's `ModelSetupTime`), in microseconds. */
  readonly onColdStart?: (microseconds: number) => void;
  readonly log?: (line: string) => void;
}

/**
 * A serverless variant's instances, as SageMaker's Serverless Inference runs them: one request
 * per instance, `ProvisionedConcurrency` instances kept warm (none without it), one more started
 * whenever the requests in flight outnumber the instances up or starting (a cold start: the
 * model is loaded again from the staged files in a new instance), at most `MaxConcurrency` of
 * them. A request arriving with `MaxConcurrency` already in flight is refused at once
 * (`E_ENDPOINT_THROTTLED`, SageMaker Runtime's ThrottlingException), never queued. Instances the
 * traffic of the last idle timeout did not need are stopped, down to the provisioned count, so
 * an idle variant runs no worker at all.
 *
 * Per request it costs a counter and a comparison; idle time is tracked by the peak of requests
 * in flight in each slice of the timeout, read by one sleep on the clock per slice.
 */
export class ServerlessPool extends InstancePool {
  private config: ServerlessSpec;
  /** Requests accepted and not yet answered: being served, or waiting for an instance. */
  private accepted = 0;
  /** The most requests in flight at once in the current slice, and in the last `SLICES` ones. */
  private peak = 0;
  private readonly recent: number[] = [];
  private readonly stopped = new AbortController();
  private readonly idleMs: number;

  constructor(
    start: SlotStarter,
    private readonly options: ServerlessPoolOptions,
  ) {
    super(start, 1, options.log);
    this.config = options.config;
    this.idleMs = options.idleMs ?? DEFAULT_SERVERLESS_IDLE_MS;
  }

  /** Starts the provisioned instances (`count`, 0 without), then watches for idle ones. */
  override async open(count: number): Promise<void> {
    await super.open(count);
    void this.watchIdle();
  }

  override invoke(request: InferenceRequest): Promise<InferenceResponse> {
    if (this.accepted >= this.config.maxConcurrency) return Promise.reject(this.throttled());
    this.enter();
    return super.invoke(request).finally(() => {
      this.accepted--;
    });
  }

  override invokeNow(request: InferenceRequest): InferenceResponse | undefined {
    if (this.accepted >= this.config.maxConcurrency) throw this.throttled();
    // Counted while it runs, so the idle watch sees the instance was needed.
    if (++this.accepted > this.peak) this.peak = this.accepted;
    try {
      return super.invokeNow(request);
    } finally {
      this.accepted--;
    }
  }

  /** A recorded serverless config (ServerlessUpdateConfig): new limits, and its warm instances started. */
  override async apply(state: VariantState): Promise<void> {
    if (state.serverless) this.config = state.serverless;
    const warm = warmInstances(this.config);
    if (this.size + this.starting < warm) await this.resize(warm);
  }

  override state(variantName: string, weight: number): VariantState {
    return { variantName, weight, instanceCount: warmInstances(this.config), serverless: this.config };
  }

  override async close(): Promise<void> {
    this.stopped.abort();
    await super.close();
  }

  /** Takes a request in; starts an instance when every one up or starting already has its request. */
  private enter(): void {
    if (++this.accepted > this.peak) this.peak = this.accepted;
    const capacity = this.size + this.starting;
    if (this.accepted > capacity && capacity < this.config.maxConcurrency) this.coldStart();
  }

  private coldStart(): void {
    const began = performance.now();
    this.startSlot().then(
      () => this.options.onColdStart?.(Math.round((performance.now() - began) * 1000)),
      (err) => {
        const { endpointName, variantName, log } = this.options;
        const message = `A cold start of serverless variant "${variantName}" of endpoint "${endpointName}" failed: ${(err as Error).message}`;
        log?.(message);
        // Requests waiting for it fail now, saying why, rather than wait for an instance that will not come.
        if (this.size === 0 && this.starting === 0) this.failQueue(new GodwitError('E_CONTAINER_DIED', message));
        else this.pump();
      },
    );
  }

  private async watchIdle(): Promise<void> {
    const slice = this.idleMs / SLICES;
    while (!this.stopped.signal.aborted) {
      try {
        await this.options.clock.sleep(slice, this.stopped.signal);
      } catch {
        return;
      }
      this.sweep();
    }
  }

  /**
   * Ends a slice: the instances needed are the most requests in flight at once over the last
   * `SLICES` slices (an idle timeout), at least the provisioned ones; the rest are retired (the
   * pool retires its last instances, which its first-free-instance choice leaves the least used).
   */
  private sweep(): void {
    this.recent.push(this.peak);
    if (this.recent.length > SLICES) this.recent.shift();
    this.peak = this.accepted;
    const needed = Math.max(warmInstances(this.config), this.accepted, ...this.recent);
    if (this.size > needed) {
      this.options.log?.(`stopping ${this.size - needed} idle instance(s)`);
      void this.resize(needed);
    }
  }

  private throttled(): GodwitError {
    const { endpointName, variantName } = this.options;
    return new GodwitError(
      'E_ENDPOINT_THROTTLED',
      `Rate exceeded: serverless variant "${variantName}" of endpoint "${endpointName}" already has ${this.accepted} invocation(s) in flight, its MaxConcurrency.`,
      { hint: 'Retry with backoff, or raise MaxConcurrency (UpdateEndpointWeightsAndCapacities with ServerlessUpdateConfig).' },
    );
  }
}
