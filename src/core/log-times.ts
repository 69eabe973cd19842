/**
 * When each line of a log was written, for logs that processes write straight into a file (step
 * logs, endpoint containers' logs): Godwit never sits between a process and its log, so a line
 * cannot carry a timestamp of its own without changing what the process wrote. Instead, a watcher
 * notes how long the file was at which moment in a sidecar, `<log>.times`, one `<bytes> <epoch ms>`
 * line per growth it saw. A line's time is the first moment the file was seen holding it, late by
 * at most `POLL_MS`. The log itself stays byte for byte what the process
 * wrote, and a log without a sidecar (older runs, a watcher that died with Godwit) still reads:
 * its unseen lines get the file's modification time, the latest they can have been written.
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

/**
 * How often the watcher looks at the log's size. A poll, not inotify: a process printing a line
 * at a time makes an inotify event per write, and handling 200,000 of them cost Godwit 0.6 s of
 * CPU in bench/logs; a stat every 50 ms costs the same whatever the process prints.
 */
const POLL_MS = 50;

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
  const note = (size: number, time: number) => {
    try {
      fd ??= openSync(timesPathOf(logPath), 'a');
      writeSync(fd, `${size} ${time}\n`);
      noted = size;
    } catch {
      // The run folder was removed under us, or the disk is full: times are a convenience.
    }
  };
  const look = () => {
    try {
      const size = statSync(logPath).size;
      if (size !== noted) note(size, now());
    } catch {
      // As above.
    }
  };
  try {
    const start = statSync(logPath);
    noted = start.size;
    // What the file held before (a container restarted into its log) was written by its mtime.
    if (noted > 0) note(noted, Math.floor(start.mtimeMs));
  } catch {
    return () => {};
  }
  const timer = setInterval(look, POLL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    look();
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
 * growing for `POLL_MS`, so a partial write is not shown as a line), each with its time.
 * `undefined` when the log does not exist. `make` builds each line's object (a reader's own
 * shape, so a long log is not turned into objects twice).
 */
export function readTimedLines(logPath: string): TimedLine[] | undefined;
export function readTimedLines<T>(logPath: string, make: (text: string, time: number, end: number) => T): T[] | undefined;
export function readTimedLines<T>(
  logPath: string,
  make: (text: string, time: number, end: number) => T = (text, time, end) => ({ text, time, end }) as T,
): T[] | undefined {
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
  const lines: T[] = [];
  let start = 0;
  let mark = 0;
  while (start < text.length) {
    const nl = text.indexOf(10, start);
    if (nl < 0 && Date.now() - mtime < POLL_MS) break;
    const end = nl < 0 ? text.length : nl + 1;
    while (mark < marks.length && marks[mark].size < end) mark++;
    const time = mark < marks.length ? marks[mark].time : Math.floor(mtime);
    let stop = nl < 0 ? end : nl;
    if (stop > start && text[stop - 1] === 13) stop--;
    lines.push(make(text.toString('utf8', start, stop), time, end));
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
  // The last line's time as `readTimedLines` gives it: when a mark first saw the whole file, else its mtime.
  const lastTime = marks.find((m) => m.size >= stat.size)?.time ?? Math.floor(stat.mtimeMs);
  return { size: stat.size, firstTime: Math.min(marks[0]?.time ?? lastTime, lastTime), lastTime, createdTime };
}
