/**
 * One container process: started in its own process group (so stopping it stops whatever it
 * forked, as `docker stop` does), its output in a log file, its exit observable. A group still
 * running when Godwit's own process exits is killed then, so a crash of the server leaves no
 * orphan serving on a port.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { recordLogTimes } from '../../core/log-times.js';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ContainerProcess {
  /** The process Godwit started (bubblewrap when sandboxed); its group holds the container. */
  readonly pid: number;
  /** Settles once, when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  readonly running: () => boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs: number): Promise<ProcessExit>;
  /** The last lines of its log. */
  tail(lines?: number): Promise<string>;
}

export interface SpawnSpec {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logPath: string;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function spawnContainer(spec: SpawnSpec): ContainerProcess {
  installExitHook();
  const log = openSync(spec.logPath, 'a');
  const [command, ...args] = spec.argv;
  const child = spawn(command as string, args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  // Lines get their times beside the log, for the CloudWatch Logs door's endpoint streams.
  const stopTimes = recordLogTimes(spec.logPath);
  let done = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    const finish = (exit: ProcessExit) => {
      if (done) return;
      done = true;
      stopTimes();
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      resolve(exit);
    };
    child.on('exit', (code, signal) => finish({ code, signal }));
    child.on('error', () => finish({ code: null, signal: null }));
  });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  const pid = child.pid ?? -1;
  return {
    pid,
    exited,
    running: () => !done,
    async stop(graceMs) {
      if (done) return exited;
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      // Children that ignored SIGTERM outlive their parent; the group goes with it.
      signalGroup(pid, 'SIGKILL');
      return exit;
    },
    tail: (lines = 20) => tailOf(spec.logPath, lines),
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  });
}

/** The last `lines` lines of a log, reading at most its last 64 KiB. */
async function tailOf(path: string, lines: number): Promise<string> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return '';
  try {
    const { size } = await file.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } finally {
    await file.close();
  }
}
