import type { SqlRow } from '../db/sql-database.js';
import type { StoredExecution, TaskTokenRecord } from './workflow-catalog.js';
import type { ExecutionRecord, Page, PageRequest, StateMachineRecord } from './workflow-service.js';

/** Rows of the workflows tables as records: JSON columns parsed, times as Dates, NULL as absent. */
export function toMachine(row: SqlRow): StateMachineRecord {
  return {
    stateMachineArn: String(row.arn),
    name: String(row.name),
    definition: String(row.definition),
    roleArn: String(row.role_arn),
    type: row.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    status: 'ACTIVE',
    creationDate: new Date(String(row.created_at)),
    revisionId: String(row.revision_id),
  };
}

export function toExecution(row: SqlRow): ExecutionRecord {
  return tidy({
    executionArn: String(row.arn),
    stateMachineArn: String(row.machine_arn),
    name: String(row.name),
    status: String(row.status) as ExecutionRecord['status'],
    startDate: new Date(String(row.start_date)),
    stopDate: row.stop_date == null ? undefined : new Date(String(row.stop_date)),
    input: String(row.input),
    output: optional(row.output),
    error: optional(row.error),
    cause: optional(row.cause),
  });
}

export function toStoredExecution(row: SqlRow): StoredExecution {
  return tidy({
    ...toExecution(row),
    definition: String(row.shared_definition ?? row.definition),
    roleArn: String(row.role_arn),
    parentExecutionArn: optional(row.parent_arn),
    deadline: row.deadline == null ? undefined : new Date(String(row.deadline)),
    nextEventId: Number(row.next_event),
  });
}

export function toToken(row: SqlRow): TaskTokenRecord {
  return tidy({
    token: String(row.token),
    executionArn: String(row.execution_arn),
    stateName: String(row.state_name),
    status: String(row.status) as TaskTokenRecord['status'],
    output: optional(row.output),
    error: optional(row.error),
    cause: optional(row.cause),
    heartbeatAt: row.heartbeat_at == null ? undefined : new Date(String(row.heartbeat_at)),
    createdAt: new Date(String(row.created_at)),
  });
}

/** A page request as LIMIT / OFFSET: `nextToken` is the offset of the next page. */
export function pageBounds(page: PageRequest | undefined, fallback = 100): { limit: number; offset: number } {
  const limit = Math.max(1, Math.min(page?.maxResults || fallback, 1000));
  const offset = page?.nextToken ? Number.parseInt(page.nextToken, 10) : 0;
  return { limit, offset: Number.isFinite(offset) && offset > 0 ? offset : 0 };
}

/** Reads one row more than the page holds, to know whether there is a next page. */
export function toPage<T>(rows: readonly T[], bounds: { limit: number; offset: number }): Page<T> {
  const items = rows.slice(0, bounds.limit);
  return rows.length > bounds.limit ? { items, nextToken: String(bounds.offset + bounds.limit) } : { items };
}

const optional = (v: unknown) => (v == null ? undefined : String(v));

function tidy<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
