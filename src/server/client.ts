import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../core/errors.js';
import type { GodwitHome } from '../core/home.js';
import { alive, alreadyRunning, logFile, pidFile, readServerRecord, type ServerRecord, serverDir } from './server-files.js';

/**
 * How the CLI reaches a home's server. Verbs that need a live process (invoking an endpoint,
 * streaming live metrics) call `ensureServer`; verbs on recorded state call the library and never
 * need one.
 */
export type LiveServer = ServerRecord & { readonly url: string };

/** What `findServer` saw: the live server, or nothing, and whether a stale pid file was removed. */
export interface Finding {
  readonly server?: LiveServer;
  /** The pid of a dead server whose pid file was just removed. */
  readonly staleRemoved?: number;
  /** A live process holds the pid file but does not answer (still starting, or hung). */
  readonly unresponsive?: ServerRecord;
}

/** The home's running server, if its process is alive and answers `/api/v1/health` as that home's server. */
export async function findServer(home: GodwitHome): Promise<Finding> {
  const record = await readServerRecord(home);
  if (!record) return {};
  if (!alive(record.pid)) {
    await unlink(pidFile(home)).catch(() => undefined);
    return { staleRemoved: record.pid };
  }
  if (record.url && (await answersFor(record.url, home, record.pid))) return { server: record as LiveServer };
  return { unresponsive: record };
}

/** Whether the server at `url` is the one of this home and pid (a reused port or pid is not it). */
async function answersFor(url: string, home: GodwitHome, pid: number): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { home?: string; pid?: number };
    return res.ok && body.home === home.root && body.pid === pid;
  } catch {
    return false;
  }
}

/** Whether `url` is a Godwit server (of any home): it answers `/api/v1/health` with its home and pid. */
export async function isGodwitServer(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { home?: unknown; pid?: unknown };
    return res.ok && typeof body.home === 'string' && typeof body.pid === 'number';
  } catch {
    return false;
  }
}

/**
 * The home's running server, or a detached one started now, which it says on `stderr`.
 * A server that holds the home but does not answer within `waitMs` is an error, not replaced.
 */
export async function ensureServer(
  home: GodwitHome,
  io: { stderr: { write(text: string): unknown }; env: NodeJS.ProcessEnv },
  options: { port: number; waitMs?: number },
): Promise<LiveServer> {
  const found = await findServer(home);
  if (found.server) return found.server;
  if (found.unresponsive) return waitUntilAnswering(home, options.waitMs ?? 15_000);
  const server = await startDetached(home, { port: options.port, env: io.env, waitMs: options.waitMs });
  io.stderr.write(
    `Started a Godwit server for ${home.root} at ${server.url} (pid ${server.pid}; log ${logFile(home)}). Stop it with: godwit server stop\n`,
  );
  return server;
}

/**
 * Starts `godwit server` for the home as a detached process (its own session, output to the home's
 * server log) and resolves once it answers. If it exits first, the error quotes why from its log.
 */
export async function startDetached(
  home: GodwitHome,
  options: { port: number; env: NodeJS.ProcessEnv; waitMs?: number; host?: string },
): Promise<LiveServer> {
  const found = await findServer(home);
  if (found.server || found.unresponsive) throw alreadyRunning(home, (found.server ?? found.unresponsive) as ServerRecord);
  mkdirSync(serverDir(home), { recursive: true });
  const log = openSync(logFile(home), 'a');
  const child = spawn(
    process.execPath,
    [...cliEntry(), 'server', '--port', String(options.port), ...(options.host ? ['--host', options.host] : [])],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...options.env, GODWIT_HOME: home.root },
    },
  );
  closeSync(log);
  child.unref();
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code ?? -1));
  return waitUntilAnswering(home, options.waitMs ?? 15_000, () => exited);
}

async function waitUntilAnswering(home: GodwitHome, waitMs: number, exitCode: () => number | null | undefined = () => undefined) {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const code = exitCode();
    if (code !== undefined) {
      throw new GodwitError('E_SERVER_START', `The Godwit server for ${home.root} exited (code ${code}) before it answered.`, {
        hint: `Its log says why: ${logFile(home)}`,
      });
    }
    const found = await findServer(home);
    if (found.server) return found.server;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new GodwitError('E_SERVER_START', `The Godwit server for ${home.root} did not answer within ${waitMs / 1000} s.`, {
    hint: `See its log: ${logFile(home)}; check it with: godwit server status`,
  });
}

/**
 * Ends the home's server with SIGTERM (requests in flight finish) and waits for it to go; after
 * `waitMs` it is killed. Resolves with the server that was stopped, or undefined if none ran. A
 * live pid that does not answer as this home's server is not signalled: the pid may have been
 * reused by another program since.
 */
export async function stopServer(home: GodwitHome, waitMs = 15_000): Promise<ServerRecord | undefined> {
  const found = await findServer(home);
  if (found.unresponsive) {
    throw new GodwitError(
      'E_SERVER_UNRESPONSIVE',
      `Process ${found.unresponsive.pid} holds ${pidFile(home)} but does not answer as this home's server.`,
      {
        hint: `If it is a hung Godwit server, end it with: kill ${found.unresponsive.pid}`,
      },
    );
  }
  const record = found.server;
  if (!record) return undefined;
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + waitMs;
  while (alive(record.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive(record.pid)) process.kill(record.pid, 'SIGKILL');
  const left = await readServerRecord(home);
  if (left?.pid === record.pid) await unlink(pidFile(home)).catch(() => undefined);
  return record;
}

/**
 * How to start Godwit's CLI in a new process: the built `dist/cli/bin.js`, or in a source
 * checkout `src/cli/bin.ts` through tsx (this module is then a `.ts` file itself).
 */
function cliEntry(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return [fileURLToPath(new URL('../cli/bin.js', import.meta.url))];
  const tsx = import.meta.resolve('tsx');
  return ['--conditions=godwit-source', '--import', tsx, fileURLToPath(new URL('../cli/bin.ts', import.meta.url))];
}
