import type { GodwitHome } from '../core/home.js';
import { type ShadowReportOptions, type ShadowVariantReport, shadowReport } from '../serving/shadow/shadow-report.js';
import type { ExperimentRecord } from './experiment-records.js';

export interface ExperimentReport {
  readonly experiment: Pick<
    ExperimentRecord,
    'name' | 'endpointName' | 'status' | 'productionVariant' | 'shadowVariant' | 'samplingPercentage' | 'startTime' | 'endTime'
  >;
  /** The records compared: mirrored while the experiment was Running (until now while it still is). */
  readonly window: { readonly from: Date; readonly to?: Date };
  readonly tolerance: number;
  readonly unreadableLines: number;
  /** The shadow against the source variant: requests, latency p50/p90/p99 and error rates of each side, agreement or drift. */
  readonly comparison: ShadowVariantReport;
}

/**
 * A shadow test's report: `shadowReport` over the experiment's own records only — its shadow
 * variant, answers of its source variant, recorded between Running and the stop — so an earlier
 * experiment on the same endpoint with the same variant name is not mixed in. Reads the files the
 * server's shadow recorder wrote; no server needed.
 */
export async function experimentReport(
  home: GodwitHome,
  e: ExperimentRecord,
  options: Pick<ShadowReportOptions, 'tolerance' | 'problem'> = {},
): Promise<ExperimentReport> {
  const from = e.runningSince ?? e.startTime;
  const report = await shadowReport(home, e.endpointName, {
    ...options,
    since: from,
    ...(e.stoppedAt && { until: e.stoppedAt }),
    shadowVariants: [e.shadowVariant],
    productionVariant: e.productionVariant,
  });
  const { name, endpointName, status, productionVariant, shadowVariant, samplingPercentage, startTime, endTime } = e;
  return {
    experiment: { name, endpointName, status, productionVariant, shadowVariant, samplingPercentage, startTime, endTime },
    window: { from, ...(e.stoppedAt && { to: e.stoppedAt }) },
    tolerance: report.tolerance,
    unreadableLines: report.unreadableLines,
    comparison: report.variants[0],
  };
}
