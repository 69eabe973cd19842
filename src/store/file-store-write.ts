/** The write half of the file store: temp file in, atomic rename, empty folders out. */
import type { Stats } from 'node:fs';
import { mkdir, open, rename, rmdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileSink } from '../core/file-sink.js';
import { type FileDigest, Sha256Tap, sha256, sha256Handle } from '../core/hash.js';
import type { PutData } from './artifact-store.js';
import { isInside } from './contained-path.js';
import { errnoCode, keyConflict } from './store-errors.js';

const FOLDER_ATTEMPTS = 5;

/** A finished temp file: its digest and its stats (identity and mtime for the checksum record). */
export interface Written {
  readonly digest: FileDigest;
  readonly stats: Stats;
}

/** Writes `put` data to a new temp file, hashing it on the way in. */
export async function writeData(tmp: string, data: PutData): Promise<Written> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      return { digest: { sha256: sha256(bytes), size: bytes.length }, stats: await handle.stat() };
    } finally {
      await handle.close();
    }
  }
  const tap = new Sha256Tap();
  await pipeline(data, tap, fileSink(tmp, { flags: 'wx' }));
  return { digest: tap.result(), stats: await stat(tmp) };
}

/** Digest and stats of a file through one handle, so both describe the same file. */
export async function hashWithStats(path: string): Promise<Written> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    return { digest: await sha256Handle(handle, stats.size), stats };
  } finally {
    await handle.close();
  }
}

/**
 * Renames a finished temp file over the key's entry, creating its folders; a rename is atomic, so
 * readers see the old object or the new one.
 */
export async function commitRename(tmp: string, entry: string, key: string, uri: string): Promise<void> {
  try {
    await inFolder(dirname(entry), () => rename(tmp, entry));
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EISDIR' || code === 'ENOTEMPTY') throw keyConflict(key, uri, 'it is a folder of other keys');
    if (code === 'ENOTDIR' || code === 'EEXIST') throw keyConflict(key, uri, 'one of its folders is an object');
    throw err;
  }
}

/**
 * Runs `op`, which writes into `folder`; if the folder is missing, creates it and runs `op` again.
 * Trying first saves a `mkdir` per file when the folder exists, the common case; the retries cover
 * a concurrent delete removing the folder, emptied, between our `mkdir` and `op`.
 */
export async function inFolder<T>(folder: string, op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' || attempt >= FOLDER_ATTEMPTS) throw err;
      await mkdir(folder, { recursive: true });
    }
  }
}

/** Removes folders left empty by a delete, up to (not including) the root; S3 has no folders either. */
export async function pruneEmptyFolders(folder: string, realRoot: string): Promise<void> {
  for (let dir = folder; dir !== realRoot && isInside(realRoot, dir); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty (or already gone): nothing above it can be empty
    }
  }
}
