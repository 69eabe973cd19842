import type { SqlRow } from '../db/sql-database.js';
import type { Json } from './asl/asl-types.js';
import type { NewHistoryEvent, StoredExecution, TaskTokenRecord } from './workflow-catalog.js';
import type { ExecutionRecord, HistoryEvent, Page, PageRequest, StateMachineRecord } from './workflow-service.js';

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

/**
 * A commit's events as the text of one history row. A chain of Pass states is two events a
 * state, each carrying the payload text, and the row's size was the engine's main cost, so the
 * row is compact: `{"t0": first event's epoch ms, "types": [type, …], "texts": [payload text, …],
 * "e": [[type index, ms after t0, details or 0, previous id when not id - 1], …]}`, ids implicit
 * from the row's `first_id`; an `input` or `output` detail is the index of its text in `texts`,
 * each distinct text stored once (a Pass chain's payload is usually one text for every state).
 * Rows written before (a JSON array of `[id, previous id, time, type, details]`) read as before.
 */
export function encodeHistory(events: readonly NewHistoryEvent[]): string {
  const t0 = events[0].timestamp.getTime();
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const text = (value: string) => {
    let i = textIndex.get(value);
    if (i === undefined) {
      i = texts.push(value) - 1;
      textIndex.set(value, i);
    }
    return i;
  };
  const encoded: unknown[] = [];
  for (const e of events) {
    let type = typeIndex.get(e.type);
    if (type === undefined) {
      type = types.push(e.type) - 1;
      typeIndex.set(e.type, type);
    }
    let details: Record<string, Json | number> | 0 = 0;
    if (e.details) {
      details = { ...e.details };
      if (typeof details.input === 'string') details.input = text(details.input);
      if (typeof details.output === 'string') details.output = text(details.output);
    }
    const dt = e.timestamp.getTime() - t0;
    encoded.push(e.previousEventId === e.id - 1 ? [type, dt, details] : [type, dt, details, e.previousEventId]);
  }
  return JSON.stringify({ t0, types, texts, e: encoded });
}

/** The events with ids `lo`..`hi` of history rows (each a commit's events), oldest first. */
export function eventsBetween(rows: readonly SqlRow[], lo: number, hi: number): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const row of rows) {
    const text = String(row.events);
    if (text.startsWith('{')) decodeRow(JSON.parse(text) as CompactRow, Number(row.first_id), lo, hi, out);
    else {
      for (const [id, previousEventId, at, type, details] of JSON.parse(text) as EventTuple[]) {
        if (id < lo || id > hi) continue;
        const event = { id, previousEventId, timestamp: new Date(at), type };
        out.push(details === null ? event : { ...event, details: withDataDetails(details) });
      }
    }
  }
  return out;
}

type EventTuple = [number, number, string, string, Record<string, Json> | null];

interface CompactRow {
  readonly t0: number;
  readonly types: readonly string[];
  readonly texts: readonly string[];
  readonly e: readonly [number, number, Record<string, Json> | 0, number?][];
}

function decodeRow(row: CompactRow, firstId: number, lo: number, hi: number, out: HistoryEvent[]): void {
  for (let i = Math.max(0, lo - firstId); i < row.e.length && firstId + i <= hi; i++) {
    const [type, dt, details, previous] = row.e[i];
    const id = firstId + i;
    const event = { id, previousEventId: previous ?? id - 1, timestamp: new Date(row.t0 + dt), type: row.types[type] };
    if (details === 0) {
      out.push(event);
      continue;
    }
    if (typeof details.input === 'number') details.input = row.texts[details.input];
    if (typeof details.output === 'number') details.output = row.texts[details.output];
    out.push({ ...event, details: withDataDetails(details) });
  }
}

/**
 * `inputDetails` / `outputDetails` beside an event's input or output: Godwit never truncates what
 * it records, so they are always `{ truncated: false }` and are added on reading, not stored.
 */
function withDataDetails(details: Record<string, Json>): Record<string, Json> {
  if ('input' in details && !('inputDetails' in details)) details.inputDetails = { truncated: false };
  if ('output' in details && !('outputDetails' in details)) details.outputDetails = { truncated: false };
  return details;
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
