import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileSink } from '../../../core/file-sink.js';
import { KeyLock } from './key-lock.js';

/**
 * s3rver's folder store made to replace objects as S3 does: a reader sees an object's old
 * version whole or its new version whole, never a mix.
 *
 * s3rver keeps an object as three files (data, metadata.json, md5), writes its upload straight
 * onto the data file, ignores an error of the body stream (its promise then never settles), and
 * answers a GET by stat-ing the data file, reading the metadata, then opening the data by name.
 * Here:
 * - an object or part is written to a temporary file beside it, renamed over it only once the
 *   whole body has arrived and passed the door's checks (a refused body leaves the old object);
 * - the commit (rename the data, write its metadata and md5) and a read's snapshot (open the
 *   data file, read its size and metadata) hold the object's lock, so they never interleave;
 * - a read then streams from the file it opened: a later rename or delete gives the name to a new
 *   file and leaves the open one, the version the metadata describes, untouched. No lock is held
 *   while a body streams, so a slow client never holds up a writer.
 * Copies are a snapshot read followed by an ordinary put (s3rver copied onto the file in place).
 */
export interface S3rverClasses {
  readonly Store: new (directory: string) => FilesystemStore;
  readonly S3Object: new (bucket: string, key: string, content: NodeJS.ReadableStream | null, metadata: Metadata) => S3rverObject;
  readonly S3Error: new (code: string, message: string, detail?: Record<string, unknown>) => Error;
}

type Metadata = Record<string, unknown>;

export interface S3rverObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: NodeJS.ReadableStream | Buffer | null;
  readonly metadata: Metadata;
  range?: { start: number; end: number };
}

export interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Metadata>;
  putMetadata(bucket: string, key: string, metadata: Metadata, md5?: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

interface ByteRange {
  start?: number;
  end?: number;
}

export function atomicStore({ Store, S3Object, S3Error }: S3rverClasses): new (directory: string) => FilesystemStore {
  return class AtomicFilesystemStore extends Store {
    private readonly locks = new KeyLock();

    override async getMetadata(bucket: string, key: string): Promise<Metadata> {
      return this.locks.with(`${bucket}/${key}`, () => super.getMetadata(bucket, key));
    }

    async getObject(bucket: string, key: string, options?: ByteRange): Promise<S3rverObject | null> {
      const path = this.getResourcePath(bucket, key, 'object');
      const snapshot = await this.locks.with(`${bucket}/${key}`, async () => {
        const file = await open(path, 'r').catch(orMissing);
        if (!file) return undefined;
        try {
          return { file, metadata: await super.getMetadata(bucket, key) };
        } catch (err) {
          await file.close();
          return orMissing(err);
        }
      });
      if (!snapshot) return null;
      const { file, metadata } = snapshot;
      // s3rver's range rules, unchanged, on the snapshot's size.
      const lastByte = Math.max(0, Number(metadata['content-length']) - 1);
      const range = { start: options?.start || 0, end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte) };
      const satisfiable = range.start >= 0 && range.end >= range.start;
      const content = satisfiable ? file.createReadStream({ start: range.start, end: range.end }) : null;
      if (!content) await file.close();
      try {
        const object = new S3Object(bucket, key, content, metadata);
        if (options && (options.start !== undefined || options.end)) object.range = range;
        return object;
      } catch (err) {
        content?.destroy();
        throw err;
      }
    }

    async putObject(object: S3rverObject): Promise<{ size: number; md5: string }> {
      const path = this.getResourcePath(object.bucket, object.key, 'object');
      const written = await writeTemporary(path, object.content ?? Buffer.alloc(0));
      try {
        await this.locks.with(`${object.bucket}/${object.key}`, async () => {
          await rename(written.temporary, path);
          await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
        });
      } catch (err) {
        await unlink(written.temporary).catch(() => undefined);
        throw err;
      }
      return { size: written.size, md5: written.md5 };
    }

    async copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacement?: Metadata) {
      const source = await this.getObject(srcBucket, srcKey);
      if (!source?.content) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: srcKey });
      await this.putObject({
        bucket: destBucket,
        key: destKey,
        content: source.content,
        metadata: replacement ?? source.metadata,
      });
      return this.getMetadata(destBucket, destKey);
    }

    override async deleteObject(bucket: string, key: string): Promise<void> {
      await this.locks.with(`${bucket}/${key}`, () => super.deleteObject(bucket, key));
    }

    async putPart(bucket: string, uploadId: string, partNumber: number, content: NodeJS.ReadableStream) {
      const path = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
      const written = await writeTemporary(path, content);
      await rename(written.temporary, path).catch(async (err) => {
        await unlink(written.temporary).catch(() => undefined);
        throw err;
      });
      await writeFile(`${path}.md5`, written.md5);
      return { size: written.size, md5: written.md5 };
    }
  };
}

/** `undefined` for a file that is not there (the object does not exist); any other error is thrown. */
function orMissing(err: unknown): undefined {
  if ((err as { code?: string }).code === 'ENOENT') return undefined;
  throw err;
}

/**
 * Writes `content` to a temporary file beside `path`, counting and hashing (MD5, S3's ETag) as it
 * goes. If the content stream fails, the temporary file is removed and the stream's error thrown.
 */
async function writeTemporary(
  path: string,
  content: NodeJS.ReadableStream | Buffer,
): Promise<{ temporary: string; size: number; md5: string }> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.incoming`;
  const md5 = createHash('md5');
  let size = 0;
  try {
    if (Buffer.isBuffer(content)) {
      md5.update(content);
      size = content.length;
      await writeFile(temporary, content);
    } else {
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          md5.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(content, count, fileSink(temporary));
    }
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
  return { temporary, size, md5: md5.digest('hex') };
}
