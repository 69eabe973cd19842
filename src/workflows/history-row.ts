import type { SqlRow } from '../db/sql-database.js';
import type { Json } from './asl/asl-types.js';
import type { NewHistoryEvent } from './workflow-catalog.js';
import type { HistoryEvent } from './workflow-service.js';

/**
 * A commit's history events as the text of one `sfn_history` row, built as the engine records
 * them. A chain of Pass states is two events a state, each carrying the payload text, and the
 * bytes written were the engine's main cost (SQLite writes every page twice, to the WAL and at
 * its checkpoint), so the row is compact:
 *
 *     {"v":2,"t0":1765000000000,"shapes":["ExecutionSucceeded",["PassStateEntered","name","@input"],…],
 *      "strings":["{\"value\":1}",…],"e":[1,0,1,"S1",0, 2,0,1,"S1",0, …]}
 *
 * `e` is flat: each event is its shape's index, milliseconds since the previous event (since
 * `t0` for the first), `id - previousEventId`, then one value per key of its shape, in the
 * details' key order; ids are implicit from the row's `first_id`. A shape that is a string is an
 * event without details. A key marked `@` (`input`, `output`: payload texts, which repeat and
 * may be large) holds the index of its text in `strings`, each distinct text stored once; other
 * values are themselves. The engine appends a state's entry or exit without building an event
 * or details object, and the row is serialised once, at commit.
 */
export class HistoryRow {
  private first = 0;
  private count = 0;
  private t0 = 0;
  private time = 0;
  private readonly shapes: (string | string[])[] = [];
  /** Shapes by their JSON text. */
  private readonly shapeIndex = new Map<string, number>();
  /** Shapes of state entries and exits by type, found without building their key. */
  private readonly stateShapes = { input: new Map<string, number>(), output: new Map<string, number>() };
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  /** The events, flat. */
  private readonly e: Json[] = [];

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

  /** Appends an event with any details. */
  add(id: number, previousEventId: number, timestamp: Date, type: string, details?: Readonly<Record<string, Json>>): void {
    if (!details) {
      this.append(id, previousEventId, timestamp, this.shape(type));
      return;
    }
    const shape: string[] = [type];
    const values: Json[] = [];
    for (const key of Object.keys(details)) {
      const value = details[key];
      if (value === undefined) continue;
      const indexed = typeof value === 'string' && STRING_KEYS.has(key);
      shape.push(indexed ? `@${key}` : key);
      values.push(indexed ? this.string(value) : value);
    }
    this.append(id, previousEventId, timestamp, this.shape(shape));
    for (const value of values) this.e.push(value);
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
    const shapes = this.stateShapes[field];
    let shape = shapes.get(type);
    if (shape === undefined) {
      shape = this.shape([type, 'name', `@${field}`]);
      shapes.set(type, shape);
    }
    this.append(id, previousEventId, timestamp, shape);
    this.e.push(name, this.string(payload));
  }

  /** The row's JSON text. */
  text(): string {
    return JSON.stringify({ v: 2, t0: this.t0, shapes: this.shapes, strings: this.strings, e: this.e });
  }

  /** The index of a shape, added the first time. */
  private shape(shape: string | string[]): number {
    const key = typeof shape === 'string' ? shape : JSON.stringify(shape);
    let i = this.shapeIndex.get(key);
    if (i === undefined) {
      i = this.shapes.push(shape) - 1;
      this.shapeIndex.set(key, i);
    }
    return i;
  }

  /** The index of `value` in `strings`, added the first time. */
  private string(value: string): number {
    let i = this.stringIndex.get(value);
    if (i === undefined) {
      i = this.strings.push(value) - 1;
      this.stringIndex.set(value, i);
    }
    return i;
  }

  /** Appends an event's shape, time and previous id; its values follow. */
  private append(id: number, previousEventId: number, timestamp: Date, shape: number): void {
    const ms = timestamp.getTime();
    if (this.count === 0) {
      this.first = id;
      this.t0 = ms;
      this.time = ms;
    } else if (id !== this.first + this.count) {
      throw new Error(`History event ${id} does not follow event ${this.lastId}: a row's ids are contiguous.`);
    }
    this.e.push(shape, ms - this.time, id - previousEventId);
    this.time = ms;
    this.count++;
  }
}

/** Detail keys whose string values are payload texts, which repeat (and may be large), kept once in `strings`. */
const STRING_KEYS = new Set(['input', 'output']);

/** The events with ids `lo`..`hi` of history rows (each a commit's events), oldest first. */
export function eventsBetween(rows: readonly SqlRow[], lo: number, hi: number): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const row of rows) {
    const text = String(row.events);
    if (text.startsWith('{')) {
      const parsed = JSON.parse(text) as FlatRow | CompactRow;
      if ('v' in parsed) decodeFlatRow(parsed, Number(row.first_id), lo, hi, out);
      else decodeCompactRow(parsed, Number(row.first_id), lo, hi, out);
    } else {
      // Rows written before the compact forms: a JSON array of `[id, previous id, time, type, details]`.
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

interface FlatRow {
  readonly v: 2;
  readonly t0: number;
  readonly shapes: readonly (string | readonly string[])[];
  readonly strings: readonly string[];
  readonly e: readonly Json[];
}

function decodeFlatRow(row: FlatRow, firstId: number, lo: number, hi: number, out: HistoryEvent[]): void {
  const e = row.e;
  let time = row.t0;
  for (let i = 0, id = firstId; i < e.length && id <= hi; id++) {
    const shape = row.shapes[e[i] as number];
    time += e[i + 1] as number;
    const previousEventId = id - (e[i + 2] as number);
    i += 3;
    if (typeof shape === 'string') {
      if (id >= lo) out.push({ id, previousEventId, timestamp: new Date(time), type: shape });
      continue;
    }
    if (id < lo) {
      i += shape.length - 1;
      continue;
    }
    const details: Record<string, Json> = {};
    for (let k = 1; k < shape.length; k++) {
      const key = shape[k];
      const value = e[i++];
      if (key.startsWith('@')) details[key.slice(1)] = row.strings[value as number];
      else details[key] = value;
    }
    out.push({ id, previousEventId, timestamp: new Date(time), type: shape[0], details: withDataDetails(details) });
  }
}

/** Rows written by the first compact form: `{"t0", "types", "texts", "e": [[type, ms after t0, details or 0, previous id?], …]}`. */
interface CompactRow {
  readonly t0: number;
  readonly types: readonly string[];
  readonly texts: readonly string[];
  readonly e: readonly [number, number, Record<string, Json> | 0, number?][];
}

function decodeCompactRow(row: CompactRow, firstId: number, lo: number, hi: number, out: HistoryEvent[]): void {
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
