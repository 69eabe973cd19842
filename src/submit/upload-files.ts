/**
 * The local files a compiled pipeline needs (code, data), copied to the URIs its definition
 * names: what a submission to a local cloud (a Godwit server at `--endpoint`) does before
 * CreatePipeline, so the run it starts finds its scripts in that server's S3.
 */
import { resolve } from 'node:path';
import type { Upload } from '../compile/target.js';
import { objectIn, type StoreOptions } from '../store/index.js';
import { makeBucket } from '../store/storage-ops.js';

export interface UploadTarget {
  /** The pipeline file's folder: uploads' `local` paths are relative to it. */
  readonly baseDir: string;
  readonly store: StoreOptions;
}

/** Uploads each file, making its bucket first when missing; returns the URIs written. */
export async function uploadFiles(uploads: readonly Upload[], to: UploadTarget): Promise<string[]> {
  const buckets = new Set<string>();
  const done: string[] = [];
  for (const u of uploads) {
    const bucket = /^s3:\/\/([^/]+)/.exec(u.uri)?.[1];
    if (bucket && !buckets.has(bucket)) {
      await makeBucket(`s3://${bucket}`, { ...to.store, baseDir: to.baseDir });
      buckets.add(bucket);
    }
    const { store, key } = await objectIn(u.uri, to.store);
    await store.putFile(key, resolve(to.baseDir, u.local));
    done.push(u.uri);
  }
  return done;
}
