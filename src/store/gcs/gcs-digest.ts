/**
 * The digests an upload to GCS carries: the SHA-256 Godwit keeps in the object's metadata, and
 * the MD5 sent as the resource's `md5Hash`, which GCS checks against the bytes it received before
 * it creates the object. A damaged upload is then refused by the server and the previous version
 * stays (the client's own CRC32C check comes after the object exists, and deletes it).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface UploadDigest {
  readonly sha256: string;
  readonly size: number;
  /** Base64, as the JSON API writes `md5Hash`. */
  readonly md5: string;
}

/** Hashes what passes through it, unchanged. */
export class DigestTap extends Transform {
  private readonly sha = createHash('sha256');
  private readonly md5 = createHash('md5');
  private size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sha.update(chunk);
    this.md5.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  /** Call once, after the stream has ended. */
  result(): UploadDigest {
    return { sha256: this.sha.digest('hex'), size: this.size, md5: this.md5.digest('base64') };
  }
}

export function digestOf(bytes: Uint8Array): UploadDigest {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    md5: createHash('md5').update(bytes).digest('base64'),
  };
}

/** Both digests of a local file in one read. */
export async function digestFile(path: string): Promise<UploadDigest> {
  const tap = new DigestTap();
  await pipeline(createReadStream(path), tap, new Writable({ write: (_c, _e, done) => done() }));
  return tap.result();
}
