import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { type ChunkSignatureChain, TRAILER_SIGNATURE } from '../../auth/chunk-signatures.js';
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
 * Framing may be split anywhere across reads. Malformed framing is an S3 `InvalidRequest`, a body
 * that ends early or disagrees with `x-amz-decoded-content-length` an `IncompleteBody`.
 *
 * Given the request's `ChunkSignatureChain` (a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD…` body from an
 * authenticated principal), every chunk's `chunk-signature` is verified as its data ends, the
 * final empty chunk's and the trailers' too: a missing or wrong one fails the stream with
 * `SignatureDoesNotMatch` (403) before its end, so the store, which commits an object only once
 * its body has ended cleanly, keeps nothing of it. A chunk's data is passed on as it arrives,
 * before its signature can be checked: the data is never held, whatever the chunk size.
 * Without a chain (a home with no principals) signatures are not checked, as no signature is.
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
  readonly #chain: ChunkSignatureChain | undefined;
  /** The current chunk's claimed signature and its data's running hash (signed bodies only). */
  #claimed = '';
  #hash: Hash | undefined;
  /** A signature to verify before reading on: set when a chunk or the trailers end. */
  #due: { readonly kind: 'chunk'; readonly sha256: string } | { readonly kind: 'trailers' } | undefined;

  constructor(options: { decodedLength?: number; errorOf?: S3ErrorFactory; signatures?: ChunkSignatureChain } = {}) {
    super();
    this.#expectedLength = options.decodedLength;
    this.#errorOf = options.errorOf ?? s3BodyError;
    this.#chain = options.signatures;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.#chain) {
      this.#signedTransform(chunk).then(() => done(), done);
      return;
    }
    try {
      let at = 0;
      while (at < chunk.length) at = this.#step(chunk, at);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /** The same, stopping to verify each signature as its chunk (or the trailers) ends. */
  async #signedTransform(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      at = this.#step(chunk, at);
      if (this.#due) await this.#verifyDue();
    }
  }

  async #verifyDue(): Promise<void> {
    const due = this.#due;
    const chain = this.#chain;
    this.#due = undefined;
    if (!due || !chain) return;
    if (due.kind === 'chunk') {
      if (!(await chain.chunk(due.sha256, this.#claimed))) throw this.#badSignature('a chunk-signature');
      return;
    }
    const claimed = this.trailers.get(TRAILER_SIGNATURE);
    if (claimed === undefined) throw this.#badSignature('the trailers, which have no x-amz-trailer-signature,');
    if (!(await chain.trailers(this.trailers, claimed))) throw this.#badSignature('the x-amz-trailer-signature');
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
        const data = at === 0 && n === chunk.length ? chunk : chunk.subarray(at, at + n);
        this.#hash?.update(data);
        this.push(data);
        this.#remaining -= n;
        if (this.#remaining === 0) {
          this.#state = 'crlf';
          if (this.#hash) this.#due = { kind: 'chunk', sha256: this.#hash.digest('hex') };
        }
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
    if (this.#chain) {
      const signature = CHUNK_SIGNATURE.exec(m[2] ?? '');
      if (!signature) throw this.#badSignature(`chunk ${line.slice(0, 40)}, which has no chunk-signature,`);
      this.#claimed = signature[1];
      this.#hash = size === 0 ? undefined : createHash('sha256');
      if (size === 0) this.#due = { kind: 'chunk', sha256: EMPTY_SHA256 };
    }
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
      if (this.#chain?.trailer) this.#due = { kind: 'trailers' };
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

  #badSignature(what: string): Error {
    return this.#errorOf(
      'SignatureDoesNotMatch',
      `The request signature we calculated does not match the signature you provided: ${what} does not sign the aws-chunked body as sent. Check your AWS Secret Access Key and signing method.`,
    );
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
const SIZE_LINE = /^([0-9a-fA-F]{1,10})(;.*)?$/;
const CHUNK_SIGNATURE = /(?:^|;)chunk-signature=([0-9a-f]{64})(?:;|$)/;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
