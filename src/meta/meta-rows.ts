import type { SqlRow } from '../db/sql-database.js';
import type {
  ArtifactRecord,
  AttemptRecord,
  EventRecord,
  MetricRecord,
  RunRecord,
  StepRecord,
  StoredRunSummary,
} from './metadata-store.js';

/** Rows of the runs capability's tables, turned into records. Times are stored as ISO-8601 text. */
export const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);
const opt = <T>(v: unknown) => (v === null || v === undefined ? undefined : (v as T));

/** The columns `listRuns` selects: never the stored IR, which can be megabytes per run. */
export const SUMMARY_COLUMNS = 'id, pipeline, status, pid, host, started_at, ended_at, error';

export function toRunSummary(r: SqlRow): StoredRunSummary {
  return {
    id: r.id as string,
    pipeline: r.pipeline as string,
    status: r.status as RunRecord['status'],
    pid: Number(r.pid),
    host: r.host as string,
    startedAt: new Date(r.started_at as string),
    endedAt: date(r.ended_at),
    error: opt<string>(r.error),
  };
}

export function toRun(r: SqlRow): RunRecord {
  return {
    ...toRunSummary(r),
    ir: JSON.parse(r.ir as string),
    parameters: JSON.parse(r.parameters as string),
    pipelineFile: opt<string>(r.pipeline_file),
    baseDir: r.base_dir as string,
    runDir: r.run_dir as string,
    resumes: Number(r.resumes),
    startedBy: opt<string>(r.started_by),
  };
}

export function toStep(r: SqlRow): StepRecord {
  return {
    runId: r.run_id as string,
    name: r.name as string,
    type: r.type as StepRecord['type'],
    status: r.status as StepRecord['status'],
    startedAt: date(r.started_at),
    endedAt: date(r.ended_at),
    attempts: Number(r.attempts),
    cacheKey: opt<string>(r.cache_key),
    cachedFrom: opt<string>(r.cached_from),
    reason: opt<string>(r.reason),
    outcome: opt<StepRecord['outcome']>(r.outcome),
  };
}

export function toAttempt(r: SqlRow): AttemptRecord {
  return {
    runId: r.run_id as string,
    step: r.step as string,
    attempt: Number(r.attempt),
    status: r.status as AttemptRecord['status'],
    startedAt: new Date(r.started_at as string),
    endedAt: date(r.ended_at),
    exitCode: opt<number>(r.exit_code),
    failureKind: opt<string>(r.failure_kind),
    error: opt<string>(r.error),
    logPath: opt<string>(r.log_path),
  };
}

export function toArtifact(r: SqlRow): ArtifactRecord {
  return {
    runId: r.run_id as string,
    step: r.step as string,
    name: r.name as string,
    type: r.type as ArtifactRecord['type'],
    uri: r.uri as string,
    sha256: r.sha256 as string,
    size: Number(r.size),
    // Readers that need only where an artifact is (lineage's backfill, gc) leave out the file list.
    files: typeof r.files === 'string' ? JSON.parse(r.files) : [],
    createdAt: new Date(r.created_at as string),
  };
}

export function toMetric(r: SqlRow): MetricRecord {
  return { runId: r.run_id as string, step: r.step as string, name: r.name as string, value: Number(r.value) };
}

export function toEvent(r: SqlRow): EventRecord {
  return {
    id: Number(r.id),
    runId: r.run_id as string,
    step: opt<string>(r.step),
    at: new Date(r.at as string),
    type: r.type as string,
    message: r.message as string,
  };
}
