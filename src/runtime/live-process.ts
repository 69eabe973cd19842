import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Who ran a step attempt: written beside the attempt's log when its process starts, so that a
 * resume after Godwit itself died (kill -9, a crash) can find a step process that outlived it.
 * Step processes lead their own process group (`group` is the leader's pid), so the group also
 * holds everything the step started.
 */
export interface ProcessRecord {
  readonly pid: number;
  readonly group: number;
  /** The kernel's start time of the leader: tells our process from a later one given the same pid. */
  readonly startTime?: string;
  readonly host: string;
  readonly command: string;
}

const LINUX = process.platform === 'linux';
const DIGITS = /^\d+$/;

export function describeProcess(pid: number, command: string): ProcessRecord {
  return { pid, group: pid, startTime: processStartTime(pid), host: hostname(), command };
}

/**
 * Written in the background while the process runs: creating a file costs more than the rest of a
 * short step's bookkeeping (bench/runtime), and the record only matters if Godwit dies later.
 * It is written beside and renamed into place, so the file exists only once it is whole: a
 * `kill -9` between creating and filling it would otherwise leave an empty record that no resume
 * can read. Resolves once written; a failure to write it is not the step's failure.
 */
export function writeProcessRecord(path: string, record: ProcessRecord): Promise<void> {
  const partial = `${path}.partial`;
  return writeFile(partial, `${JSON.stringify(record)}\n`)
    .then(() => rename(partial, path))
    .catch(() => {});
}

export function readProcessRecord(path: string): ProcessRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as ProcessRecord;
    return Number.isInteger(r.pid) && Number.isInteger(r.group) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** `/proc/<pid>/stat` fields after the command name (which may hold spaces and parentheses). */
function statFields(pid: number | string): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time in clock ticks since boot (Linux), or as `ps` prints it elsewhere; undefined once gone. */
export function processStartTime(pid: number): string | undefined {
  if (LINUX) return statFields(pid)?.[19];
  try {
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live members of a process group. Zombies do not count: a grandchild orphaned to an init
 * that does not reap (common in containers) stays a zombie forever but runs nothing.
 */
export function groupMembers(group: number): number[] {
  if (!LINUX) {
    try {
      process.kill(-group, 0);
      return [group];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!DIGITS.test(entry)) continue;
    const f = statFields(entry);
    if (f && f[0] !== 'Z' && Number(f[2]) === group) members.push(Number(entry));
  }
  return members;
}

/**
 * Whether the recorded step process, or anything it started, still runs on this machine. A group
 * id cannot be handed to a new process while the group has members, so live members are ours
 * unless the leader's pid now belongs to a process that started at another time.
 */
export function stillRunning(record: ProcessRecord): boolean {
  if (record.host !== hostname()) return false;
  const leaderStart = processStartTime(record.pid);
  if (leaderStart !== undefined && record.startTime !== undefined && leaderStart !== record.startTime) return false;
  return groupMembers(record.group).length > 0;
}

/** Ends a process group: SIGTERM, then SIGKILL after `graceMs`; resolves once none of it runs. */
export async function endGroup(group: number, graceMs = 3000): Promise<void> {
  killGroup(group, 'SIGTERM');
  for (let waited = 0; waited < graceMs && groupMembers(group).length > 0; waited += 50) await sleep(50);
  if (groupMembers(group).length === 0) return;
  killGroup(group, 'SIGKILL');
  await groupGone(group);
}

/**
 * A group whose leader has exited after a stop: the rest may run until `deadline` (epoch ms, the
 * end of the grace period) to finish their SIGTERM handlers, then get SIGKILL; resolves once none
 * of it runs.
 */
export async function endGroupBy(group: number, deadline: number): Promise<void> {
  while (Date.now() < deadline && groupMembers(group).length > 0) await sleep(20);
  killGroup(group, 'SIGKILL');
  await groupGone(group);
}

/**
 * Resolves once no live member of the group is left, or after `limitMs`: a process stuck in the
 * kernel (uninterruptible I/O) dies only when its I/O ends, which on a loaded machine may take
 * seconds; giving up sooner would report a stopped job ended while its process still runs.
 */
export async function groupGone(group: number, limitMs = 10_000): Promise<void> {
  for (let waited = 0; waited < limitMs && groupMembers(group).length > 0; waited += 10) await sleep(10);
}

/** Signals every process of a group (a step and what it started); a group already gone is fine. */
export function killGroup(group: number | undefined, signal: NodeJS.Signals): void {
  if (group === undefined) return;
  try {
    process.kill(-group, signal);
  } catch {
    // Already gone.
  }
}
