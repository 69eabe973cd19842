/**
 * The kinds of check a schedule can run, by SageMaker's `MonitoringType`: each entry loads the
 * kind's `MonitoringJob` lazily (a server that runs no model-quality schedule never loads that
 * code). The kinds live in their own folders (`src/monitor/data-quality/`, `model-quality/`,
 * `bias/`, `explainability/`); each reads and writes `s3://`/`gs://` URIs with the
 * `storeOptions` the runner passes in its input.
 *
 * A schedule whose type has no entry still runs on time: each execution is recorded `Failed` with
 * `E_MONITOR_JOB_UNAVAILABLE` as its reason. `startServer({ monitoringJobs })` replaces the table
 * (tests register a small job of their own).
 */
import type { MonitoringJob, MonitoringType } from '../monitoring-job.js';

export type MonitoringJobs = Readonly<Partial<Record<MonitoringType, () => Promise<MonitoringJob>>>>;

export const MONITORING_JOBS: MonitoringJobs = {
  DataQuality: async () => (await import('../data-quality/index.js')).dataQuality,
  ModelQuality: async () => (await import('../model-quality/index.js')).ModelQuality,
  ModelBias: async () => (await import('../bias/index.js')).ModelBias,
  ModelExplainability: async () => (await import('../explainability/index.js')).ModelExplainability,
};
