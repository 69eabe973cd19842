/**
 * One persisted metric store, CloudWatch's model: a datum is a namespace, a metric name, a set of
 * dimensions and a timestamp with either one value, a list of values with counts, or a statistic
 * set. Endpoints write `AWS/SageMaker` metrics per variant here (`Invocations`,
 * `Invocation4XXErrors`, `ModelLatency`, …); rollouts, autoscaling and monitors read them later.
 * Timestamps come from the injectable clock; data older than the retention is removed.
 */
export interface MetricDatum {
  readonly namespace: string;
  readonly metricName: string;
  /** Name → value; order does not matter, a query must name the same set to match. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timestamp: Date;
  /** CloudWatch's units (`Count`, `Microseconds`, `Milliseconds`, `None`, …). */
  readonly unit?: string;
  readonly value?: number;
  /** Many observations at once: `values[i]` seen `counts[i]` times (count 1 when absent). */
  readonly values?: readonly number[];
  readonly counts?: readonly number[];
  readonly statisticValues?: {
    readonly sampleCount: number;
    readonly sum: number;
    readonly minimum: number;
    readonly maximum: number;
  };
  /** Seconds: 60 (the default, CloudWatch's standard resolution) or 1 (high resolution). */
  readonly storageResolution?: 1 | 60;
}

/** `SampleCount`, `Sum`, `Average`, `Minimum`, `Maximum`, or a percentile such as `p99`. */
export type Statistic = string;

export interface StatisticsQuery {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly start: Date;
  readonly end: Date;
  /** Seconds per datapoint (a multiple of 60, or 1/5/10/30 for high resolution). */
  readonly period: number;
  readonly statistics: readonly Statistic[];
  /** Only data stored with this unit; without it, a period with data in two units gives a datapoint per unit. */
  readonly unit?: string;
}

export interface Datapoint {
  readonly timestamp: Date;
  readonly unit?: string;
  /** Statistic name → value, for each statistic asked for. */
  readonly values: Readonly<Record<string, number>>;
}

export interface MetricStore {
  put(data: readonly MetricDatum[]): Promise<void>;
  /** Datapoints in time order, one per period (and unit) that has data. */
  statistics(query: StatisticsQuery): Promise<Datapoint[]>;
  /** Metric names and dimension sets seen in a namespace (ListMetrics). */
  list(
    namespace?: string,
    metricName?: string,
  ): Promise<{ metricName: string; namespace: string; dimensions: Record<string, string> }[]>;
}
