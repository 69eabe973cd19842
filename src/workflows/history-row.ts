import type { SqlRow } from '../db/sql-database.js';
import type { Json } from './asl/asl-types.js';
import type { NewHistoryEvent } from './workflow-catalog.js';
import type { HistoryEvent } from './workflow-service.js';

/**
 * A commit's history events as the text of one `sfn_history` row, written as the engine records
 * them. A chain of Pass states is two events a state, each carrying the payload text, and the row
 * was the engine's main cost, so it is compact: `{"t0": first event's epoch ms, "types": [type, …],
 * "texts": [payload text, …], "e": [[type index, ms after t0, details or 0, previous id when not
 * id - 1], …]}`, ids implicit from the row's `first_id`; an `input` or `output` detail is the
 * index of its text in `texts`, each distinct text stored once (a Pass chain's payload is usually
 * one text for every state). Each event is appended as JSON text when it is recorded, so the
 * engine keeps no event or details object per state and the row is not serialised again.
 */
export class HistoryRow {
  private first = 0;
  private count = 0;
  private t0 = 0;
  private readonly types: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly textIndex = new Map<string, number>();
  /** The events' JSON texts, each preceded by a comma. */
  private encoded = '';

  static of(events: readonly NewHistoryEvent[]): HistoryRow {
    const row = new HistoryRow();
    for (const e of events) row.add(e.id, e.previousEventId, e.timestamp, e.type, e.details);
    return row;
  }

  get length(): number {
    return this.count;
  }

  get firstId(): number {
    return this.first;
  }

  get lastId(): number {
    return this.first + this.count - 1;
  }

  /** Appends an event with any details (`input` and `output` strings are kept in `texts`). */
  add(id: number, previousEventId: number, timestamp: Date, type: string, details?: Readonly<Record<string, Json>>): void {
    let text = '0';
    if (details) {
      const stored: Record<string, Json> = { ...details };
      if (typeof stored.input === 'string') stored.input = this.payloadIndex(stored.input);
      if (typeof stored.output === 'string') stored.output = this.payloadIndex(stored.output);
      text = JSON.stringify(stored);
    }
    this.append(id, previousEventId, timestamp, type, text);
  }

  /**
   * Appends a state's entry or exit, `{name, input}` or `{name, output}`: the same as `add` with
   * those details, without building them (two of these a transition is the engine's hot path).
   */
  addState(
    id: number,
    previousEventId: number,
    timestamp: Date,
    type: string,
    name: string,
    field: 'input' | 'output',
    payload: string,
  ): void {
    this.append(
      id,
      previousEventId,
      timestamp,
      type,
      `{"name":${JSON.stringify(name)},"${field}":${this.payloadIndex(payload)}}`,
    );
  }

  /** The row's JSON text. */
  text(): string {
    return `{"t0":${this.t0},"types":${JSON.stringify(this.types)},"texts":${JSON.stringify(this.texts)},"e":[${this.encoded.slice(1)}]}`;
  }

  /** The index of `payload` in `texts`, added there the first time. */
  private payloadIndex(payload: string): number {
    let i = this.textIndex.get(payload);
    if (i === undefined) {
      i = this.texts.push(payload) - 1;
      this.textIndex.set(payload, i);
    }
    return i;
  }

  private append(id: number, previousEventId: number, timestamp: Date, type: string, details: string): void {
    if (this.count === 0) {
      this.first = id;
      this.t0 = timestamp.getTime();
    } else if (id !== this.first + this.count) {
      throw new Error(`History event ${id} does not follow event ${this.lastId}: a row's ids are contiguous.`);
    }
    let t = this.typeIndex.get(type);
    if (t === undefined) {
      t = this.types.push(type) - 1;
      this.typeIndex.set(type, t);
    }
    const dt = timestamp.getTime() - this.t0;
    this.encoded += previousEventId === id - 1 ? `,[${t},${dt},${details}]` : `,[${t},${dt},${details},${previousEventId}]`;
    this.count++;
  }
}

/** The events with ids `lo`..`hi` of history rows (each a commit's events), oldest first. */
export function eventsBetween(rows: readonly SqlRow[], lo: number, hi: number): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const row of rows) {
    const text = String(row.events);
    // Rows written before the compact form: a JSON array of `[id, previous id, time, type, details]`.
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
