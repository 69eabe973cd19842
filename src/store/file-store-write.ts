/** The write half of the file store: temp file in, atomic rename, empty folders out. */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rmdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type FileDigest, Sha256Tap, sha256 } from '../core/hash.js';
import type { PutData } from './artifact-store.js';
import { isInside } from './contained-path.js';
import { errnoCode, keyConflict } from './store-errors.js';

// A concurrent delete may remove an empty parent folder between our mkdir and rename.
const COMMIT_ATTEMPTS = 5;

/** Writes `put` data to a new temp file and returns its digest, hashed on the way in. */
export async function writeData(tmp: string, data: PutData): Promise<FileDigest> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await writeFile(tmp, bytes, { flag: 'wx' });
    return { sha256: sha256(bytes), size: bytes.length };
  }
  const tap = new Sha256Tap();
  await pipeline(data, tap, createWriteStream(tmp, { flags: 'wx' }));
  return tap.result();
}

/**
 * Renames a finished temp file over the key's entry, creating its folders; a rename is atomic, so
 * readers see the old object or the new one.
 */
export async function commitRename(tmp: string, entry: string, key: string, uri: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(dirname(entry), { recursive: true });
      await rename(tmp, entry);
      return;
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' && attempt < COMMIT_ATTEMPTS) continue;
      if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST')
        throw keyConflict(key, uri, code === 'EEXIST' ? 'one of its folders is an object' : 'it is a folder of other keys');
      if (code === 'ENOTDIR') throw keyConflict(key, uri, 'one of its folders is an object');
      throw err;
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
