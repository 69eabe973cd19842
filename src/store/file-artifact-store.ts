/**
 * The artifact store on the local file system: key `a/b.csv` is the plain file `<root>/a/b.csv`,
 * so a store can be browsed, diffed and fed to tools as an ordinary folder. The store's own state
 * sits in `<root>/.godwit-store/` (temp files and checksum records), a name keys cannot use.
 *
 * Writes go to a temp file in `<root>/.godwit-store/tmp/` (same file system as the objects) and
 * are renamed into place, which is atomic on POSIX: readers see the old file or the new one, and
 * a failed or crashed write leaves at most a temp file behind. There is no fsync: atomicity holds
 * against concurrent readers and crashed processes, not against power loss.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { copyFile, mkdir, open, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { compareUtf8, type FileDigest, sha256, sha256File, sha256Handle } from '../core/hash.js';
import { type ArtifactUri, parseUri, toFileUri } from '../core/uri.js';
import type { ArtifactStore, ObjectInfo, PutData } from './artifact-store.js';
import { type ContainedPath, resolveForWrite, resolveInside } from './contained-path.js';
import { ChecksumRecords, identityOf } from './file-store-records.js';
import { commitRename, hashWithStats, pruneEmptyFolders, type Written, writeData } from './file-store-write.js';
import { keySegments, prefixFolder } from './keys.js';
import { DEFAULT_PARALLELISM, mapLimit } from './map-limit.js';
import { checksumMismatch, errnoCode, localNotFound, notFound, storeIo } from './store-errors.js';
import { walkFiles } from './walk-files.js';

/** The folder under the root that holds the store's own state; no key may start with it. */
export const STATE_FOLDER = '.godwit-store';

// How often getToFile starts over when the object is replaced while it copies.
const COPY_ATTEMPTS = 5;

export class FileArtifactStore implements ArtifactStore {
  /** Absolute path of the root folder; it is created by the first write. */
  readonly root: string;
  private realRootPath?: string;
  private checksumRecords?: ChecksumRecords;
  private tmpFolderReady?: Promise<unknown>;

  constructor(root: string) {
    this.root = resolve(root);
  }

  uri(key: string): string {
    return toFileUri(join(this.root, ...this.segments(key)));
  }

  keyOf(uri: string): string | undefined {
    const location = parseUri(uri);
    if (location.scheme !== 'file') return undefined;
    const rel = relative(this.root, location.path);
    if (rel === '') return '';
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
    const key = rel.split(sep).join('/');
    return uri.endsWith('/') ? `${key}/` : key;
  }

  put(key: string, data: PutData): Promise<ObjectInfo> {
    return this.write(key, (tmp) => writeData(tmp, data));
  }

  putFile(key: string, localPath: string): Promise<ObjectInfo> {
    return this.write(key, async (tmp) => {
      try {
        // FICLONE makes a copy-on-write clone where the file system can (btrfs, XFS, APFS) and
        // quietly falls back to a plain copy elsewhere.
        await copyFile(localPath, tmp, constants.COPYFILE_FICLONE);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') throw localNotFound(localPath, this.uri(key));
        throw err;
      }
      return hashWithStats(tmp);
    });
  }

  async get(key: string): Promise<Buffer> {
    const uri = this.uri(key);
    const real = await this.existing(key);
    const handle = await open(real, 'r').catch((err) => Promise.reject(readError(err, uri)));
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw notFound(uri);
      const bytes = await handle.readFile();
      await this.check(key, stats, { sha256: sha256(bytes), size: bytes.length });
      return bytes;
    } finally {
      await handle.close();
    }
  }

  async getToFile(key: string, localPath: string): Promise<ObjectInfo> {
    const uri = this.uri(key);
    const real = await this.existing(key);
    const target = resolve(localPath);
    const tmp = `${target}.godwit-part-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(target), { recursive: true });
      // Retried when the object is replaced during the copy, so the copy and the stat we check it
      // against describe the same file.
      for (let attempt = 0; attempt < COPY_ATTEMPTS; attempt++) {
        const before = await stat(real).catch((err) => Promise.reject(readError(err, uri)));
        if (!before.isFile()) throw notFound(uri);
        await copyFile(real, tmp, constants.COPYFILE_FICLONE);
        const after = await stat(real).catch(() => undefined);
        if (after === undefined || identityOf(after) !== identityOf(before)) continue;
        const info = await this.check(key, after, await sha256File(tmp));
        await rename(tmp, target);
        return info;
      }
      throw new GodwitError('E_STORE_IO', `${uri} kept being replaced while it was copied to ${target}.`);
    } catch (err) {
      throw storeIo(`copy ${uri} to`, target, err);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const found = await this.locate(key);
    if (!found.exists) return undefined;
    const stats = await stat(found.real).catch(() => undefined);
    return stats?.isFile() ? this.describe(key, found.real, stats).catch(unlessGone) : undefined;
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const folder = prefixFolder(prefix);
    const realRoot = await this.realRoot(false);
    if (realRoot === undefined || folder[0] === STATE_FOLDER) return [];
    const start = await resolveInside(realRoot, folder, prefix);
    if (!start.exists) return [];
    const files = await walkFiles(
      { path: folder.join('/'), real: start.real },
      {
        boundary: realRoot,
        // Descend only into folders that can hold matches: `a/b` looks in `a/b…`, not all of `a`.
        include: (path, isFolder) =>
          path !== STATE_FOLDER && (path.startsWith(prefix) || (isFolder && prefix.startsWith(`${path}/`))),
      },
    ).catch((err) => (errnoCode(err) === 'ENOTDIR' ? [] : Promise.reject(err)));
    const infos = await mapLimit(files, DEFAULT_PARALLELISM, async (f) => {
      // A file deleted while we list is simply not part of the snapshot.
      const stats = await stat(f.real).catch(() => undefined);
      return stats?.isFile() ? this.describe(f.path, f.real, stats).catch(unlessGone) : undefined;
    });
    return infos.filter((i): i is ObjectInfo => i !== undefined).sort((a, b) => compareUtf8(a.key, b.key));
  }

  async delete(key: string): Promise<void> {
    const segments = this.segments(key);
    const realRoot = await this.realRoot(false);
    if (realRoot === undefined) return; // no root folder, no objects
    const found = await resolveForWrite(realRoot, segments, key);
    // A folder (or a link to one) is not an object; unlinking the link would delete its keys.
    if (found.exists && (await stat(found.real).catch(() => undefined))?.isDirectory()) return;
    try {
      await unlink(found.entry);
    } catch (err) {
      // Missing, or a folder (which is not an object): either way there is nothing to delete.
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'EPERM' || code === 'ENOTDIR') return;
      throw storeIo('delete', this.uri(key), err);
    }
    await this.records().remove(key);
    await pruneEmptyFolders(dirname(found.entry), realRoot);
  }

  async verify(key: string): Promise<ObjectInfo> {
    return this.rehash(key, await this.existing(key));
  }

  // ---------------------------------------------------------------------------------------------

  private segments(key: string): string[] {
    const segments = keySegments(key);
    if (segments[0] === STATE_FOLDER)
      throw new GodwitError(
        'E_KEY_RESERVED',
        `Refusing key ${JSON.stringify(key)}: "${STATE_FOLDER}/" holds the file store's own state.`,
        {
          hint: 'Pick a key that does not start with that folder.',
        },
      );
    return segments;
  }

  /** The root's real path; `undefined` when it does not exist yet and `create` is false. */
  private async realRoot(create: boolean): Promise<string | undefined> {
    if (this.realRootPath !== undefined) return this.realRootPath;
    if (create) await mkdir(this.root, { recursive: true });
    try {
      this.realRootPath = await realpath(this.root);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    return this.realRootPath;
  }

  private async locate(key: string): Promise<ContainedPath> {
    const segments = this.segments(key);
    const realRoot = await this.realRoot(false);
    if (realRoot === undefined) return { real: '', exists: false };
    return resolveInside(realRoot, segments, key);
  }

  private async existing(key: string): Promise<string> {
    const found = await this.locate(key);
    if (!found.exists) throw notFound(this.uri(key));
    return found.real;
  }

  // Only called once the root's real path is known (every caller resolved a key first).
  private records(): ChecksumRecords {
    const realRoot = this.realRootPath ?? this.root;
    this.checksumRecords ??= new ChecksumRecords(join(realRoot, STATE_FOLDER, 'sha256'), join(realRoot, STATE_FOLDER, 'tmp'));
    return this.checksumRecords;
  }

  private async write(key: string, fill: (tmp: string) => Promise<Written>): Promise<ObjectInfo> {
    const uri = this.uri(key);
    const realRoot = (await this.realRoot(true))!;
    const target = await resolveForWrite(realRoot, this.segments(key), key);
    const tmpFolder = join(realRoot, STATE_FOLDER, 'tmp');
    const tmp = join(tmpFolder, randomBytes(8).toString('hex'));
    let committed = false;
    try {
      this.tmpFolderReady ??= mkdir(tmpFolder, { recursive: true }).catch((err) => {
        this.tmpFolderReady = undefined;
        throw err;
      });
      await this.tmpFolderReady;
      const { digest, stats } = await fill(tmp);
      // The record goes first: it names the temp file's identity, which the rename keeps, so the
      // object is never visible without the digest it was written with.
      await this.records().write({ key, ...digest, mtimeMs: stats.mtimeMs, identity: identityOf(stats) });
      await commitRename(tmp, target.entry, key, uri);
      committed = true;
      return { key, size: digest.size, sha256: digest.sha256, modified: stats.mtime };
    } catch (err) {
      // Someone removed the temp folder under us: make it again for the next write.
      if (errnoCode(err) === 'ENOENT') this.tmpFolderReady = undefined;
      throw storeIo('write', uri, err);
    } finally {
      if (!committed) await rm(tmp, { force: true });
    }
  }

  /**
   * Info for a file we hold stats of, from its record when the record is about this very file and
   * it has not been touched since; otherwise hashes it (and notices in-place changes).
   */
  private async describe(key: string, real: string, stats: Stats): Promise<ObjectInfo> {
    const record = await this.records().read(key);
    if (record?.identity === identityOf(stats) && record.size === stats.size && record.mtimeMs === stats.mtimeMs)
      return { key, size: record.size, sha256: record.sha256, modified: stats.mtime };
    return this.rehash(key, real);
  }

  /** Hashes the file at `real` through one handle, so the digest and the stats are of one file. */
  private async rehash(key: string, real: string): Promise<ObjectInfo> {
    const uri = this.uri(key);
    const handle = await open(real, 'r').catch((err) => Promise.reject(readError(err, uri)));
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw notFound(uri);
      return await this.check(key, stats, await sha256Handle(handle, stats.size));
    } finally {
      await handle.close();
    }
  }

  /**
   * Compares a digest just computed from the file described by `stats` with the record written
   * with it; a record about another file (or none) is replaced by one about this file.
   */
  private async check(key: string, stats: Stats, digest: FileDigest): Promise<ObjectInfo> {
    const records = this.records();
    const record = await records.read(key);
    const sameFile = record?.identity === identityOf(stats);
    if (sameFile && record.sha256 !== digest.sha256) throw checksumMismatch(this.uri(key), record.sha256, digest.sha256);
    if (!sameFile || record.mtimeMs !== stats.mtimeMs) {
      await records.write({ key, ...digest, mtimeMs: stats.mtimeMs, identity: identityOf(stats) }).catch(unlessReadOnly);
    }
    return { key, size: digest.size, sha256: digest.sha256, modified: stats.mtime };
  }
}

/** Entry point for `storeForUri`: a store rooted at a `file://` location. */
export function createStore(location: ArtifactUri): ArtifactStore {
  if (location.scheme !== 'file') throw new GodwitError('E_INTERNAL', `The file store cannot open ${location.scheme}:// URIs.`);
  return new FileArtifactStore(location.path);
}

/** `undefined` for an object deleted while we looked at it; any other error is rethrown. */
function unlessGone(err: unknown): undefined {
  if (err instanceof GodwitError && err.code === 'E_NOT_FOUND') return undefined;
  throw err;
}

// A record written on a read path is a cache of the digest: a store on a read-only or full file
// system must stay readable, so failing to save it is no reason to fail the read.
function unlessReadOnly(err: unknown): void {
  const code = errnoCode(err);
  if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOSPC' && code !== 'EDQUOT') throw err;
}

function readError(err: unknown, uri: string): GodwitError {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? notFound(uri) : storeIo('read', uri, err);
}
