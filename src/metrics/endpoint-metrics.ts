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
 * updates, and reads no clock. A window is one minute of the clock (the server's, which may be
 * scaled): when the clock passes the minute's end, and on `flush` / `close`, each variant's window
 * becomes one datum per metric with values and counts, stamped with the minute, so the store
 * receives a few rows per variant and minute whatever the request rate, percentiles stay exact to
 * the latency rounding (LatencyHistogram: 0.8 %), and an alarm on a scaled clock sees each
 * simulated minute's requests in that minute. A flush inside a minute (the alarm evaluator's,
 * before it reads) writes what the minute has so far; the store adds the rest to the same minute.
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
  /**
   * False keeps windows until `flush` / `close` (tests on a hand-moved clock, whose `sleep` would
   * move it, and benchmarks). By default a timer sleeps on the clock to each minute's end.
   */
  readonly timer?: boolean;
  /** @deprecated `0` is `timer: false`; other values are ignored (windows follow the clock's minutes). */
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

const MINUTE_MS = 60_000;
const minuteOf = (at: Date) => Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;

class EndpointMetricsRecorder implements EndpointMetrics {
  closed = false;
  private readonly variants = new Map<string, Variant>();
  private readonly stop = new AbortController();
  /** The start of the minute the current window belongs to (epoch ms). */
  private windowStart: number;
  private writing: Promise<void> = Promise.resolve();
  private readonly timerDone: Promise<void>;

  constructor(private readonly options: EndpointMetricsOptions) {
    this.windowStart = minuteOf(options.clock.now());
    const timer = options.timer ?? options.intervalMs !== 0;
    this.timerDone = timer ? this.cutMinutes() : Promise.resolve();
  }

  /** Sleeps on the clock to the end of the window's minute, then writes it: one clock read per minute, none per request. */
  private async cutMinutes(): Promise<void> {
    const { clock } = this.options;
    const signal = this.stop.signal;
    while (!signal.aborted) {
      const wait = this.windowStart + MINUTE_MS - clock.now().getTime();
      if (wait > 0) {
        try {
          await clock.sleep(wait, signal);
        } catch {
          return;
        }
      }
      await this.flush().catch(() => {});
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
    const timestamp = new Date(this.windowStart);
    this.windowStart = minuteOf(this.options.clock.now());
    const data = [...this.variants.values()].flatMap((v) => windowData(v, v.take(), timestamp));
    // Writes go one after another, so windows reach the store in order.
    const write = this.writing.then(() => (data.length > 0 ? this.options.store.put(data) : undefined));
    this.writing = write.catch((err) => this.options.onError?.(err));
    return write;
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.timerDone;
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
