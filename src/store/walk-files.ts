/**
 * Lists the files of a local folder tree, the way a store lists keys: regular files only (folders
 * exist only as the paths of their files), with `/`-separated relative paths. Symlinks are
 * followed when they resolve inside `boundary` and refused (E_KEY_ESCAPES_ROOT) when they do not,
 * so neither a store listing nor an upload can be steered outside the tree by a link.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { isInside } from './contained-path.js';
import { DEFAULT_PARALLELISM, mapLimit } from './map-limit.js';
import { errnoCode, keyEscapesRoot } from './store-errors.js';

export interface WalkedFile {
  /** `/`-separated path relative to the walk's logical root. */
  readonly path: string;
  /** Real (symlink-free) absolute path of the content. */
  readonly real: string;
}

export interface WalkOptions {
  /** Real path that every file and followed link must resolve inside. */
  readonly boundary: string;
  /** Whether to keep a file or descend into a folder, by relative path; everything by default. */
  readonly include?: (path: string, isFolder: boolean) => boolean;
}

interface Folder {
  readonly path: string;
  readonly real: string;
  /** Real paths of this folder and its ancestors: a link back to one of them is a cycle. */
  readonly ancestors: readonly string[];
}

/** Files under `start` (`path` is the relative path it stands for, `real` its real path). */
export async function walkFiles(start: { path: string; real: string }, options: WalkOptions): Promise<WalkedFile[]> {
  const files: WalkedFile[] = [];
  let level: Folder[] = [{ ...start, ancestors: [start.real] }];
  // Breadth-first with bounded parallelism: wide trees of small files are the common case.
  while (level.length > 0) {
    const found = await mapLimit(level, DEFAULT_PARALLELISM, (folder) => readFolder(folder, options));
    level = found.flatMap((f) => f.folders);
    for (const f of found) files.push(...f.files);
  }
  return files;
}

async function readFolder(folder: Folder, options: WalkOptions): Promise<{ files: WalkedFile[]; folders: Folder[] }> {
  const files: WalkedFile[] = [];
  const folders: Folder[] = [];
  for (const entry of await entriesOf(folder.real)) {
    const path = folder.path === '' ? entry.name : `${folder.path}/${entry.name}`;
    const include = options.include ?? (() => true);
    if (entry.isSymbolicLink()) {
      // Decide before following, so that a bad link outside what was asked for is no obstacle.
      if (!include(path, false) && !include(path, true)) continue;
      const target = await followLink(join(folder.real, entry.name), path, options.boundary);
      if (target.isFolder) {
        if (!include(path, true)) continue;
        if (folder.ancestors.includes(target.real))
          throw new GodwitError('E_SYMLINK_CYCLE', `"${path}" is a symlink to ${target.real}, a folder that contains it.`, {
            hint: 'Remove the link or point it elsewhere; a tree with a cycle has no finite list of files.',
          });
        folders.push({ path, real: target.real, ancestors: [...folder.ancestors, target.real] });
      } else if (include(path, false)) files.push({ path, real: target.real });
    } else if (entry.isDirectory()) {
      const real = join(folder.real, entry.name);
      if (include(path, true)) folders.push({ path, real, ancestors: [...folder.ancestors, real] });
    } else if (entry.isFile()) {
      if (include(path, false)) files.push({ path, real: join(folder.real, entry.name) });
    } else if (include(path, false)) {
      throw notAFile(path, join(folder.real, entry.name));
    }
  }
  return { files, folders };
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // A folder removed while the walk runs simply has no files left.
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
}

async function followLink(link: string, path: string, boundary: string): Promise<{ real: string; isFolder: boolean }> {
  let real: string;
  try {
    real = await realpath(link);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw keyEscapesRoot(path, `it is the dangling symlink ${link}`);
    if (errnoCode(err) === 'ELOOP') throw keyEscapesRoot(path, `it is a symlink loop at ${link}`);
    throw err;
  }
  if (!isInside(boundary, real)) throw keyEscapesRoot(path, `it is a symlink to ${real}, which is outside ${boundary}`);
  const info = await stat(real);
  if (!info.isFile() && !info.isDirectory()) throw notAFile(path, real);
  return { real, isFolder: info.isDirectory() };
}

function notAFile(path: string, real: string): GodwitError {
  return new GodwitError(
    'E_NOT_A_FILE',
    `"${path}" (${real}) is neither a regular file nor a folder (a socket, pipe or device).`,
    {
      hint: 'Artifacts hold regular files only; move it out of the folder.',
    },
  );
}
