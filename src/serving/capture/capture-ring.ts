/**
 * The capture records an endpoint hands its capture thread, through a ring of shared memory
 * rather than messages: the request path writes each record's bytes (`record-packing.ts`'s
 * layout) straight into the ring and moves its tail; the capture thread reads from its head
 * every few milliseconds, copies what it finds out and moves the head. No record object is kept
 * on the request path, no buffer is allocated per chunk and nothing is posted: in a CPU profile
 * of bench/serving, the kept chunk, the packing pass and a fresh transferred buffer per
 * `postMessage` were ~3 µs of the main thread per request (profiler included).
 *
 * Layout: an `Int32Array` of two cells (head, tail: byte offsets in the data area) then the data
 * area. An entry starts with a u16: an endpoint's string index (a record), `WRAP` (the next entry
 * is at offset 0) or `STRING` (a u32 length and the UTF-8 of the next string of the table both
 * sides grow in the same order). An entry never straddles the end; head = tail is empty, and the
 * writer keeps one byte free so a full ring never looks empty. One writer and one reader.
 */
import type { CaptureRecord } from './capture-sink.js';
import { readPacked } from './packed-record.js';
import { recordSize, type StringTable, writeRecord } from './record-packing.js';

const WRAP = 0xffff;
const STRING = 0xfffe;
const HEADER = 8;

/** A new ring with `bytes` of data area, to share with the capture thread. */
export function newRing(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + bytes);
}

/** The request path's end: `write` a record, or learn that the ring is full. */
export class RingWriter {
  private readonly cells: Int32Array;
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private readonly size: number;

  constructor(
    shared: SharedArrayBuffer,
    private readonly table: StringTable,
  ) {
    this.cells = new Int32Array(shared, 0, 2);
    this.view = new DataView(shared, HEADER);
    this.bytes = new Uint8Array(shared, HEADER);
    this.size = this.bytes.length;
  }

  /** Writes `record`; false when the ring has no room for it (the reader is that far behind). */
  write(record: CaptureRecord): boolean {
    const table = this.table;
    table.index(record.endpointName);
    table.index(record.variantName);
    if (record.input) table.index(record.input.contentType);
    if (record.output) table.index(record.output.contentType);
    // Names the reader has not seen go just before the record, in the same space: both or neither.
    const names = table.added.length > 0 ? table.takeAdded().map((text) => Buffer.from(text)) : NO_NAMES;
    let size = recordSize(record);
    for (const utf8 of names) size += 6 + utf8.length;
    let at = this.reserve(size);
    if (at === undefined) {
      table.forget(names.length);
      return false;
    }
    for (const utf8 of names) {
      this.view.setUint16(at, STRING, true);
      this.view.setUint32(at + 2, utf8.length, true);
      this.bytes.set(utf8, at + 6);
      at += 6 + utf8.length;
    }
    Atomics.store(this.cells, 1, writeRecord(this.view, this.bytes, at, record, table));
    return true;
  }

  /** Where `n` bytes can go, wrapping to the start if they do not fit before the end; undefined if full. */
  private reserve(n: number): number | undefined {
    const head = Atomics.load(this.cells, 0);
    const tail = this.cells[1] as number;
    if (tail >= head) {
      if (tail + n < this.size || (tail + n === this.size && head > 0)) return tail;
      if (n < head) {
        if (tail + 2 <= this.size) this.view.setUint16(tail, WRAP, true);
        Atomics.store(this.cells, 1, 0);
        return 0;
      }
      return undefined;
    }
    return tail + n < head ? tail : undefined;
  }
}

const NO_NAMES: Buffer[] = [];

/** The capture thread's end: `read` takes every record written since the last read. */
export class RingReader {
  private readonly cells: Int32Array;
  private readonly bytes: Buffer;
  /** The string table, grown from the ring's `STRING` entries. */
  readonly strings: string[] = [];

  constructor(shared: SharedArrayBuffer) {
    this.cells = new Int32Array(shared, 0, 2);
    this.bytes = Buffer.from(shared, HEADER);
  }

  read(): CaptureRecord[] {
    const records: CaptureRecord[] = [];
    for (;;) {
      const head = this.cells[0] as number;
      const tail = Atomics.load(this.cells, 1);
      if (head === tail) return records;
      // Up to the tail, or to the end of the data area when the writer has wrapped.
      const wrapped = tail < head;
      const at = this.take(head, wrapped ? this.bytes.length : tail, records);
      Atomics.store(this.cells, 0, wrapped ? 0 : at);
    }
  }

  /** Reads the entries in [from, end) up to a `WRAP`; returns where it stopped. */
  private take(from: number, end: number, records: CaptureRecord[]): number {
    let at = from;
    let recordsFrom = -1;
    const flush = () => {
      if (recordsFrom < 0) return;
      // A copy: the ring's bytes are written over once the head moves on, and bodies are views.
      const copy = Buffer.allocUnsafeSlow(at - recordsFrom);
      this.bytes.copy(copy, 0, recordsFrom, at);
      readPacked(copy, this.strings, records);
      recordsFrom = -1;
    };
    while (at < end) {
      if (end - at < 2) break;
      const kind = this.bytes.readUInt16LE(at);
      if (kind === WRAP) break;
      if (kind === STRING) {
        flush();
        const length = this.bytes.readUInt32LE(at + 2);
        this.strings.push(this.bytes.toString('utf8', at + 6, at + 6 + length));
        at += 6 + length;
        continue;
      }
      if (recordsFrom < 0) recordsFrom = at;
      at = entryEnd(this.bytes, at);
    }
    flush();
    return at;
  }
}

/** Where the record starting at `at` ends (record-packing.ts's layout). */
function entryEnd(bytes: Buffer, at: number): number {
  const flags = bytes[at + 4] as number;
  let next = at + 13;
  if (flags & 1) next += 6 + bytes.readUInt32LE(next + 2);
  if (flags & 2) next += 6 + bytes.readUInt32LE(next + 2);
  if (flags & 4) next += 4 + bytes.readUInt32LE(next);
  if (flags & 8) next += 4 + bytes.readUInt32LE(next);
  return next;
}
