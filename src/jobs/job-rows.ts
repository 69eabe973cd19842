import type { SqlRow, SqlValue } from '../db/sql-database.js';
import type { JobChanges, JobRecord, StatusTransition } from './job-records.js';

/** Row ↔ record for the jobs' table: JSON text for nested fields, ISO text for times. */
const json = (v: unknown): SqlValue => JSON.stringify(v);
const time = (v: unknown) => (v === null || v === undefined ? undefined : new Date(v as string));
const text = (v: unknown) => (v === null || v === undefined ? undefined : (v as string));

export function toJob(r: SqlRow): JobRecord {
  const transitions = (JSON.parse(r.transitions as string) as Record<string, string>[]).map(toTransition);
  const fields = {
    kind: r.kind as JobRecord['kind'],
    name: r.name as string,
    request: JSON.parse(r.request as string),
    status: r.status as JobRecord['status'],
    secondaryStatus: text(r.secondary_status),
    transitions,
    failureReason: text(r.failure_reason),
    runId: text(r.run_id),
    createdAt: new Date(r.created_at as string),
    startedAt: time(r.started_at),
    endedAt: time(r.ended_at),
    lastModifiedAt: new Date(r.last_modified_at as string),
    result: JSON.parse(r.result as string),
    tags: JSON.parse(r.tags as string),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as JobRecord;
}

function toTransition(t: Record<string, string>): StatusTransition {
  return {
    status: t.status,
    startTime: new Date(t.startTime),
    ...(t.endTime !== undefined && { endTime: new Date(t.endTime) }),
    message: t.message,
  };
}

/** The record as an INSERT writes it, in `INSERT_JOB`'s column order. */
export function jobValues(j: JobRecord): SqlValue[] {
  return [
    j.kind,
    j.name,
    json(j.request),
    j.status,
    j.secondaryStatus ?? null,
    json(j.transitions),
    j.failureReason ?? null,
    j.runId ?? null,
    j.createdAt.toISOString(),
    j.startedAt?.toISOString() ?? null,
    j.endedAt?.toISOString() ?? null,
    j.lastModifiedAt.toISOString(),
    json(j.result),
    json(j.tags),
  ];
}

export const INSERT_JOB = `INSERT INTO jobs (kind, name, request, status, secondary_status, transitions, failure_reason,
  run_id, created_at, started_at, ended_at, last_modified_at, result, tags)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name) DO NOTHING`;

/** The columns each change writes; a change to undefined clears the column. */
const COLUMNS: Record<keyof JobChanges, [string, (v: never) => SqlValue]> = {
  status: ['status', (v: string) => v],
  secondaryStatus: ['secondary_status', (v?: string) => v ?? null],
  transitions: ['transitions', (v: readonly StatusTransition[]) => json(v)],
  failureReason: ['failure_reason', (v?: string) => v ?? null],
  runId: ['run_id', (v?: string) => v ?? null],
  startedAt: ['started_at', (v?: Date) => v?.toISOString() ?? null],
  endedAt: ['ended_at', (v?: Date) => v?.toISOString() ?? null],
  result: ['result', (v: unknown) => json(v ?? {})],
};

/** `SET a = ?, b = ?` and its values for the changes given (keys present, even if undefined). */
export function changeSet(changes: JobChanges): { set: string; values: SqlValue[] } {
  const keys = Object.keys(changes).filter((k): k is keyof JobChanges => k in COLUMNS);
  return {
    set: keys.map((k) => `${COLUMNS[k][0]} = ?`).join(', '),
    values: keys.map((k) => (COLUMNS[k][1] as (v: unknown) => SqlValue)(changes[k])),
  };
}
