import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/godwit.js', import.meta.url));

/** A `godwit` CLI process started as a user would (`node bin/godwit.js …`), with its output kept. */
export interface GodwitProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal that ended it) once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startGodwit(args: readonly string[], env: Record<string, string>): GodwitProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: '1', ...env } });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => (output.stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

/** Runs `godwit` to its end. */
export async function runGodwit(args: readonly string[], env: Record<string, string>) {
  const p = startGodwit(args, env);
  const { code } = await p.exited;
  return { code, ...p.output };
}

/** Waits until `file` has at least `lines` lines; fails after `timeoutMs`. */
export async function waitForLines(file: string, lines: number, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (found.length >= lines) return found;
    if (Date.now() > deadline) throw new Error(`${file} did not reach ${lines} lines in ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Whether a process runs, judged from the kernel's own table (Linux): a zombie does not run, and
 * an orphan's zombie may never be reaped in a container.
 */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `pid` no longer runs; false if it still does after `timeoutMs`. */
export async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (running(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
