/**
 * Turning `put` data into something whose SHA-256 is known before the first byte goes to S3: the
 * digest travels as user metadata, which S3 fixes when an upload starts. Bytes are hashed where
 * they are; a stream is read up to one part into memory and, if it goes on, spooled to a temp
 * file while it is hashed, so it is never whole in memory and a stream that fails midway never
 * reaches S3 (the previous version stays).
 */
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipe, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type FileDigest, Sha256Tap, sha256, sha256File } from '../../core/hash.js';
import type { PutData } from '../artifact-store.js';

/** Content ready to upload: in memory, or a local file (and what to remove when done). */
export type UploadBody =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly digest: FileDigest }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly digest: FileDigest;
      /** The file's identity and timestamp when it was hashed. */
      readonly stamp: string;
      readonly dispose: () => Promise<void>;
    };

const stampOf = (s: Stats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;

/** Hashes `data`; streams longer than `inMemoryLimit` bytes go to a temp file. */
export async function bodyOf(data: PutData, inMemoryLimit: number): Promise<UploadBody> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return { kind: 'bytes', bytes, digest: { sha256: sha256(bytes), size: bytes.length } };
  }
  const iterator = (data as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  while (size <= inMemoryLimit) {
    const next = await iterator.next();
    if (next.done) {
      const bytes = Buffer.concat(head, size);
      return { kind: 'bytes', bytes, digest: { sha256: sha256(bytes), size } };
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : asBuffer(next.value);
    head.push(chunk);
    size += chunk.length;
  }
  return spool(head, iterator);
}

/** A local file as an upload body, hashed first (the upload's read then comes from the page cache). */
export async function fileBody(path: string): Promise<UploadBody & { kind: 'file' }> {
  const stamp = stampOf(await stat(path));
  return { kind: 'file', path, digest: await sha256File(path), stamp, dispose: async () => {} };
}

/**
 * The bytes, or a read stream over the file that fails at its end if the file no longer has the
 * size and timestamp it had when it was hashed: the upload then aborts before S3 completes it,
 * so no object is stored under a digest it does not have.
 */
export function streamOf(body: UploadBody): Uint8Array | Readable {
  if (body.kind === 'bytes') return body.bytes;
  const guard = new Transform({
    transform: (chunk, _encoding, done) => done(null, chunk),
    flush: (done) => {
      stat(body.path).then(
        (after) => done(stampOf(after) === body.stamp ? null : new Error(`${body.path} changed while it was uploaded`)),
        done,
      );
    },
  });
  return pipe(createReadStream(body.path, { highWaterMark: 1024 * 1024 }), guard, () => {}) as Transform;
}

async function spool(head: Buffer[], rest: AsyncIterator<Uint8Array | string>): Promise<UploadBody> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-s3-spool-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'body');
    const tap = new Sha256Tap();
    async function* all() {
      yield* head;
      for (let next = await rest.next(); !next.done; next = await rest.next())
        yield typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    }
    await pipeline(all, tap, createWriteStream(path, { flags: 'wx' }));
    return { kind: 'file', path, digest: tap.result(), stamp: stampOf(await stat(path)), dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

const asBuffer = (v: Uint8Array): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));
