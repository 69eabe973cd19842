import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3ErrorFactory } from './s3-body-error.js';

/**
 * The S3 implementation behind the door: s3rver's Koa app over a folder, without its own HTTP
 * server (Godwit's server has the one port). This file is the only one that loads s3rver, and it
 * is loaded on the first S3 request. What s3rver's `run()` does besides listening is done here:
 * the folder is created (s3rver lists buckets by reading it); no buckets are configured.
 *
 * Two of s3rver's store methods are replaced, because it writes an upload straight onto the
 * object's file and ignores an error of the body stream (its promise then never settles): a body
 * the door refuses (`BadDigest`) would leave a truncated object in place of the old one and a
 * request that never ends. Here an object or part is written to a temporary file beside it and
 * renamed over it only once the whole body has arrived and passed its checks.
 */
export interface S3Engine {
  /** Answers one request on node's response; resolves once the answer is under way. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Makes s3rver's own error, which it answers as S3's XML error with its status. */
  readonly errorOf: S3ErrorFactory;
}

interface S3rverObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: NodeJS.ReadableStream | Buffer;
  readonly metadata: Record<string, unknown>;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
}

interface S3rverApp {
  store: FilesystemStore;
  context: { store: FilesystemStore };
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  on(event: 'error', listener: (err: Error & { status?: number }, ctx: { req: IncomingMessage }) => void): void;
}

type S3ErrorClass = new (code: string, message: string) => Error & { status: number };

/** Statuses of S3 errors s3rver's table lacks. */
const EXTRA_STATUSES: Readonly<Record<string, number>> = { XAmzContentSHA256Mismatch: 400 };

export async function openS3rver(directory: string, logError: (err: unknown, req: IncomingMessage) => void): Promise<S3Engine> {
  const require = createRequire(import.meta.url);
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverApp;
  const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;
  const Store = require('s3rver/lib/stores/filesystem') as new (directory: string) => FilesystemStore;
  await mkdir(directory, { recursive: true });
  // `silent`: s3rver's own request log would print query strings (presigned signatures) to stdout.
  const app = new S3rver({ directory, silent: true, allowMismatchedSignatures: true, vhostBuckets: false });
  app.store = app.context.store = new (atomicStore(Store))(directory);
  // Koa reports every error here; those S3 answers in XML (4xx) are the caller's, not the log's.
  app.on('error', (err, ctx) => {
    if (!(err instanceof S3Error) || err.status >= 500) logError(err, ctx.req);
  });
  const handle = app.callback();
  return {
    handle,
    errorOf: (code, message) => {
      const err = new S3Error(code, message);
      if (EXTRA_STATUSES[code]) err.status = EXTRA_STATUSES[code];
      return err;
    },
  };
}

function atomicStore(Store: new (directory: string) => FilesystemStore) {
  return class AtomicFilesystemStore extends Store {
    async putObject(object: S3rverObject): Promise<{ size: number; md5: string }> {
      const path = this.getResourcePath(object.bucket, object.key, 'object');
      const written = await writeAtomically(path, object.content);
      await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
      return written;
    }

    async putPart(bucket: string, uploadId: string, partNumber: number, content: NodeJS.ReadableStream) {
      const path = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
      const written = await writeAtomically(path, content);
      await writeFile(`${path}.md5`, written.md5);
      return written;
    }
  };
}

/**
 * Writes `content` to `path` through a temporary file renamed over it at the end, counting and
 * hashing (MD5, S3's ETag) as it goes. If the content stream fails, the temporary file is removed
 * and `path` is left as it was; the stream's error is thrown.
 */
async function writeAtomically(path: string, content: NodeJS.ReadableStream | Buffer): Promise<{ size: number; md5: string }> {
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
      await pipeline(content, count, createWriteStream(temporary));
    }
    await rename(temporary, path);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
  return { size, md5: md5.digest('hex') };
}
