/**
 * What `godwit recommend` measured and concluded, as written to `recommendation.json` and printed
 * by `--json`. Every figure is measured on this machine; only `cloud` maps them to priced
 * instance types, under the assumption stated in `cloud.assumption`.
 *
 * ```json
 * { "model": "Churn/latest-approved", "target": { "latencyP99Ms": 5 },
 *   "runs": [{ "instances": 1, "concurrency": 4, "requests": 51234, "errors": 0,
 *              "throughput": 10246.8, "latencyMs": { "p50": 0.31, "p90": 0.52, "p99": 1.9 }, … }],
 *   "recommendation": { "instances": 1, "concurrency": 4, … }, "met": true,
 *   "cloud": { "prices": { "source": "…", "date": "2025-10" }, "options": [{ "instanceType": "ml.c5.large", … }] } }
 * ```
 */
export interface Recommendation {
  /** MODEL as the user named it, and what it resolved to. */
  readonly model: string;
  readonly resolvedModel: string;
  /** The runtime that served it (`linear-learner`, `xgboost`, `onnx`, `container`). */
  readonly runtime: string;
  readonly payload: PayloadSummary;
  readonly target: { readonly latencyP99Ms?: number };
  readonly settings: LoadSettings;
  readonly machine: MachineSummary;
  /** Every configuration measured, in the order run: instance counts outer, concurrency inner. */
  readonly runs: readonly LoadRun[];
  /**
   * The smallest configuration (fewest instances) with no errors and a measured p99 within the
   * target, the highest throughput among those; undefined when none met the target.
   */
  readonly recommendation?: LoadRun;
  /** Whether `recommendation` exists. */
  readonly met: boolean;
  /** Without a recommendation: the error-free run with the lowest p99, to say how far off it was. */
  readonly best?: LoadRun;
  /** Cloud instance types that would carry the recommended (or best) run's throughput. */
  readonly cloud?: CloudEstimate;
}

export interface PayloadSummary {
  /** `file` (`--payload`) or `generated` (from the model's input signature). */
  readonly source: 'file' | 'generated';
  readonly path?: string;
  readonly rows: number;
  readonly contentType: string;
  /** For a generated payload: how it was made. */
  readonly description: string;
}

export interface LoadSettings {
  readonly instances: readonly number[];
  readonly concurrency: readonly number[];
  readonly durationS: number;
  readonly warmupS: number;
}

export interface MachineSummary {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
}

/** One closed-loop run: `concurrency` clients against an endpoint of `instances` instances. */
export interface LoadRun {
  readonly instances: number;
  readonly concurrency: number;
  /** Requests answered (successfully or not) in the measured window. */
  readonly requests: number;
  readonly errors: number;
  /** A few of the errors, as the model reported them (`E_DATA_FORMAT: …`). */
  readonly errorSamples: readonly string[];
  readonly elapsedS: number;
  /** Successful requests per second. */
  readonly throughput: number;
  /** `throughput / instances`. */
  readonly throughputPerInstance: number;
  /** Of successful requests, end to end through the endpoint (router, instance pool, model). */
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** Whether it met the target (and had no errors). */
  readonly meetsTarget: boolean;
}

export interface CloudEstimate {
  readonly prices: { readonly source: string; readonly date: string; readonly region: string; readonly currency: string };
  readonly assumption: string;
  /** The run the estimate is for (the recommendation, or the best run). */
  readonly basis: { readonly instances: number; readonly concurrency: number; readonly throughput: number };
  /** Cheapest first. */
  readonly options: readonly CloudOption[];
}

export interface CloudOption {
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly pricePerHour: number;
  /** Instances of this type needed to carry the basis throughput. */
  readonly count: number;
  /** What those instances would carry, at the measured per-instance rate times vCPUs. */
  readonly capacity: number;
  readonly costPerHour: number;
  /** At the basis throughput. */
  readonly costPerMillionRequests: number;
}
