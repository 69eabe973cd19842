/**
 * Captured records packed into one buffer, so a whole chunk of them crosses to the capture
 * thread as one transferred `ArrayBuffer` (no per-record message, no structured clone of each
 * body). Strings that repeat (endpoint, variant and content-type names) are sent once and then
 * referred to by their index in a table both sides grow in the same order.
 *
 * A record is: u16 endpoint, u16 variant, u8 flags (1 input, 2 output, 4 inferenceId, 8 eventId),
 * f64 inferenceTime (ms), then for each side present u16 content type + u32 length + bytes, then
 * each id present as u32 length + UTF-8. Numbers are little-endian.
 */
import type { CaptureRecord } from './capture-sink.js';

const INPUT = 1;
const OUTPUT = 2;
const INFERENCE_ID = 4;
const EVENT_ID = 8;

/** The sender's half of the string table: `index` adds a string it has not seen to `added`. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  added: string[] = [];

  index(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      if (id >= 0xfffe) throw new RangeError('more than 65,534 distinct capture names');
      this.ids.set(text, id);
      this.added.push(text);
    }
    return id;
  }

  /** Takes back the last `count` strings added (they never reached the other side). */
  forget(count: number): void {
    for (let i = 0; i < count; i++) this.ids.delete([...this.ids.keys()].pop() as string);
  }

  /** The strings added since the last call. */
  takeAdded(): string[] {
    const added = this.added;
    this.added = [];
    return added;
  }
}

/** The bytes `writeRecord` takes for `r`. */
export function recordSize(r: CaptureRecord): number {
  let size = 13;
  if (r.input) size += 6 + r.input.body.length;
  if (r.output) size += 6 + r.output.body.length;
  if (r.inferenceId !== undefined) size += 4 + Buffer.byteLength(r.inferenceId);
  if (r.eventId !== undefined) size += 4 + Buffer.byteLength(r.eventId);
  return size;
}

/**
 * Writes `r` at `at` (with `recordSize(r)` bytes free there) through a DataView and typed-array
 * copies (Buffer's write methods check every argument on every call); returns the offset after
 * it. Its names must already be in `table` (`StringTable.index` before the write).
 */
export function writeRecord(view: DataView, bytes: Uint8Array, at: number, r: CaptureRecord, table: StringTable): number {
  view.setUint16(at, table.index(r.endpointName), true);
  view.setUint16(at + 2, table.index(r.variantName), true);
  const flags =
    (r.input ? INPUT : 0) |
    (r.output ? OUTPUT : 0) |
    (r.inferenceId !== undefined ? INFERENCE_ID : 0) |
    (r.eventId !== undefined ? EVENT_ID : 0);
  view.setUint8(at + 4, flags);
  view.setFloat64(at + 5, r.inferenceTime.getTime(), true);
  let next = at + 13;
  if (r.input) next = writeSide(view, bytes, next, r.input, table);
  if (r.output) next = writeSide(view, bytes, next, r.output, table);
  if (r.inferenceId !== undefined) next = writeText(view, bytes, next, r.inferenceId);
  if (r.eventId !== undefined) next = writeText(view, bytes, next, r.eventId);
  return next;
}

function writeSide(view: DataView, bytes: Uint8Array, at: number, s: Side, table: StringTable): number {
  view.setUint16(at, table.index(s.contentType), true);
  view.setUint32(at + 2, s.body.length, true);
  bytes.set(s.body, at + 6);
  return at + 6 + s.body.length;
}

function writeText(view: DataView, bytes: Uint8Array, at: number, text: string): number {
  const { written } = encoder.encodeInto(text, bytes.subarray(at + 4));
  view.setUint32(at, written, true);
  return at + 4 + written;
}

type Side = NonNullable<CaptureRecord['input']>;

/** Packs `records` into a buffer of its own (a transferable `ArrayBuffer`, not node's shared pool). */
export function packRecords(records: readonly CaptureRecord[], table: StringTable): ArrayBuffer {
  let size = 0;
  for (const r of records) size += recordSize(r);
  const buffer = new ArrayBuffer(size);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  let at = 0;
  for (const r of records) at = writeRecord(view, bytes, at, r, table);
  return buffer;
}

const encoder = new TextEncoder();

/** The records in `buffer`; bodies are views into it (no copy). `strings` is the receiver's whole table. */
export function unpackRecords(buffer: ArrayBuffer | Buffer, strings: readonly string[]): CaptureRecord[] {
  const bytes = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer);
  const records: CaptureRecord[] = [];
  let at = 0;
  const side = () => {
    const contentType = strings[bytes.readUInt16LE(at)] as string;
    const length = bytes.readUInt32LE(at + 2);
    at += 6 + length;
    return { contentType, body: bytes.subarray(at - length, at) };
  };
  const text = () => {
    const length = bytes.readUInt32LE(at);
    at += 4 + length;
    return bytes.toString('utf8', at - length, at);
  };
  while (at < bytes.length) {
    const endpointName = strings[bytes.readUInt16LE(at)] as string;
    const variantName = strings[bytes.readUInt16LE(at + 2)] as string;
    const flags = bytes.readUInt8(at + 4);
    const inferenceTime = new Date(bytes.readDoubleLE(at + 5));
    at += 13;
    const input = flags & INPUT ? side() : undefined;
    const output = flags & OUTPUT ? side() : undefined;
    const inferenceId = flags & INFERENCE_ID ? text() : undefined;
    const eventId = flags & EVENT_ID ? text() : undefined;
    records.push({ endpointName, variantName, eventId, inferenceId, inferenceTime, input, output });
  }
  return records;
}
