import { type BigIntStats, readFileSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `PRAGMA quick_check` reads every page of the file: 0.6 s of CPU and 2.5 s of waiting for the
 * disk on a home of 200 runs of 1,000 steps (230 MB), for a `godwit runs list` that reads a few
 * kilobytes. So a clean check is recorded beside the database (`<file>-checked`) with the file's
 * identity (device, inode, size, modification and change times), and the next open checks again
 * only when that identity differs: when something wrote into the file since, other than a
 * Godwit that had opened it clean (such a Godwit records the file again when it closes it, as
 * its own writes are SQLite's). Damage from outside (a disk, a copy, a tool) changes the times.
 *
 * File times advance in coarse ticks (a few milliseconds), so a record written in the same tick
 * as the file's last change could miss a second change in that tick. Such a record is "racy"
 * (git's word for the same problem in its index) and not trusted: it counts only when the
 * record's own modification time is later than the database's.
 */
export function checkIsDue(file: string): boolean {
  try {
    const db = statSync(file, { bigint: true });
    const record = statSync(recordFile(file), { bigint: true });
    return (
      record.mtimeNs <= db.mtimeNs || record.mtimeNs <= db.ctimeNs || readFileSync(recordFile(file), 'utf8') !== identity(db)
    );
  } catch {
    return true;
  }
}

/** Records the file as checked clean now (after a check, or when a Godwit that opened it clean closes it). */
export function recordClean(file: string): boolean {
  try {
    writeFileSync(recordFile(file), identity(statSync(file, { bigint: true })));
    return true;
  } catch {
    // A home that cannot be written is refused elsewhere; here it only means checking next time.
    return false;
  }
}

/**
 * `recordClean` at close, when the file changed since it was recorded: right after SQLite's last
 * write, so the record is rewritten for up to ~20 ms until its time is a tick later than the
 * file's (see `checkIsDue`); otherwise the next open checks once more, which is only slower.
 */
export async function recordCleanAtClose(file: string): Promise<void> {
  for (let attempt = 0; attempt < 10 && checkIsDue(file); attempt++) {
    if (attempt > 0) await sleep(2);
    if (!recordClean(file)) return;
  }
}

function recordFile(file: string): string {
  return `${file}-checked`;
}

function identity(s: BigIntStats): string {
  return `${s.dev} ${s.ino} ${s.size} ${s.mtimeNs} ${s.ctimeNs}\n`;
}
