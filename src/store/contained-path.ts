/**
 * Path containment for stores and transfers that sit on the local file system. Symlinks are
 * resolved with `realpath` before deciding, so a link inside the root that points outside it (to
 * a file or to a parent folder) is caught. This guards against links present in the tree; it does
 * not defend against another process swapping folders for links while an operation runs.
 */
import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { errnoCode, keyEscapesRoot } from './store-errors.js';

/** Whether `path` is `root` or inside it; both must be real (symlink-free) absolute paths. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export interface ContainedPath {
  /** Where the key's content lives, every symlink resolved; for reads. */
  readonly real: string;
  /** Whether `real` exists. */
  readonly exists: boolean;
}

/**
 * Resolves `segments` under `realRoot` and checks that neither the key nor any of its existing
 * parent folders resolves outside the root. Throws E_KEY_ESCAPES_ROOT naming `key`.
 */
export async function resolveInside(realRoot: string, segments: readonly string[], key: string): Promise<ContainedPath> {
  for (let depth = segments.length; depth >= 0; depth--) {
    const real = await realpathOrMissing(join(realRoot, ...segments.slice(0, depth)), key);
    if (real === undefined) continue;
    if (!isInside(realRoot, real))
      throw keyEscapesRoot(key, `it resolves through a symlink to ${real}, which is outside the store's root ${realRoot}`);
    return { real: join(real, ...segments.slice(depth)), exists: depth === segments.length };
  }
  return { real: join(realRoot, ...segments), exists: false };
}

/**
 * `resolveInside`, plus the key's own directory entry (`entry`: parent folder resolved, last
 * segment as is), for writes and deletes: one that hits a symlink replaces or removes the link
 * rather than the file it points at.
 */
export async function resolveForWrite(
  realRoot: string,
  segments: readonly string[],
  key: string,
): Promise<ContainedPath & { readonly entry: string }> {
  const found = await resolveInside(realRoot, segments, key);
  return { ...found, entry: found.exists ? await resolvedEntry(realRoot, segments, key) : found.real };
}

async function resolvedEntry(realRoot: string, segments: readonly string[], key: string): Promise<string> {
  if (segments.length === 0) return realRoot;
  const parent = segments.length === 1 ? realRoot : await realpath(join(realRoot, ...segments.slice(0, -1)));
  if (!isInside(realRoot, parent))
    throw keyEscapesRoot(key, `its folder resolves through a symlink to ${parent}, outside the store's root ${realRoot}`);
  return join(parent, segments[segments.length - 1]);
}

async function realpathOrMissing(path: string, key: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ELOOP') throw keyEscapesRoot(key, `it runs through a symlink loop at ${path}`);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    // A symlink whose target is missing cannot be proven to stay inside the root.
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) throw keyEscapesRoot(key, `it runs through the dangling symlink ${path}`);
    return undefined;
  }
}
