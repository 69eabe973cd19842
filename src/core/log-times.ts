/**
 * When each line of a log was written, for logs that processes write straight into a file (step
 * logs, endpoint containers' logs): Godwit never sits between a process and its log, so a line
 * cannot carry a timestamp of its own without changing what the process wrote. Instead, a watcher
 * notes how long the file was at which moment in a sidecar, `<log>.times`, one `<bytes> <epoch ms>`
 * line per growth it saw. A line's time is the first moment the file was seen holding it, late by
 * at most `SETTLE_MS` plus the kernel's notice. The log itself stays byte for byte what the process
 * wrote, and a log without a sidecar (older runs, a watcher that died with Godwit) still reads:
 * its unseen lines get the file's modification time, the latest they can have been written.
 */
import { closeSync, type FSWatcher, fstatSync, openSync, readFileSync, statSync, watch, writeSync } from 'node:fs';

/** Growths closer together than this are noted once: a chatty process costs one stat per interval. */
const SETTLE_MS = 50;

export function timesPathOf(logPath: string): string {
  return `${logPath}.times`;
}

/**
 * Starts noting the growth of the log at `logPath` (which must exist); the returned function
 * notes the final size and stops. Never throws: a log whose times cannot be noted reads with the
 * fallback above.
 */
export function recordLogTimes(logPath: string, now: () => number = Date.now): () => void {
  let fd: number | undefined;
  let noted = -1;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const note = () => {
    timer = undefined;
    try {
      const size = statSync(logPath).size;
      if (size === noted) return;
      fd ??= openSync(timesPathOf(logPath), 'a');
      writeSync(fd, `${size} ${now()}\n`);
      noted = size;
    } catch {
      // The run folder was removed under us, or the disk is full: times are a convenience.
    }
  };
  try {
    const start = statSync(logPath);
    noted = start.size;
    // What the file held before (a container restarted into its log) was written by its mtime.
    if (noted > 0) {
      fd = openSync(timesPathOf(logPath), 'a');
      writeSync(fd, `${noted} ${Math.floor(start.mtimeMs)}\n`);
    }
    watcher = watch(logPath, { persistent: false }, () => {
      timer ??= setTimeout(note, SETTLE_MS);
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    return () => {};
  }
  return () => {
    watcher?.close();
    if (timer) clearTimeout(timer);
    note();
    if (fd !== undefined) closeSync(fd);
  };
}

/** One line of a log with the time it was written (epoch ms) and where it ends in the file. */
export interface TimedLine {
  readonly text: string;
  readonly time: number;
  readonly end: number;
}

/**
 * The log's complete lines (a last line without its newline too, once the file has stopped
 * growing for `SETTLE_MS`, so a partial write is not shown as a line), each with its time.
 * `undefined` when the log does not exist.
 */
export function readTimedLines(logPath: string): TimedLine[] | undefined {
  let text: Buffer;
  let mtime: number;
  try {
    const fd = openSync(logPath, 'r');
    try {
      const stat = fstatSync(fd);
      mtime = stat.mtimeMs;
      text = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const marks = readMarks(logPath);
  const lines: TimedLine[] = [];
  let start = 0;
  let mark = 0;
  while (start < text.length) {
    const nl = text.indexOf(10, start);
    if (nl < 0 && Date.now() - mtime < SETTLE_MS) break;
    const end = nl < 0 ? text.length : nl + 1;
    while (mark < marks.length && marks[mark].size < end) mark++;
    const time = mark < marks.length ? marks[mark].time : Math.floor(mtime);
    lines.push({ text: text.toString('utf8', start, nl < 0 ? end : nl).replace(/\r$/, ''), time, end });
    start = end;
  }
  return lines;
}

function readMarks(logPath: string): { size: number; time: number }[] {
  let raw: string;
  try {
    raw = readFileSync(timesPathOf(logPath), 'utf8');
  } catch {
    return [];
  }
  const marks: { size: number; time: number }[] = [];
  for (const line of raw.split('\n')) {
    const [size, time] = line.split(' ').map(Number);
    // Sizes only grow; a mark out of order (a torn write) is skipped rather than trusted.
    if (Number.isFinite(size) && Number.isFinite(time) && (marks.length === 0 || size > marks[marks.length - 1].size)) {
      marks.push({ size, time });
    }
  }
  return marks;
}

/** What DescribeLogStreams shows of a log without reading it: its size and first and last write. */
export interface LogFileSummary {
  readonly size: number;
  readonly firstTime?: number;
  readonly lastTime?: number;
  readonly createdTime: number;
}

export function summarizeLog(logPath: string): LogFileSummary | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(logPath);
  } catch {
    return undefined;
  }
  const createdTime = Math.floor(stat.birthtimeMs || stat.ctimeMs);
  if (stat.size === 0) return { size: 0, createdTime };
  const marks = readMarks(logPath);
  const lastTime = Math.floor(stat.mtimeMs);
  return { size: stat.size, firstTime: Math.min(marks[0]?.time ?? lastTime, lastTime), lastTime, createdTime };
}
