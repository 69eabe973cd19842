/**
 * The file store's checksum records: for each key, the SHA-256 and size written, and the identity
 * of the file they describe. They live in `<root>/.godwit-store/sha256/<h>/<hash of key>.json`,
 * named by a hash of the key so that no key can collide with a record's folder.
 *
 * A record belongs to one file, identified by device, inode and birth time, which a `rename`
 * keeps and a new write never reuses. Two writers racing on one key may leave the record of the
 * loser beside the file of the winner; the identity tells them apart, and the reader re-hashes.
 * A file changed in place keeps its identity, so its record still holds what was written: that is
 * how `verify` and `get` notice corruption.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256 } from '../core/hash.js';
import { inFolder } from './file-store-write.js';
import { errnoCode } from './store-errors.js';

export interface ChecksumRecord {
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
  /** The file's mtime when it was hashed; a later mtime means it may have changed. */
  readonly mtimeMs: number;
  readonly identity: string;
}

/** Device, inode and birth time: the same for a file's whole life, kept across `rename`. */
export function identityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.birthtimeMs}`;
}

export class ChecksumRecords {
  constructor(
    private readonly folder: string,
    private readonly tmpFolder: string,
  ) {}

  async read(key: string): Promise<ChecksumRecord | undefined> {
    try {
      const record = JSON.parse(await readFile(this.pathOf(key), 'utf8')) as ChecksumRecord;
      return record.key === key ? record : undefined;
    } catch (err) {
      // A missing or unreadable record only means the digest has to be computed again.
      if (errnoCode(err) === 'ENOENT' || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  /** Writes atomically (temp file and rename), so readers never see half a record. */
  async write(record: ChecksumRecord): Promise<void> {
    const path = this.pathOf(record.key);
    const tmp = join(this.tmpFolder, `record-${randomBytes(8).toString('hex')}`);
    await inFolder(this.tmpFolder, () => writeFile(tmp, JSON.stringify(record), { flag: 'wx' }));
    try {
      await inFolder(dirname(path), () => rename(tmp, path));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const h = sha256(key);
    return join(this.folder, h.slice(0, 2), `${h}.json`);
  }
}
