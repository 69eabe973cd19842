/**
 * Collects (ground truth, prediction) pairs for one problem type and computes its metrics. A pair
 * whose values cannot be read is refused with a reason (the caller reports where it was); the
 * arrays grow as typed arrays, so a window of millions of records stays a few bytes per record.
 */

import { asBinary, asClass, asNumber } from './labels.js';
import { binaryMetrics } from './metrics/binary.js';
import { multiclassMetrics } from './metrics/multiclass.js';
import { regressionMetrics } from './metrics/regression.js';
import type { ModelQualityStatistics, ProblemType } from './model-quality-files.js';

export interface Observation {
  readonly label: unknown;
  /** The `InferenceAttribute`'s value; `undefined` when only a probability is configured. */
  readonly inference?: unknown;
  /** The `ProbabilityAttribute`'s value, when one is configured. */
  readonly probability?: unknown;
}

export interface ObservationSettings {
  readonly problemType: ProblemType;
  /** Binary: a probability at or above it predicts 1 (`ProbabilityThresholdAttribute`, default 0.5). */
  readonly probabilityThreshold?: number;
}

class Column<T extends Float64Array | Uint8Array | Uint32Array> {
  private data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export class Observations {
  private readonly labels = new Column((n) => new Float64Array(n));
  private readonly predictions = new Column((n) => new Float64Array(n));
  private readonly scores = new Column((n) => new Float64Array(n));
  private readonly classes = new Map<string, number>();

  constructor(private readonly settings: ObservationSettings) {}

  get count(): number {
    return this.labels.length;
  }

  /** Adds a pair; answers why not when a value cannot be read (nothing is added then). */
  add(observation: Observation): string | undefined {
    const pair = this.convert(observation);
    if (typeof pair === 'string') return pair;
    this.labels.push(pair[0]);
    this.predictions.push(pair[1]);
    this.scores.push(pair[2]);
    return undefined;
  }

  /** `statistics.json` for the pairs added (the caller checks that there is at least one). */
  statistics(evaluationTime: Date): ModelQualityStatistics {
    const dataset = { item_count: this.count, evaluation_time: evaluationTime.toISOString() };
    const labels = this.labels.values();
    const predictions = this.predictions.values();
    if (this.settings.problemType === 'Regression') {
      return { version: 0.0, dataset, regression_metrics: regressionMetrics({ labels, predictions }) };
    }
    if (this.settings.problemType === 'BinaryClassification') {
      const binary = binaryMetrics({
        labels: Uint8Array.from(labels),
        predicted: Uint8Array.from(predictions),
        scores: this.scores.values(),
      });
      return { version: 0.0, dataset, binary_classification_metrics: binary };
    }
    return { version: 0.0, dataset, multiclass_classification_metrics: this.multiclass(labels, predictions) };
  }

  private multiclass(labels: Float64Array, predictions: Float64Array) {
    const names = [...this.classes.keys()];
    const numeric = names.every((n) => Number.isFinite(Number(n)));
    const sorted = [...names].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    const rank = new Uint32Array(names.length);
    sorted.forEach((name, i) => {
      rank[this.classes.get(name)!] = i;
    });
    const remap = (values: Float64Array) => Uint32Array.from(values, (v) => rank[v]!);
    return multiclassMetrics({ labels: remap(labels), predicted: remap(predictions), classes: sorted });
  }

  /** [label, prediction, score] as numbers, or why the pair is unusable. */
  private convert(o: Observation): [number, number, number] | string {
    const problem = this.settings.problemType;
    if (problem === 'Regression') {
      const label = asNumber(o.label);
      const prediction = asNumber(o.inference);
      if ('reason' in label) return `ground truth ${label.reason}`;
      if ('reason' in prediction) return `prediction ${prediction.reason}`;
      return [label.ok, prediction.ok, prediction.ok];
    }
    if (problem === 'MulticlassClassification') {
      const label = asClass(o.label);
      const prediction = asClass(o.inference);
      if ('reason' in label) return `ground truth ${label.reason}`;
      if ('reason' in prediction) return `prediction ${prediction.reason}`;
      return [this.classIndex(label.ok), this.classIndex(prediction.ok), 0];
    }
    return this.binary(o);
  }

  private binary(o: Observation): [number, number, number] | string {
    const label = asBinary(o.label);
    if ('reason' in label) return `ground truth ${label.reason}`;
    if (o.probability === undefined) {
      const predicted = asBinary(o.inference);
      if ('reason' in predicted) return `prediction ${predicted.reason}; name a ProbabilityAttribute to threshold probabilities`;
      return [label.ok, predicted.ok, predicted.ok];
    }
    const probability = asNumber(o.probability);
    if ('reason' in probability) return `probability ${probability.reason}`;
    let predicted: number = probability.ok >= (this.settings.probabilityThreshold ?? 0.5) ? 1 : 0;
    if (o.inference !== undefined) {
      const given = asBinary(o.inference);
      if ('reason' in given) return `prediction ${given.reason}`;
      predicted = given.ok;
    }
    return [label.ok, predicted, probability.ok];
  }

  private classIndex(name: string): number {
    let index = this.classes.get(name);
    if (index === undefined) {
      index = this.classes.size;
      this.classes.set(name, index);
    }
    return index;
  }
}
