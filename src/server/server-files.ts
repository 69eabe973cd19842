import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import type { GodwitHome } from '../core/home.js';

/**
 * The files a home's server keeps in `<home>/server/`: `server.pid` (JSON: pid, and url once it
 * listens) and `server.log` (a detached server's output). The pid file is created exclusively,
 * which is what makes one server per home: a second start finds it and names the running one.
 */
export interface ServerRecord {
  readonly pid: number;
  /** Absent while the server is starting. */
  readonly url?: string;
  readonly port?: number;
  readonly home: string;
  readonly startedAt: string;
}

export const serverDir = (home: GodwitHome) => join(home.root, 'server');
export const pidFile = (home: GodwitHome) => join(serverDir(home), 'server.pid');
export const logFile = (home: GodwitHome) => join(serverDir(home), 'server.log');

export async function readServerRecord(home: GodwitHome): Promise<ServerRecord | undefined> {
  const text = await readFile(pidFile(home), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ServerRecord;
  } catch {
    // A pid file cut short by a crash while it was written: nobody holds the home through it.
    return { pid: 0, home: home.root, startedAt: '' };
  }
}

/**
 * Whether a process with this pid runs (one of another user's counts). A zombie does not: a
 * server killed with -9 stays one until its parent reaps it (in a container, maybe never), and
 * it holds the home no more than a process that is gone.
 */
export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(pid);
}

/** Linux's process table says the process has exited and is waiting to be reaped. */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return false; // no /proc (not Linux), or it went away meanwhile: kill(0) said it existed
  }
}

/**
 * Takes the home for this process, or throws `E_SERVER_RUNNING` naming the server that has it. A
 * pid file whose process is gone is stale: it is removed and the claim made again.
 */
export async function claimHome(home: GodwitHome, record: ServerRecord): Promise<void> {
  await mkdir(serverDir(home), { recursive: true });
  for (let tries = 0; tries < 3; tries++) {
    try {
      await writeFile(pidFile(home), JSON.stringify(record), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = await readServerRecord(home);
    if (other && alive(other.pid)) throw alreadyRunning(home, other);
    await unlink(pidFile(home)).catch(() => undefined);
  }
  throw new GodwitError('E_SERVER_RUNNING', `Another server keeps claiming ${home.root}.`, {
    hint: 'Check with: godwit server status',
  });
}

/** Rewrites this process's record (with its URL once it listens), atomically. */
export async function updateRecord(home: GodwitHome, record: ServerRecord): Promise<void> {
  const tmp = `${pidFile(home)}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record));
  await rename(tmp, pidFile(home));
}

/** Removes the pid file if it is still this process's. */
export async function releaseHome(home: GodwitHome, pid = process.pid): Promise<void> {
  const current = await readServerRecord(home);
  if (current?.pid === pid) await unlink(pidFile(home)).catch(() => undefined);
}

export function alreadyRunning(home: GodwitHome, other: ServerRecord): GodwitError {
  const where = other.url ? `at ${other.url}` : 'and is still starting';
  return new GodwitError('E_SERVER_RUNNING', `A Godwit server for ${home.root} already runs ${where} (pid ${other.pid}).`, {
    hint: 'Use that one, or stop it first with: godwit server stop',
  });
}
