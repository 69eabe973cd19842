/**
 * A captured record as bytes, as the request path writes it into the capture ring
 * (`capture-ring.ts`) and the capture thread reads it (`packed-record.ts`): no object crosses the
 * thread, no structured clone of a body. Strings that repeat (endpoint, variant and content-type
 * names) are sent once and then referred to by their index in a table both sides grow in the
 * same order.
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

const encoder = new TextEncoder();
