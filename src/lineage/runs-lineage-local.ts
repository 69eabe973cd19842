import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../core/hash.js';
import { digestDir } from '../store/transfer.js';

/** What is at a local path, as `ReadsContext.local` answers. */
export type LocalFacts = { readonly directory: boolean; readonly digest?: string } | undefined;

/**
 * Digests of local inputs and code, each path hashed once per run (the cache key and lineage ask
 * for the same files). A file's digest is the SHA-256 of its bytes, a folder's the digest of its
 * file set (sorted paths, sizes and SHA-256s, as an artifact's), the same values a step's cache
 * key and a registered local model record.
 */
export class LocalDigests {
  private readonly known = new Map<string, Promise<LocalFacts>>();

  local(path: string): Promise<LocalFacts> {
    let facts = this.known.get(path);
    if (!facts) {
      facts = digestLocal(path);
      this.known.set(path, facts);
    }
    return facts;
  }

  /** The cache key's form: the digest, or `missing` when nothing is there. */
  async digest(path: string): Promise<string> {
    return (await this.local(path))?.digest ?? 'missing';
  }
}

async function digestLocal(path: string): Promise<LocalFacts> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (info.isDirectory()) return { directory: true, digest: (await digestDir(path)).sha256 };
  return { directory: false, digest: (await sha256File(path)).sha256 };
}

/**
 * The backfill's answer for a run recorded before lineage: the digest of what is at the path now,
 * only when nothing there changed after the run started (every file's modification time is
 * earlier), so it is what the run read; otherwise the path without a digest. Digests are computed
 * once per path for all the runs that read it.
 */
export class UnchangedSinceDigests {
  private readonly newest = new Map<string, Promise<{ directory: boolean; modifiedMs: number } | undefined>>();
  private readonly digests = new LocalDigests();

  async local(path: string, since: Date): Promise<LocalFacts> {
    let found = this.newest.get(path);
    if (!found) {
      found = newestModification(path);
      this.newest.set(path, found);
    }
    const facts = await found;
    if (!facts) return undefined;
    // Whole milliseconds, as the run's start is kept: a file written in the millisecond the run started is older.
    if (Math.floor(facts.modifiedMs) > since.getTime()) return { directory: facts.directory };
    return this.digests.local(path);
  }
}

async function newestModification(path: string): Promise<{ directory: boolean; modifiedMs: number } | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return { directory: false, modifiedMs: info.mtimeMs };
  let newest = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else newest = Math.max(newest, (await stat(full)).mtimeMs);
    }
  };
  await walk(path);
  return { directory: true, modifiedMs: newest };
}
