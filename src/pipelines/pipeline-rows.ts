import type { SqlRow } from '../db/sql-database.js';
import type { CallbackRecord, PipelineExecutionRecord, PipelineRecord } from './pipeline-records.js';

/** Rows of the pipelines' tables as records; JSON columns parsed, times as Dates, NULL as absent. */
export function toPipeline(row: SqlRow): PipelineRecord {
  return tidy({
    name: String(row.name),
    displayName: String(row.display_name),
    description: optional(row.description),
    definition: String(row.definition),
    roleArn: String(row.role_arn),
    maxParallelSteps: row.max_parallel_steps == null ? undefined : Number(row.max_parallel_steps),
    tags: JSON.parse(String(row.tags)),
    version: Number(row.version),
    createdAt: new Date(String(row.created_at)),
    lastModifiedAt: new Date(String(row.last_modified_at)),
  });
}

export function toExecution(row: SqlRow): PipelineExecutionRecord {
  return tidy({
    pipeline: String(row.pipeline),
    runId: String(row.run_id),
    version: Number(row.version),
    displayName: String(row.display_name),
    description: optional(row.description),
    parameters: JSON.parse(String(row.parameters)),
    clientRequestToken: optional(row.client_request_token),
    maxParallelSteps: row.max_parallel_steps == null ? undefined : Number(row.max_parallel_steps),
    stopRequested: Number(row.stop_requested) === 1,
    createdAt: new Date(String(row.created_at)),
    lastModifiedAt: new Date(String(row.last_modified_at)),
  });
}

export function toCallback(row: SqlRow): CallbackRecord {
  return tidy({
    token: String(row.token),
    runId: String(row.run_id),
    step: String(row.step),
    status: String(row.status) as CallbackRecord['status'],
    outputParameters: JSON.parse(String(row.output_parameters)),
    failureReason: optional(row.failure_reason),
    createdAt: new Date(String(row.created_at)),
    settledAt: row.settled_at == null ? undefined : new Date(String(row.settled_at)),
  });
}

const optional = (v: unknown) => (v == null ? undefined : String(v));

/** Drops absent fields, so a record read back deep-equals the one written. */
function tidy<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
