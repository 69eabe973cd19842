/** Runs the CLI from source in a child process, as a user's shell would (no TTY, CI=1). */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function godwitProcess(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; nodeArgs?: string[]; bin?: string } = {},
): { child: ChildProcess; done: Promise<Result> } {
  // tsx by absolute URL: the command may run in a folder with no node_modules.
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--conditions=godwit-source',
      '--import',
      import.meta.resolve('tsx'),
      options.bin ?? join(ROOT, 'src/cli/bin.ts'),
      ...args,
    ],
    { cwd: options.cwd ?? ROOT, env: { ...process.env, ...env, CI: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export const godwit = (args: string[], env: Record<string, string>, cwd?: string) => godwitProcess(args, env, { cwd }).done;
