import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GodwitError } from './errors.js';

/**
 * Godwit's home: runs, artifacts and the metadata database. `.godwit/` under the current
 * directory unless `GODWIT_HOME` says otherwise, so each project keeps its own history.
 */
export interface GodwitHome {
  readonly root: string;
  readonly runsDir: string;
  readonly artifactsDir: string;
  readonly metadataFile: string;
}

export function godwitHome(root = process.env.GODWIT_HOME || '.godwit'): GodwitHome {
  const abs = resolve(root);
  return {
    root: abs,
    runsDir: join(abs, 'runs'),
    artifactsDir: join(abs, 'artifacts'),
    metadataFile: join(abs, 'metadata.sqlite'),
  };
}

/**
 * Makes sure Godwit can write into its home, creating the folder (and missing parents) if need
 * be, so that a home on a read-only disk, under a file or in a folder the user may not write is
 * one clear error, not a failure deep inside SQLite or the artifact store. Cheap when the home
 * exists: a stat, an access check, and a probe write only for a home with no database yet.
 */
export function ensureWritableHome(home: GodwitHome): void {
  try {
    createFolder(home.root);
    accessSync(home.root, constants.W_OK);
    // As root, access() says yes wherever permissions are the only guard; a new home is written
    // at once anyway, so try it (this is what catches /proc-like folders).
    if (!existsSync(home.metadataFile)) {
      const probe = join(home.root, `.write-check-${process.pid}`);
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    }
  } catch (err) {
    throw notWritable(home.root, err);
  }
}

/** `mkdir -p` one level at a time: Node's recursive mkdir never returns under /proc. */
function createFolder(path: string): void {
  const info = statUnlessUnderFile(path);
  if (info?.isDirectory()) return;
  if (info) throw Object.assign(new Error(`${path} is a file`), { code: 'ENOTDIR', path });
  createFolder(dirname(path));
  try {
    mkdirSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // The folder at fault is the one that refused a new entry.
    if (e.code !== 'EEXIST') throw Object.assign(e, { path: dirname(path) });
  }
}

/** Undefined when missing, or when a parent is a file (then the parent is reported). */
function statUnlessUnderFile(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

const WHY: Record<string, string> = {
  ENOTDIR: 'is a file, not a folder',
  EACCES: 'is not writable by this user',
  EPERM: 'does not allow writing',
  EROFS: 'is on a read-only file system',
  ENOENT: 'does not allow new files (a system folder such as /proc?)',
};

function notWritable(root: string, err: unknown): unknown {
  const { code, path } = err as NodeJS.ErrnoException;
  if (code === undefined || !(code in WHY)) return err;
  return new GodwitError('E_HOME_NOT_WRITABLE', `Godwit cannot write to its home ${root}: ${path ?? root} ${WHY[code]}.`, {
    hint: 'Choose another folder for runs, artifacts and the metadata database with GODWIT_HOME=/path/to/folder, or run from a project folder you can write to (the default home is .godwit/ in the current folder).',
    cause: err,
  });
}
