import { createHash, timingSafeEqual } from 'node:crypto';
import { createScope, SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './sigv4-verify.js';

/** `x-amz-content-sha256` of an aws-chunked body whose every chunk is signed. */
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
/** The same, with signed trailers (a checksum) after the last chunk. */
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';

/** SHA-256 of no bytes: the "hash of the chunk's headers" term, chunks having none. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * The chain of signatures of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)` body (AWS, "Transferring
 * Payload in Multiple Chunks" and "Including Trailing Headers"): each chunk's signature signs
 *
 * ```
 * AWS4-HMAC-SHA256-PAYLOAD \n <x-amz-date> \n <scope> \n <previous signature> \n <SHA-256 of ""> \n <SHA-256 of the chunk's data>
 * ```
 *
 * starting from the seed signature (the `Authorization` header's, already verified), the final
 * zero-length chunk included; the trailer's `x-amz-trailer-signature` signs
 *
 * ```
 * AWS4-HMAC-SHA256-TRAILER \n <x-amz-date> \n <scope> \n <last chunk's signature> \n <SHA-256 of "name:value\n" per trailer>
 * ```
 *
 * The string to sign is built here (the SDK builds the chunk one only inside `signEvent`, from the
 * whole chunk in memory; here the data's hash is computed as it streams); the signing key and
 * the HMAC are the AWS SDK's own (`SignatureV4.sign` of a string, `@smithy/signature-v4`).
 * test/server/s3/chunk-signatures.test.ts checks the chunk string against the SDK's `signEvent`.
 */
export class ChunkSignatureChain {
  readonly #signer: SignatureV4;
  readonly #date: Date;
  readonly #longDate: string;
  readonly #scope: string;
  readonly #region: string;
  readonly #service: string;
  #previous: string;
  /** Whether the body ends with signed trailers (`…-PAYLOAD-TRAILER`). */
  readonly trailer: boolean;

  constructor(options: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly date: Date;
    readonly longDate: string;
    readonly region: string;
    readonly service: string;
    readonly seedSignature: string;
    readonly trailer: boolean;
  }) {
    this.#signer = new SignatureV4({
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      region: options.region,
      service: options.service,
      sha256: NodeSha256,
      applyChecksum: false,
    });
    this.#date = options.date;
    this.#longDate = options.longDate;
    this.#region = options.region;
    this.#service = options.service;
    this.#scope = createScope(options.longDate.slice(0, 8), options.region, options.service);
    this.#previous = options.seedSignature;
    this.trailer = options.trailer;
  }

  /** Whether `claimed` signs the next chunk, whose data hashes to `dataSha256` (hex); advances the chain when it does. */
  async chunk(dataSha256: string, claimed: string): Promise<boolean> {
    return this.#check(
      ['AWS4-HMAC-SHA256-PAYLOAD', this.#longDate, this.#scope, this.#previous, EMPTY_SHA256, dataSha256].join('\n'),
      claimed,
    );
  }

  /** Whether `claimed` signs these trailers (lower-case names, trimmed values; the signature itself left out). */
  async trailers(trailers: ReadonlyMap<string, string>, claimed: string): Promise<boolean> {
    const canonical = [...trailers]
      .filter(([name]) => name !== TRAILER_SIGNATURE)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}:${value}\n`)
      .join('');
    const hash = createHash('sha256').update(canonical).digest('hex');
    return this.#check(['AWS4-HMAC-SHA256-TRAILER', this.#longDate, this.#scope, this.#previous, hash].join('\n'), claimed);
  }

  async #check(stringToSign: string, claimed: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(claimed)) return false;
    const expected: string = await this.#signer.sign(stringToSign, {
      signingDate: this.#date,
      signingRegion: this.#region,
      signingService: this.#service,
    });
    if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(claimed, 'hex'))) return false;
    this.#previous = expected;
    return true;
  }
}

/** The trailer that carries the trailers' own signature. */
export const TRAILER_SIGNATURE = 'x-amz-trailer-signature';
