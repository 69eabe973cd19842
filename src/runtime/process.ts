import { spawn } from 'node:child_process';
import type { WriteStream } from 'node:fs';
import { StepFailure } from './step-failure.js';

export interface ProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborting kills the whole process tree (SIGTERM, then SIGKILL after `killGraceMs`). */
  readonly signal: AbortSignal;
  readonly log: WriteStream;
  /** Called for each complete output line (metric definitions, progress). */
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

/**
 * Runs a command in its own process group so a timeout or Ctrl-C ends everything it started, not
 * just the direct child. stdout and stderr go to the step log as they arrive.
 */
export function runProcess(o: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) return reject(o.signal.reason);
    const child = spawn(o.command, o.args, {
      cwd: o.cwd,
      env: o.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const partial = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      o.log.write(chunk);
      const text = partial[stream] + chunk.toString('utf8');
      const lines = text.split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) pushLine(line);
    };
    const pushLine = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      o.onLine?.(line);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));

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
      for (const rest of [partial.stdout, partial.stderr]) if (rest) pushLine(rest);
      // The direct child is gone; make sure nothing it started lingers after a kill.
      if (o.signal.aborted) killGroup(child.pid, 'SIGKILL');
      resolve({ exitCode, signal, tail });
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
