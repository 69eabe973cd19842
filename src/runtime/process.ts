import { spawn } from 'node:child_process';
import { fstatSync, readSync } from 'node:fs';
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
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last lines the process wrote, for error messages. */
  readonly tail: readonly string[];
}

const TAIL_LINES = 12;
const TAIL_BYTES = 64 * 1024;

/**
 * Runs a command in its own process group so a timeout or Ctrl-C ends everything it started, not
 * just the direct child. Its output goes straight to the step log file (no pipe through Godwit):
 * nothing is lost if Godwit itself dies, and a step costs little more than the spawn itself.
 */
export function runProcess(o: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) return reject(o.signal.reason);
    const logStart = fstatSync(o.logFd).size;
    const child = spawn(o.command, o.args, {
      cwd: o.cwd,
      env: o.env,
      detached: true,
      stdio: ['ignore', o.logFd, o.logFd],
    });

    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), o.killGraceMs ?? 3000);
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
      o.signal.removeEventListener('abort', kill);
      if (killTimer) clearTimeout(killTimer);
      // The direct child is gone; make sure nothing it started lingers after a kill.
      if (o.signal.aborted) killGroup(child.pid, 'SIGKILL');
      const lines = readLines(o.logFd, logStart, o.onLine ? 0 : TAIL_BYTES);
      if (o.onLine) for (const line of lines) o.onLine(line);
      resolve({ exitCode, signal, tail: lines.slice(-TAIL_LINES) });
    });
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

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
