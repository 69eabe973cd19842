import type { Clock } from '../core/clock.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { MetricDatum, MetricStore } from './metric-store.js';

/** The namespace SageMaker publishes endpoint invocation metrics in. */
export const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';

/** What the endpoint host knows about one request once it is answered. */
export interface InvocationSample {
  /** The HTTP status answered: 4xx and 5xx count as Invocation4XXErrors / Invocation5XXErrors. */
  readonly status: number;
  /** Time in the model (the container's round trip); absent when the model was never called. */
  readonly modelLatencyUs?: number;
  /** Time Godwit added around the model (parsing, routing, capture hand-off, writing the answer). */
  readonly overheadLatencyUs?: number;
}

/** One variant's metrics: keep it and call `record` per request (no lookup on the hot path). */
export interface VariantMetrics {
  record(sample: InvocationSample): void;
  /** Instances serving the variant now: InvocationsPerInstance sends 1/count per request. */
  setInstanceCount(count: number): void;
}

/**
 * SageMaker's per-variant invocation metrics, recorded on the request path and written to the
 * metric store as aggregates: in memory, a request is a few counter increments and two map
 * updates; every `intervalMs` (and on `flush` / `close`) each variant's window becomes one datum
 * per metric with values and counts, stamped with the window's start, so the store receives a few
 * rows per variant and minute whatever the request rate, and percentiles stay exact to the
 * latency rounding (LatencyHistogram: 0.8 %).
 *
 * Metrics, in `AWS/SageMaker` with dimensions `EndpointName` and `VariantName`, as SageMaker
 * defines them: `Invocations` (1 per request, unit None), `Invocation4XXErrors` and
 * `Invocation5XXErrors` (1 or 0 per request, so Average is the error rate), `InvocationsPerInstance`
 * (1/instances per request), `ModelLatency` and `OverheadLatency` (Microseconds).
 */
export interface EndpointMetrics {
  variant(endpoint: string, variant: string): VariantMetrics;
  record(endpoint: string, variant: string, sample: InvocationSample): void;
  setInstanceCount(endpoint: string, variant: string, count: number): void;
  /** Writes what was recorded since the last flush; resolves when the store has it. */
  flush(): Promise<void>;
  /** Stops the timer and flushes; recording after close is ignored. */
  close(): Promise<void>;
}

export interface EndpointMetricsOptions {
  readonly store: MetricStore;
  readonly clock: Clock;
  /** How often windows are written, in real time; 0 writes only on flush/close. Default 10 s. */
  readonly intervalMs?: number;
  /** A failed write (its window's data is lost; the next window is written as usual). */
  readonly onError?: (err: unknown) => void;
}

export function endpointMetrics(options: EndpointMetricsOptions): EndpointMetrics {
  return new EndpointMetricsRecorder(options);
}

class Window {
  invocations = 0;
  errors4xx = 0;
  errors5xx = 0;
  readonly perInstance = new Map<number, number>();
  readonly model = new LatencyHistogram();
  readonly overhead = new LatencyHistogram();
}

class Variant implements VariantMetrics {
  window = new Window();
  private share = 1;

  constructor(
    readonly endpoint: string,
    readonly name: string,
    private readonly recorder: EndpointMetricsRecorder,
  ) {}

  record(sample: InvocationSample): void {
    if (this.recorder.closed) return;
    const w = this.window;
    w.invocations++;
    const s = sample.status;
    if (s >= 500) w.errors5xx++;
    else if (s >= 400) w.errors4xx++;
    w.perInstance.set(this.share, (w.perInstance.get(this.share) ?? 0) + 1);
    if (sample.modelLatencyUs !== undefined) w.model.add(sample.modelLatencyUs);
    if (sample.overheadLatencyUs !== undefined) w.overhead.add(sample.overheadLatencyUs);
  }

  setInstanceCount(count: number): void {
    this.share = count > 0 ? 1 / count : 1;
  }

  /** The window's data, and a fresh window in its place. */
  take(): Window {
    const w = this.window;
    this.window = new Window();
    return w;
  }
}

class EndpointMetricsRecorder implements EndpointMetrics {
  closed = false;
  private readonly variants = new Map<string, Variant>();
  private readonly timer?: NodeJS.Timeout;
  private windowStart: Date;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: EndpointMetricsOptions) {
    this.windowStart = options.clock.now();
    const every = options.intervalMs ?? 10_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.flush().catch(() => {}), every);
      this.timer.unref();
    }
  }

  variant(endpoint: string, variant: string): VariantMetrics {
    const key = `${endpoint}\u0000${variant}`;
    let v = this.variants.get(key);
    if (!v) {
      v = new Variant(endpoint, variant, this);
      this.variants.set(key, v);
    }
    return v;
  }

  record(endpoint: string, variant: string, sample: InvocationSample): void {
    this.variant(endpoint, variant).record(sample);
  }

  setInstanceCount(endpoint: string, variant: string, count: number): void {
    this.variant(endpoint, variant).setInstanceCount(count);
  }

  flush(): Promise<void> {
    const timestamp = this.windowStart;
    this.windowStart = this.options.clock.now();
    const data = [...this.variants.values()].flatMap((v) => windowData(v, v.take(), timestamp));
    // Writes go one after another, so windows reach the store in order.
    const write = this.writing.then(() => (data.length > 0 ? this.options.store.put(data) : undefined));
    this.writing = write.catch((err) => this.options.onError?.(err));
    return write;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.closed) return this.writing;
    this.closed = true;
    await this.flush();
  }
}

function windowData(v: Variant, w: Window, timestamp: Date): MetricDatum[] {
  if (w.invocations === 0) return [];
  const base = { namespace: SAGEMAKER_NAMESPACE, dimensions: { EndpointName: v.endpoint, VariantName: v.name }, timestamp };
  const zeroOne = (metricName: string, ones: number): MetricDatum => ({
    ...base,
    metricName,
    unit: 'None',
    values: [0, 1],
    counts: [w.invocations - ones, ones],
  });
  const data: MetricDatum[] = [
    { ...base, metricName: 'Invocations', unit: 'None', values: [1], counts: [w.invocations] },
    zeroOne('Invocation4XXErrors', w.errors4xx),
    zeroOne('Invocation5XXErrors', w.errors5xx),
    {
      ...base,
      metricName: 'InvocationsPerInstance',
      unit: 'None',
      values: [...w.perInstance.keys()],
      counts: [...w.perInstance.values()],
    },
  ];
  if (w.model.size > 0) data.push({ ...base, metricName: 'ModelLatency', unit: 'Microseconds', ...w.model.entries() });
  if (w.overhead.size > 0) data.push({ ...base, metricName: 'OverheadLatency', unit: 'Microseconds', ...w.overhead.entries() });
  return data;
}
