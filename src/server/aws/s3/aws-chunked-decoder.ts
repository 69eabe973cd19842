import { Transform, type TransformCallback } from 'node:stream';
import { type S3ErrorFactory, s3BodyError } from './s3-body-error.js';

/**
 * Decodes an `aws-chunked` request body, the framing the AWS SDKs use for streamed uploads
 * (`Content-Encoding: aws-chunked`, `x-amz-content-sha256: STREAMING-…`):
 *
 * ```
 * 10000;chunk-signature=<64 hex>\r\n   (";chunk-signature=…" only in the signed forms)
 * <0x10000 bytes>\r\n
 * …
 * 0\r\n
 * x-amz-checksum-crc32:sOO8/Q==\r\n     (trailers: only in the …-TRAILER forms)
 * x-amz-trailer-signature:<64 hex>\r\n
 * \r\n
 * ```
 *
 * It passes on the payload bytes only, streaming (a chunk's data is handed on as slices of the
 * buffers read, never gathered), and keeps the trailers for the checksum check that follows it.
 * Framing may be split anywhere across reads. Chunk and trailer signatures are not verified, as
 * no signature is while the server binds loopback. Malformed framing is an S3 `InvalidRequest`,
 * a body that ends early or disagrees with `x-amz-decoded-content-length` an `IncompleteBody`.
 */
export class AwsChunkedDecoder extends Transform {
  /** Trailer values by lower-case name, complete once the stream has ended. */
  readonly trailers = new Map<string, string>();
  /** Payload bytes passed on so far. */
  decoded = 0;
  readonly #expectedLength: number | undefined;
  readonly #errorOf: S3ErrorFactory;
  #state: 'size' | 'data' | 'crlf' | 'trailer' | 'done' = 'size';
  #line = '';
  #remaining = 0;
  #crlfSeen = 0;
  #trailerBytes = 0;

  constructor(options: { decodedLength?: number; errorOf?: S3ErrorFactory } = {}) {
    super();
    this.#expectedLength = options.decodedLength;
    this.#errorOf = options.errorOf ?? s3BodyError;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let at = 0;
      while (at < chunk.length) at = this.#step(chunk, at);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.#state !== 'done') {
      done(this.#errorOf('IncompleteBody', 'The aws-chunked request body ended before its final chunk.'));
    } else if (this.#expectedLength !== undefined && this.decoded !== this.#expectedLength) {
      done(this.#lengthError());
    } else {
      done();
    }
  }

  /** Consumes what the current state can from `chunk` at `at`; returns where it stopped. */
  #step(chunk: Buffer, at: number): number {
    switch (this.#state) {
      case 'data': {
        const n = Math.min(this.#remaining, chunk.length - at);
        this.decoded += n;
        if (this.#expectedLength !== undefined && this.decoded > this.#expectedLength) throw this.#lengthError();
        this.push(at === 0 && n === chunk.length ? chunk : chunk.subarray(at, at + n));
        this.#remaining -= n;
        if (this.#remaining === 0) this.#state = 'crlf';
        return at + n;
      }
      case 'crlf':
        if (chunk[at] !== (this.#crlfSeen === 0 ? 0x0d : 0x0a)) throw this.#malformed('chunk data is not followed by CRLF');
        if (++this.#crlfSeen === 2) {
          this.#crlfSeen = 0;
          this.#state = 'size';
        }
        return at + 1;
      case 'done':
        throw this.#malformed('bytes follow the final chunk');
      default:
        return this.#readLine(chunk, at);
    }
  }

  /** Gathers a size or trailer line (lines are short: at most a few hundred bytes). */
  #readLine(chunk: Buffer, at: number): number {
    const end = chunk.indexOf(0x0a, at);
    const stop = end < 0 ? chunk.length : end;
    this.#line += chunk.toString('latin1', at, stop);
    if (this.#line.length > MAX_LINE) throw this.#malformed('a chunk header or trailer line is over 4 KiB');
    if (end < 0) return chunk.length;
    if (!this.#line.endsWith('\r')) throw this.#malformed('a line ends with LF, not CRLF');
    const line = this.#line.slice(0, -1);
    this.#line = '';
    if (this.#state === 'size') this.#sizeLine(line);
    else this.#trailerLine(line);
    return end + 1;
  }

  #sizeLine(line: string): void {
    const m = SIZE_LINE.exec(line);
    if (!m) throw this.#malformed(`"${line.slice(0, 40)}" is not a chunk size line`);
    const size = Number.parseInt(m[1], 16);
    if (size === 0) {
      this.#state = 'trailer';
      return;
    }
    this.#remaining = size;
    this.#state = 'data';
  }

  #trailerLine(line: string): void {
    if (line === '') {
      this.#state = 'done';
      return;
    }
    this.#trailerBytes += line.length;
    const colon = line.indexOf(':');
    if (colon <= 0 || this.#trailerBytes > MAX_LINE) throw this.#malformed(`"${line.slice(0, 40)}" is not a trailer`);
    this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }

  #malformed(what: string): Error {
    return this.#errorOf('InvalidRequest', `The aws-chunked request body is malformed: ${what}.`);
  }

  #lengthError(): Error {
    return this.#errorOf(
      'IncompleteBody',
      `The aws-chunked body holds ${this.decoded}${this.decoded > (this.#expectedLength ?? 0) ? ' or more' : ''} bytes; x-amz-decoded-content-length says ${this.#expectedLength}.`,
    );
  }
}

const MAX_LINE = 4096;
/** A hex size of at most 10 digits (1 TiB), then optional chunk extensions (`;chunk-signature=…`). */
const SIZE_LINE = /^([0-9a-fA-F]{1,10})(?:;.*)?$/;
