import type { AsyncOutcome } from '../../async-inference/async-events.js';
import type { AsyncQueue, AsyncRequest } from '../../async-inference/async-records.js';
import type { Clock } from '../../core/clock.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { MetricDatum, MetricStore } from '../../metrics/metric-store.js';
import type { AsyncHost } from './async-run.js';

const NAMESPACE = 'AWS/SageMaker';

/** What the workers report as each request ends, for the per-variant metrics. */
export interface AsyncTally {
  finished(request: AsyncRequest, outcome: AsyncOutcome, began: Date, ended: Date): void;
}

export interface BacklogMetricsOptions {
  readonly queue: AsyncQueue;
  readonly catalog: EndpointCatalog;
  readonly host: AsyncHost;
  readonly store: MetricStore;
  readonly clock: Clock;
  /** Clock time between writes; SageMaker publishes every minute. */
  readonly periodMs?: number;
  readonly log: (line: string) => void;
}

class VariantTally {
  processed = 0;
  failures = 0;
  expired = 0;
  readonly inBacklogMs: number[] = [];
  readonly totalMs: number[] = [];
}

/**
 * Asynchronous endpoints' metrics in `AWS/SageMaker`, written on the clock every period. Per
 * endpoint (dimension `EndpointName`), for every endpoint whose config is asynchronous, backlog or
 * not: `ApproximateBacklogSize` (queued + in flight), `ApproximateBacklogSizePerInstance` (that
 * over the instance count, or the whole backlog at zero instances: as AWS describes it, a target
 * tracking policy then scales out from zero once the queue exceeds its target),
 * `ApproximateAgeOfOldestRequest` (seconds, 0 when
 * empty) and `HasBacklogWithoutCapacity` (1 when requests wait and no instance serves). Per
 * variant (`EndpointName`, `VariantName`), from what finished in the period:
 * `InvocationsProcesssed` (SageMaker's spelling), `InvocationFailures`, `ExpiredRequests`,
 * `TimeInBacklog` and `TotalProcessingTime` (milliseconds).
 */
export class BacklogMetrics implements AsyncTally {
  private readonly tallies = new Map<string, VariantTally>();
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: BacklogMetricsOptions) {}

  finished(request: AsyncRequest, outcome: AsyncOutcome, began: Date, ended: Date): void {
    const variant = outcome.status === 'Completed' ? outcome.variantName : this.firstVariant(request.endpointName);
    const key = `${request.endpointName}\u0000${variant}`;
    const t = this.tallies.get(key) ?? new VariantTally();
    this.tallies.set(key, t);
    if (outcome.status === 'Failed' && outcome.code === 'E_ASYNC_EXPIRED') t.expired++;
    else {
      t.processed++;
      if (outcome.status === 'Failed') t.failures++;
      t.inBacklogMs.push(Math.max(0, began.getTime() - request.receivedAt.getTime()));
    }
    t.totalMs.push(Math.max(0, ended.getTime() - request.receivedAt.getTime()));
  }

  /** Writes now, then every period until `close`. */
  start(): void {
    const { clock, log } = this.options;
    const period = this.options.periodMs ?? 60_000;
    this.loop = (async () => {
      while (!this.stop.signal.aborted) {
        await this.write().catch((err) => log(`async: backlog metrics write failed: ${(err as Error).message}`));
        await clock.sleep(period, this.stop.signal).catch(() => {});
      }
    })();
  }

  /** Stops the loop and writes what finished since the last write. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.loop;
    await this.write().catch((err) => this.options.log(`async: backlog metrics write failed: ${(err as Error).message}`));
  }

  /** One period's datums: every asynchronous endpoint's backlog, and the variants' tallies since the last write. */
  async write(): Promise<void> {
    const { queue, store, clock } = this.options;
    const now = clock.now();
    const backlogs = new Map((await queue.backlogs()).map((b) => [b.endpointName, b]));
    const data: MetricDatum[] = [];
    for (const name of await this.asyncEndpoints()) {
      const backlog = backlogs.get(name);
      const size = backlog?.size ?? 0;
      const instances = this.instances(name);
      const age = backlog ? Math.max(0, (now.getTime() - backlog.oldestReceivedAt.getTime()) / 1000) : 0;
      const datum = (metricName: string, value: number, unit = 'Count'): MetricDatum => ({
        namespace: NAMESPACE,
        metricName,
        dimensions: { EndpointName: name },
        timestamp: now,
        unit,
        value,
      });
      data.push(datum('ApproximateBacklogSize', size), datum('ApproximateAgeOfOldestRequest', age, 'Seconds'));
      data.push(datum('HasBacklogWithoutCapacity', size > 0 && instances === 0 ? 1 : 0));
      data.push(datum('ApproximateBacklogSizePerInstance', size / Math.max(1, instances)));
    }
    data.push(...this.drainTallies(now));
    if (data.length > 0) await store.put(data);
  }

  private drainTallies(now: Date): MetricDatum[] {
    const data: MetricDatum[] = [];
    for (const [key, t] of this.tallies) {
      const [endpoint, variant] = key.split('\u0000');
      const dimensions = { EndpointName: endpoint, VariantName: variant };
      const datum = (metricName: string, unit: string, values: number[]): MetricDatum => ({
        namespace: NAMESPACE,
        metricName,
        dimensions,
        timestamp: now,
        unit,
        values,
      });
      data.push(datum('InvocationsProcesssed', 'Count', [t.processed]), datum('InvocationFailures', 'Count', [t.failures]));
      data.push(datum('ExpiredRequests', 'Count', [t.expired]));
      if (t.inBacklogMs.length > 0) data.push(datum('TimeInBacklog', 'Milliseconds', t.inBacklogMs));
      if (t.totalMs.length > 0) data.push(datum('TotalProcessingTime', 'Milliseconds', t.totalMs));
    }
    this.tallies.clear();
    return data;
  }

  private async asyncEndpoints(): Promise<string[]> {
    const { catalog } = this.options;
    const names: string[] = [];
    for (const endpoint of await catalog.listEndpoints()) {
      if ((await catalog.getEndpointConfig(endpoint.configName))?.asyncInference) names.push(endpoint.name);
    }
    return names;
  }

  private instances(name: string): number {
    return this.options.host.stats(name)?.variants.reduce((sum, v) => sum + v.instances, 0) ?? 0;
  }

  private firstVariant(name: string): string {
    return this.options.host.stats(name)?.variants[0]?.variantName ?? 'AllTraffic';
  }
}
