import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { atomicStore, type FilesystemStore, type S3rverClasses } from './atomic-object-store.js';
import type { S3ErrorFactory } from './s3-body-error.js';

/**
 * The S3 implementation behind the door: s3rver's Koa app over a folder, without its own HTTP
 * server (Godwit's server has the one port). This file is the only one that loads s3rver, and it
 * is loaded on the first S3 request. What s3rver's `run()` does besides listening is done here:
 * the folder is created (s3rver lists buckets by reading it); no buckets are configured.
 *
 * s3rver's folder store is replaced by `atomicStore`'s, which replaces objects whole as S3 does
 * (a refused body leaves the old object; a reader racing a writer sees one version whole).
 */
export interface S3Engine {
  /** Answers one request on node's response; resolves once the answer is under way. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Makes s3rver's own error, which it answers as S3's XML error with its status. */
  readonly errorOf: S3ErrorFactory;
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
  const classes: S3rverClasses = {
    Store: require('s3rver/lib/stores/filesystem'),
    S3Object: require('s3rver/lib/models/object'),
    S3Error,
  };
  await mkdir(directory, { recursive: true });
  // `silent`: s3rver's own request log would print query strings (presigned signatures) to stdout.
  const app = new S3rver({ directory, silent: true, allowMismatchedSignatures: true, vhostBuckets: false });
  app.store = app.context.store = new (atomicStore(classes))(directory);
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
