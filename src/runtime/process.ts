import { type ChildProcess, spawn } from 'node:child_process';
import { fstatSync, readSync } from 'node:fs';
import { describeProcess, endGroupBy, groupMembers, killGroup, writeProcessRecord } from './live-process.js';
import { StepFailure } from './step-failure.js';

export interface ProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborting kills the whole process tree (SIGTERM, then SIGKILL after `killGraceMs`). */
  readonly signal: AbortSignal;
  /** The step log, open for appending: the process writes its stdout and stderr straight into it. */
  readonly logFd: number;
  /** Called for each line the process wrote, once it has exited (metric definitions). */
  readonly onLine?: (line: string) => void;
  readonly killGraceMs?: number;
  /**
   * The direct child only wraps the command (bubblewrap with `--die-with-parent`), and kills what
   * it wraps the moment it dies. A stop then sends SIGTERM to the rest of the group, not to the
   * wrapper, so the command has its grace period; the wrapper exits once the command has.
   */
  readonly wrapper?: boolean;
  /** Where to record the process (pid, group, start time) so a resume can find it if Godwit dies. */
  readonly recordAs?: string;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last lines the process wrote, for error messages. */
  readonly tail: readonly string[];
}

const TAIL_LINES = 12;
const TAIL_BYTES = 64 * 1024;
/** Linux's limit on one argument or variable (MAX_ARG_STRLEN); all of them together get ~2 MiB. */
const MAX_ONE_ARG = 128 * 1024;

/**
 * Process groups started here and not yet ended. If Godwit exits with steps still running (a
 * second Ctrl-C, an internal error), they are killed rather than left running with no one to
 * collect their outputs.
 */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

/**
 * Runs a command in its own process group so a timeout or Ctrl-C ends everything it started, not
 * just the direct child. Its output goes straight to the step log file (no pipe through Godwit):
 * nothing is lost if Godwit itself dies, and a step costs little more than the spawn itself.
 */
export function runProcess(o: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) return reject(o.signal.reason);
    const logStart = fstatSync(o.logFd).size;
    let child: ChildProcess;
    try {
      child = spawn(o.command, o.args, { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', o.logFd, o.logFd] });
    } catch (err) {
      // Node throws E2BIG at once (no 'error' event) when the kernel refuses the command line.
      return reject((err as NodeJS.ErrnoException).code === 'E2BIG' ? tooBig(o) : err);
    }
    let recorded: Promise<void> = Promise.resolve();
    if (child.pid !== undefined) {
      liveGroups.add(child.pid);
      if (o.recordAs) recorded = writeProcessRecord(o.recordAs, describeProcess(child.pid, o.command));
    }

    let killTimer: NodeJS.Timeout | undefined;
    let graceEnds = 0;
    const kill = () => {
      const grace = o.killGraceMs ?? 3000;
      graceEnds = Date.now() + grace;
      terminate(child.pid, o.wrapper === true);
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), grace);
      killTimer.unref();
    };
    o.signal.addEventListener('abort', kill, { once: true });

    child.on('error', (err: NodeJS.ErrnoException) => {
      o.signal.removeEventListener('abort', kill);
      if (err.code === 'ENOENT') {
        reject(
          new StepFailure('E_COMMAND_NOT_FOUND', 'error', `Command "${o.command}" was not found.`, {
            retryable: false,
            hint: `Install it or put it on PATH, or fix the step's process.command. PATH is ${o.env.PATH ?? '(unset)'}.`,
          }),
        );
      } else if (err.code === 'EACCES') {
        reject(
          new StepFailure('E_COMMAND_NOT_EXECUTABLE', 'error', `Command "${o.command}" is not executable.`, {
            retryable: false,
            hint: `Check its permissions (chmod +x "${o.command}") or name an interpreter in process.command.`,
          }),
        );
      } else reject(err);
    });
    child.on('close', (exitCode, signal) => {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      o.signal.removeEventListener('abort', kill);
      if (killTimer) clearTimeout(killTimer);
      // The direct child is gone; what it started keeps the rest of its grace period (a shell
      // that died at SIGTERM while its script saves), then nothing of it may linger, and it has
      // gone before the step is reported ended (a stopped job then leaves nothing running).
      const ended = o.signal.aborted && child.pid !== undefined ? endGroupBy(child.pid, graceEnds) : Promise.resolve();
      const lines = readLines(o.logFd, logStart, o.onLine ? 0 : TAIL_BYTES);
      if (o.onLine) for (const line of lines) o.onLine(line);
      // Never leave the record's write behind the step: its folder may be removed next.
      Promise.all([recorded, ended]).then(() => resolve({ exitCode, signal, tail: lines.slice(-TAIL_LINES) }));
    });
  });
}

/** SIGTERM to the step's group; with a wrapper, to the members it wraps (the wrapper itself only when alone). */
function terminate(group: number | undefined, wrapper: boolean): void {
  if (group === undefined) return;
  const wrapped = wrapper ? groupMembers(group).filter((pid) => pid !== group) : [];
  if (wrapped.length === 0) {
    killGroup(group, 'SIGTERM');
    return;
  }
  for (const pid of wrapped) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  }
}

/** The step's command line is larger than the kernel takes: say which part, and the way out. */
function tooBig(o: ProcessOptions): StepFailure {
  const argv = [o.command, ...o.args];
  const args = argv.map((a) => Buffer.byteLength(a));
  const longest = args.indexOf(Math.max(...args));
  const start = JSON.stringify(argv[longest].slice(0, 24));
  const envBytes = Object.entries(o.env).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}=${v ?? ''}`) + 1, 0);
  const detail =
    args[longest] >= MAX_ONE_ARG
      ? `argument ${longest} (${start}…) is ${args[longest].toLocaleString('en')} bytes, over the ${MAX_ONE_ARG.toLocaleString('en')} bytes one argument may hold`
      : `its ${args.length} arguments are ${args.reduce((a, b) => a + b, 0).toLocaleString('en')} bytes and its environment ${envBytes.toLocaleString('en')} bytes, over the operating system's limit for both together`;
  return new StepFailure('E_ARGS_TOO_LONG', 'error', `its command line is too long to start: ${detail}.`, {
    retryable: false,
    hint: 'Pass a large value as a file instead: write it to a file and give that as an input of the step (its path is in GODWIT_INPUT_<NAME>), or give the step a path to read rather than the value itself.',
  });
}

/** The lines written to the log since `start`; only the last `limit` bytes when a limit is given. */
function readLines(fd: number, start: number, limit: number): string[] {
  const end = fstatSync(fd).size;
  const from = limit > 0 ? Math.max(start, end - limit) : start;
  if (end <= from) return [];
  const buffer = Buffer.alloc(end - from);
  readSync(fd, buffer, 0, buffer.length, from);
  const lines = buffer.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (from > start) lines.shift(); // cut mid-line
  return lines;
}
