/**
 * A capture record left in its packed bytes (`record-packing.ts`'s layout), as the capture thread
 * reads it from the ring: its names and time are read once, everything else stays where it is.
 * `CaptureLines` writes its line straight from those bytes; the sides and ids are read only if
 * something asks (`input`, `output`, …). On the capture thread, a record object with two body
 * views was ~2 µs per request in object and view making and the garbage collection of records
 * that wait up to a second for their batch (bench/serving).
 */
import type { CaptureRecord } from './capture-sink.js';

export class PackedRecord implements CaptureRecord {
  readonly endpointName: string;
  readonly variantName: string;
  readonly inferenceTime: Date;

  /** The record at `at` in `bytes`; `strings` is the receiver's table of names. */
  constructor(
    readonly bytes: Buffer,
    readonly at: number,
    readonly strings: readonly string[],
  ) {
    this.endpointName = strings[bytes.readUInt16LE(at)] as string;
    this.variantName = strings[bytes.readUInt16LE(at + 2)] as string;
    this.inferenceTime = new Date(bytes.readDoubleLE(at + 5));
  }

  /** Where its input side (flag 1), output side (2), inference id (4), event id (8) and end are; -1 if absent. */
  layout(): Layout {
    const b = this.bytes;
    const flags = b[this.at + 4] as number;
    let at = this.at + 13;
    let input = -1;
    let output = -1;
    let inferenceId = -1;
    let eventId = -1;
    if (flags & 1) {
      input = at;
      at += 6 + b.readUInt32LE(at + 2);
    }
    if (flags & 2) {
      output = at;
      at += 6 + b.readUInt32LE(at + 2);
    }
    if (flags & 4) {
      inferenceId = at;
      at += 4 + b.readUInt32LE(at);
    }
    if (flags & 8) {
      eventId = at;
      at += 4 + b.readUInt32LE(at);
    }
    return { input, output, inferenceId, eventId, end: at };
  }

  get input(): CaptureRecord['input'] {
    return this.side(this.layout().input);
  }

  get output(): CaptureRecord['output'] {
    return this.side(this.layout().output);
  }

  get inferenceId(): string | undefined {
    return this.text(this.layout().inferenceId);
  }

  get eventId(): string | undefined {
    return this.text(this.layout().eventId);
  }

  /** A side's content type, at `at` (from `layout`). */
  contentType(at: number): string {
    return this.strings[this.bytes.readUInt16LE(at)] as string;
  }

  /** A side's body length, at `at` (its bytes follow at `at + 6`). */
  bodyLength(at: number): number {
    return this.bytes.readUInt32LE(at + 2);
  }

  /** An id's text, at `at`, or undefined for -1. */
  text(at: number): string | undefined {
    return at < 0 ? undefined : this.bytes.toString('utf8', at + 4, at + 4 + this.bytes.readUInt32LE(at));
  }

  private side(at: number): CaptureRecord['input'] {
    if (at < 0) return undefined;
    return { contentType: this.contentType(at), body: this.bytes.subarray(at + 6, at + 6 + this.bodyLength(at)) };
  }
}

export interface Layout {
  readonly input: number;
  readonly output: number;
  readonly inferenceId: number;
  readonly eventId: number;
  readonly end: number;
}

/** The records in `bytes` (whole records, back to back), appended to `into`. */
export function readPacked(bytes: Buffer, strings: readonly string[], into: CaptureRecord[]): void {
  for (let at = 0; at < bytes.length; ) {
    const record = new PackedRecord(bytes, at, strings);
    into.push(record);
    at = record.layout().end;
  }
}
