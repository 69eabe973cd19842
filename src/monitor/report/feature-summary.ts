/**
 * One row per feature of an execution against its baseline: what the terminal table prints and
 * the HTML report's table shows. The drift distance is, in order: SageMaker's own number when the
 * execution's `baseline_drift_check` violation states it; the distance the data-quality check
 * computes from the two KLL sketches (or category counts) with the baseline constraints' method;
 * else an estimate from the histogram buckets alone (bucket-distance.ts), for files without
 * sketches. `distanceSource` says which.
 */

import { driftDistance } from '../data-quality/check/feature-checks.js';
import { effectiveConfig } from '../data-quality/check/index.js';
import type {
  DataQualityConstraints,
  DataQualityStatistics,
  DataQualityViolation,
  FeatureStatistics,
  InferredType,
} from '../monitor-files.js';
import { bucketDistance } from './bucket-distance.js';

export interface FeatureSummary {
  readonly name: string;
  readonly type: InferredType;
  readonly baselineMean?: number;
  readonly currentMean?: number;
  readonly distance?: number;
  readonly distanceSource?: 'violation' | 'sketch' | 'buckets';
  /** The execution's violations for this feature, in file order. */
  readonly violations: readonly DataQualityViolation[];
}

/** Baseline features in their order, then features only the execution has, then violated names neither has. */
export function summarise(
  baseline: DataQualityStatistics | undefined,
  current: DataQualityStatistics | undefined,
  violations: readonly DataQualityViolation[],
  constraints?: DataQualityConstraints,
): FeatureSummary[] {
  const byName = (s: DataQualityStatistics | undefined) => new Map((s?.features ?? []).map((f) => [f.name, f]));
  const base = byName(baseline);
  const now = byName(current);
  const names = [...new Set([...base.keys(), ...now.keys(), ...violations.map((v) => v.feature_name)])];
  return names.map((name) => {
    const b = base.get(name);
    const c = now.get(name);
    const own = violations.filter((v) => v.feature_name === name);
    const stated = statedDistance(own);
    const config = effectiveConfig(
      constraints?.monitoring_config,
      constraints?.features.find((f) => f.name === name),
    );
    const sketched = stated === undefined && b && c ? driftDistance(c, b, config) : undefined;
    const estimated = stated === undefined && sketched === undefined && b && c ? bucketDistance(b, c) : undefined;
    return {
      name,
      type: c?.inferred_type ?? b?.inferred_type ?? 'Unknown',
      baselineMean: meanOf(b),
      currentMean: meanOf(c),
      distance: stated ?? sketched ?? estimated,
      distanceSource: sourceOf(stated, sketched, estimated),
      violations: own,
    };
  });
}

function sourceOf(stated?: number, sketched?: number, estimated?: number): FeatureSummary['distanceSource'] {
  if (stated !== undefined) return 'violation';
  if (sketched !== undefined) return 'sketch';
  return estimated === undefined ? undefined : 'buckets';
}

function meanOf(f: FeatureStatistics | undefined): number | undefined {
  const mean = f?.numerical_statistics?.mean;
  return typeof mean === 'number' && Number.isFinite(mean) ? mean : undefined;
}

/**
 * The distance in a drift violation's description. SageMaker writes it as "… distance: 0.25
 * exceeds threshold: 0.1" (the AWS examples' visualisation code reads it with the same pattern).
 */
export function statedDistance(violations: readonly DataQualityViolation[]): number | undefined {
  for (const v of violations) {
    if (v.constraint_check_type !== 'baseline_drift_check') continue;
    const match = /distance:\s*([-+0-9.eE]+)/i.exec(v.description);
    const value = match ? Number(match[1]) : Number.NaN;
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}
