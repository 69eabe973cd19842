/**
 * A batch of capture records as the bytes of its `.jsonl` object: the same lines `captureLine`
 * makes (one per record, each ending in a newline), written straight into one Buffer. This runs
 * for every captured request on the capture thread, and building a string per line, a
 * `JSON.stringify` per body, a joined string and its UTF-8 copy was most of that thread's CPU
 * (bench/serving): here an ASCII body is copied byte for byte (escaping what JSON must), the
 * fixed parts of a line are bytes made once, and event ids are formatted from random bytes drawn
 * a batch at a time. A non-ASCII body or an id given by the caller is encoded as `captureLine`
 * encodes it (`JSON.stringify` of its UTF-8 decoding). `captureLine` stays the readable
 * definition of a line: the tests hold this encoder's bytes to its, and its to AWS's sample.
 */
import { randomFillSync } from 'node:crypto';
import type { CaptureEncoding } from './capture-line.js';
import { inferenceTimeText } from './capture-line.js';
import type { CaptureRecord } from './capture-sink.js';
import { PackedRecord } from './packed-record.js';

type SideParts = { readonly head: Buffer; readonly tail: Buffer; readonly encoding: CaptureEncoding };

/** A batch's bytes and how many lines they hold; `error` is why a record was left out, if one was. */
export interface EncodedBatch {
  readonly body: Buffer;
  readonly lines: number;
  readonly error?: unknown;
}

/** Encodes batches for one config's encodings; `keepInput` / `keepOutput` are its capture modes. */
export class CaptureLines {
  private out = Buffer.allocUnsafeSlow(64 * 1024);
  private at = 0;
  /** Per mode (input, output) and content type: the side's bytes before and after its data, and its encoding. */
  private readonly sides = [new Map<string, SideParts>(), new Map<string, SideParts>()];
  private second = Number.NaN;
  private secondBytes = Buffer.alloc(0);
  private random = Buffer.alloc(0);
  private randomAt = 0;

  constructor(
    private readonly encode: (contentType: string) => CaptureEncoding,
    private readonly keepInput: boolean,
    private readonly keepOutput: boolean,
  ) {}

  /**
   * The object's bytes: each record's line and a newline, in order. A record that cannot be
   * written (not a Buffer body, an invalid date) is left out, and the last such failure is in
   * `error`. The body is valid until the next call (its buffer is reused): the writer stores one
   * batch at a time and is done with it before it encodes the next.
   */
  batch(records: readonly CaptureRecord[]): EncodedBatch {
    this.at = 0;
    let skipped = 0;
    let error: unknown;
    for (const record of records) {
      const start = this.at;
      try {
        this.line(record);
      } catch (err) {
        this.at = start;
        skipped++;
        error = err;
      }
    }
    // Not a copy: the buffer is reused, and a fresh one the size of a batch (a megabyte or more)
    // was the capture thread's largest cost on a VM, where first touching memory is slow.
    const body = this.out.subarray(0, this.at);
    return { body, lines: records.length - skipped, error };
  }

  private line(r: CaptureRecord): void {
    if (r instanceof PackedRecord) {
      this.packedLine(r);
      return;
    }
    const input = this.keepInput ? r.input : undefined;
    const output = this.keepOutput ? r.output : undefined;
    this.ascii('{"captureData":{');
    if (input) this.side('INPUT', input.contentType, bytesOf(input.body, 'input'), 0, input.body.length);
    if (input && output) this.byte(0x2c);
    if (output) this.side('OUTPUT', output.contentType, bytesOf(output.body, 'output'), 0, output.body.length);
    this.metadata(r.eventId, r.inferenceTime, r.inferenceId);
  }

  /** The same line, read from the record's packed bytes without making its sides. */
  private packedLine(r: PackedRecord): void {
    const { input, output, inferenceId, eventId } = r.layout();
    const keepInput = this.keepInput && input >= 0;
    const keepOutput = this.keepOutput && output >= 0;
    this.ascii('{"captureData":{');
    if (keepInput) this.side('INPUT', r.contentType(input), r.bytes, input + 6, input + 6 + r.bodyLength(input));
    if (keepInput && keepOutput) this.byte(0x2c);
    if (keepOutput) this.side('OUTPUT', r.contentType(output), r.bytes, output + 6, output + 6 + r.bodyLength(output));
    this.metadata(r.text(eventId), r.inferenceTime, r.text(inferenceId));
  }

  private metadata(eventId: string | undefined, inferenceTime: Date, inferenceId: string | undefined): void {
    this.ascii('},"eventMetadata":{"eventId":');
    if (eventId === undefined) this.uuid();
    else this.text(JSON.stringify(eventId));
    this.ascii(',"inferenceTime":"');
    this.bytes(this.secondOf(inferenceTime));
    this.byte(0x22);
    if (inferenceId !== undefined) this.text(`,"inferenceId":${JSON.stringify(inferenceId)}`);
    this.ascii('},"eventVersion":"0"}\n');
  }

  /** One side: `body`'s bytes from `start` to `end` are its data. */
  private side(mode: 'INPUT' | 'OUTPUT', contentType: string, body: Buffer, start: number, end: number): void {
    const sides = this.sides[mode === 'INPUT' ? 0 : 1] as Map<string, SideParts>;
    let parts = sides.get(contentType);
    if (parts === undefined) {
      const encoding = this.encode(contentType);
      const name = JSON.stringify(contentType);
      const side = mode === 'INPUT' ? 'endpointInput' : 'endpointOutput';
      parts = {
        head: Buffer.from(`"${side}":{"observedContentType":${name},"mode":"${mode}","data":"`),
        tail: Buffer.from(`","encoding":"${encoding}"}`),
        encoding,
      };
      if (sides.size < 256) sides.set(contentType, parts);
    }
    this.bytes(parts.head);
    if (parts.encoding === 'BASE64') this.ascii(body.toString('base64', start, end));
    else if (!this.escaped(body, start, end)) this.text(JSON.stringify(body.toString('utf8', start, end)).slice(1, -1));
    this.bytes(parts.tail);
  }

  /**
   * Copies an ASCII body as JSON string content, escaping as `JSON.stringify` does; false (having
   * written nothing) for a body with any byte ≥ 0x80, whose UTF-8 decoding is left to node.
   */
  private escaped(body: Buffer, start: number, end: number): boolean {
    this.room((end - start) * 6);
    const out = this.out;
    let at = this.at;
    for (let i = start; i < end; i++) {
      const b = body[i] as number;
      if (b >= 0x80) return false;
      if (b >= 0x20 && b !== 0x22 && b !== 0x5c) out[at++] = b;
      else {
        const short = SHORT[b];
        out[at++] = 0x5c;
        if (short !== 0) out[at++] = short as number;
        else {
          out.write(`u00${b.toString(16).padStart(2, '0')}`, at, 'latin1');
          at += 5;
        }
      }
    }
    this.at = at;
    return true;
  }

  /** A version 4 UUID in quotes, from random bytes drawn 4 KiB at a time. */
  private uuid(): void {
    if (this.randomAt + 16 > this.random.length) {
      this.random = randomFillSync(Buffer.allocUnsafe(4096));
      this.randomAt = 0;
    }
    const r = this.random;
    const i = this.randomAt;
    this.randomAt += 16;
    r[i + 6] = ((r[i + 6] as number) & 0x0f) | 0x40;
    r[i + 8] = ((r[i + 8] as number) & 0x3f) | 0x80;
    this.room(38);
    const out = this.out;
    let at = this.at;
    out[at++] = 0x22;
    for (let k = 0; k < 16; k++) {
      if (k === 4 || k === 6 || k === 8 || k === 10) out[at++] = 0x2d;
      const b = r[i + k] as number;
      out[at++] = HEX[b >> 4] as number;
      out[at++] = HEX[b & 15] as number;
    }
    out[at++] = 0x22;
    this.at = at;
  }

  /** `inferenceTime`'s text: requests come in time order, so the last second's is reused. */
  private secondOf(at: Date): Buffer {
    const second = Math.floor(at.getTime() / 1000);
    if (second !== this.second) {
      this.secondBytes = Buffer.from(inferenceTimeText(at));
      this.second = second;
    }
    return this.secondBytes;
  }

  private room(n: number): void {
    if (this.at + n <= this.out.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.out.length * 2, this.at + n));
    this.out.copy(grown, 0, 0, this.at);
    this.out = grown;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.at++] = b;
  }

  private bytes(b: Buffer): void {
    this.room(b.length);
    this.at += b.copy(this.out, this.at);
  }

  /** Text known to be ASCII (names, digits, base64). */
  private ascii(t: string): void {
    this.room(t.length);
    this.at += this.out.write(t, this.at, 'latin1');
  }

  private text(t: string): void {
    this.room(Buffer.byteLength(t));
    this.at += this.out.write(t, this.at, 'utf8');
  }
}

/** The byte after a backslash for the characters JSON escapes short (0 for `\u00XX`). */
const SHORT = new Uint8Array(0x80);
SHORT[0x08] = 0x62; // \b
SHORT[0x09] = 0x74; // \t
SHORT[0x0a] = 0x6e; // \n
SHORT[0x0c] = 0x66; // \f
SHORT[0x0d] = 0x72; // \r
SHORT[0x22] = 0x22; // \"
SHORT[0x5c] = 0x5c; // \\

const HEX = Buffer.from('0123456789abcdef');

function bytesOf(body: unknown, side: string): Buffer {
  if (!Buffer.isBuffer(body)) throw new TypeError(`the ${side} body is not a Buffer`);
  return body;
}
