/**
 * Where a contract step's process runs. With bubblewrap (`bwrap`) the step gets a private view of
 * the machine: the host's files read-only, its own workspace read-write at `/opt/ml`, a private
 * `/tmp` and `/dev/shm`, and Godwit's home hidden, so a script that hard-codes `/opt/ml/...` runs
 * unchanged and cannot touch another step's files. Without bubblewrap the process runs on the host
 * and the contract's paths point into the workspace instead.
 *
 * `GODWIT_SANDBOX` chooses: `auto` (default: bubblewrap when it works here), `bwrap`
 * (required: an error when it is missing) or `none`.
 */
import { spawn } from 'node:child_process';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GodwitError } from '../../core/errors.js';

export type SandboxMode = 'bwrap' | 'none';

let probe: Promise<string | undefined> | undefined;

/** The mode for this process's environment; throws when `bwrap` is required but cannot run. */
export async function sandboxMode(
  env: NodeJS.ProcessEnv,
  check: () => Promise<string | undefined> = cachedProbe,
): Promise<SandboxMode> {
  const wanted = (env.GODWIT_SANDBOX ?? 'auto').trim().toLowerCase() || 'auto';
  if (wanted === 'none') return 'none';
  if (!['auto', 'bwrap', 'bubblewrap'].includes(wanted)) {
    throw new GodwitError('E_SANDBOX_MODE', `GODWIT_SANDBOX is "${env.GODWIT_SANDBOX}"; it must be auto, bwrap or none.`);
  }
  const problem = await check();
  if (problem === undefined) return 'bwrap';
  if (wanted === 'auto') return 'none';
  throw new GodwitError('E_SANDBOX_UNAVAILABLE', `GODWIT_SANDBOX=${wanted} but bubblewrap cannot run here: ${problem}`, {
    hint: 'Install bubblewrap (apt-get install bubblewrap) or set GODWIT_SANDBOX=none to run steps on the host.',
  });
}

/** A one-line account of the mode, said once per run. */
export function describeMode(mode: SandboxMode): string {
  return mode === 'bwrap'
    ? 'Sandbox: bubblewrap. Each contract step sees its own workspace at /opt/ml and the rest of the machine read-only.'
    : "Sandbox: none (bubblewrap is not in use). Contract steps run on the host; /opt/ml paths point into each step's workspace under the run folder, through environment variables and rewritten arguments.";
}

/** Whether bwrap can run here, asked once per process: undefined when it can, else why not. */
function cachedProbe(): Promise<string | undefined> {
  probe ??= probeBwrap();
  return probe;
}

function probeBwrap(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', 'true'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? 'bwrap is not installed' : e.message));
    child.on('close', (code) => resolve(code === 0 ? undefined : err.trim() || `bwrap exited with code ${code}`));
  });
}

export interface SandboxSpec {
  /** Host folders mounted read-write, at container paths. The first is the workspace at /opt/ml. */
  readonly binds: readonly { readonly host: string; readonly path: string }[];
  /** Host folders hidden behind an empty tmpfs (Godwit's home: other runs and steps). */
  readonly hide: readonly string[];
  /** Host paths under /tmp the process needs read-only (an interpreter in a /tmp virtualenv). */
  readonly expose: readonly string[];
  readonly cwd: string;
}

/** `bwrap` arguments (before `--` and the command) for a spec. */
export async function bwrapArgs(spec: SandboxSpec): Promise<string[]> {
  const mountPoints = spec.binds.map((b) => b.path);
  for (const p of mountPoints) {
    if (['/', '/proc', '/dev', '/tmp'].some((top) => p === top || (top !== '/' && p.startsWith(`${top}/`)))) {
      throw new GodwitError(
        'E_SANDBOX_PATH',
        `A step cannot use ${p} under bubblewrap: it is a system folder the sandbox provides itself.`,
        {
          hint: 'Use a path under /opt/ml for inputs and outputs.',
        },
      );
    }
  }
  const args = await rootArgs('/', mountPoints);
  for (const h of spec.hide) args.push('--tmpfs', h);
  for (const e of spec.expose) args.push('--ro-bind', e, e);
  for (const b of spec.binds) args.push('--bind', b.host, b.path);
  args.push('--chdir', spec.cwd, '--die-with-parent');
  return args;
}

/**
 * The host's tree, read-only, rebuilt entry by entry so that folders holding a mount point (such
 * as `/opt` for `/opt/ml`) are recreated instead of bound: a read-only bind cannot gain a new
 * mount point.
 */
async function rootArgs(dir: string, mountPoints: readonly string[]): Promise<string[]> {
  const args: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (dir === '/' && name === 'proc') args.push('--proc', '/proc');
    else if (dir === '/' && name === 'dev') args.push('--dev', '/dev');
    else if (dir === '/' && name === 'tmp') args.push('--tmpfs', '/tmp');
    else if (mountPoints.includes(path)) continue;
    else {
      const info = await lstat(path).catch(() => undefined);
      if (!info) continue;
      if (info.isSymbolicLink()) args.push('--symlink', await readlink(path), path);
      else if (info.isDirectory() && mountPoints.some((m) => m.startsWith(`${path}/`)))
        args.push('--dir', path, ...(await rootArgs(path, mountPoints)));
      else args.push('--ro-bind', path, path);
    }
  }
  return args;
}

/** The folder to expose for a command that lives under /tmp (`/tmp/venv/bin/python` → `/tmp/venv`). */
export function exposureFor(commandPath: string): string | undefined {
  if (!commandPath.startsWith('/tmp/')) return undefined;
  const root = dirname(dirname(commandPath));
  return root === '/tmp' ? dirname(commandPath) : root;
}
