import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import { redactSecret } from '../database-url.js';

/**
 * Backing up a PostgreSQL metadata database is PostgreSQL's own job: `pg_dump` takes a consistent
 * snapshot while servers and runs go on writing, `pg_restore` brings it back. Godwit prints the
 * exact commands for the configured URL (its password left out: libpq reads PGPASSWORD or
 * ~/.pgpass, so it never lands in a shell history) and, with `--run`, runs pg_dump itself.
 */
export interface PostgresGuidance {
  readonly backend: 'postgresql';
  /** The URL, password shown as ***. */
  readonly database: string;
  readonly file: string;
  /** pg_dump's command line, ready for a shell. */
  readonly backup: string;
  /** pg_restore's, into the database of the URL (or another: change `--dbname`). */
  readonly restore: string;
  /** Set when the URL has a password, which the commands leave out. */
  readonly passwordHint?: string;
}

export function postgresGuidance(url: string, target: string): PostgresGuidance {
  const file = resolve(target);
  const { url: bare, password } = withoutPassword(url);
  return {
    backend: 'postgresql',
    database: redactUrl(url),
    file,
    backup: shellLine(pgDumpArgs(bare, file, 'pg_dump')),
    restore: shellLine(['pg_restore', '--clean', '--if-exists', '--no-owner', `--dbname=${bare}`, file]),
    passwordHint: password
      ? 'The password in databaseUrl is left out of these commands: give it to them with export PGPASSWORD=… (or a line in ~/.pgpass).'
      : undefined,
  };
}

/** The URL without its password (kept apart, percent-decoded, for PGPASSWORD). */
export function withoutPassword(url: string): { url: string; password?: string } {
  const u = new URL(url);
  if (!u.password) return { url };
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), password };
}

function pgDumpArgs(url: string, file: string, program: string): string[] {
  return [program, '--format=custom', `--file=${file}`, url];
}

/** A command line a POSIX shell reads back as the same words. */
export function shellLine(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** A PostgreSQL client program on PATH, else in Debian's /usr/lib/postgresql/<version>/bin (newest first). */
export function findPostgresTool(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

/** What `godwit db backup --run` wrote with pg_dump. */
export interface PgDumpReport {
  readonly backend: 'postgresql';
  readonly database: string;
  readonly file: string;
  readonly size: number;
  readonly pgDump: string;
  /** Tables in the dump's table of contents (`pg_restore --list`). */
  readonly tables: number;
}

/**
 * Runs pg_dump into `target` (through a file beside it, renamed once whole; an existing file is
 * refused), with the URL's password in PGPASSWORD, then lists the dump with pg_restore to check
 * that it reads back and holds Godwit's `schema_versions`.
 */
export async function runPgDump(url: string, target: string, env: NodeJS.ProcessEnv): Promise<PgDumpReport> {
  const file = resolve(target);
  if (existsSync(file)) {
    throw new GodwitError('E_BACKUP_EXISTS', `${file} exists already; a backup never overwrites a file.`, {
      hint: 'Name a new file, or move the old one away.',
    });
  }
  const pgDump = findPostgresTool('pg_dump', env);
  const pgRestore = findPostgresTool('pg_restore', env);
  if (!pgDump || !pgRestore) {
    throw new GodwitError('E_BACKUP_TOOL', `pg_dump and pg_restore are not on PATH (nor under /usr/lib/postgresql/*/bin).`, {
      hint: 'Install PostgreSQL’s client programs (apt-get install postgresql-client), or run the command `godwit db backup FILE` prints where they are.',
    });
  }
  const { url: bare, password } = withoutPassword(url);
  const childEnv = { ...env, ...(password ? { PGPASSWORD: password } : {}) };
  const partial = `${file}.partial-${process.pid}`;
  try {
    await runTool(pgDumpArgs(bare, partial, pgDump), childEnv, url);
    const toc = await runTool([pgRestore, '--list', partial], childEnv, url);
    if (!/ TABLE \S+ schema_versions /.test(toc)) {
      throw new GodwitError(
        'E_BACKUP_INVALID',
        `The dump of ${redactUrl(url)} holds no schema_versions table: it is not a Godwit metadata database.`,
        {
          hint: 'Check databaseUrl (GODWIT_DATABASE_URL) names the database Godwit uses.',
        },
      );
    }
    await rename(partial, file);
    const tables = toc.split('\n').filter((l) => / TABLE \S+ /.test(l) && !/ TABLE DATA /.test(l)).length;
    return { backend: 'postgresql', database: redactUrl(url), file, size: (await stat(file)).size, pgDump, tables };
  } catch (err) {
    await unlink(partial).catch(() => {});
    throw err;
  }
}

/** Runs a client program; its stdout, or E_BACKUP_TOOL quoting its stderr (password removed). */
function runTool(argv: readonly string[], env: NodeJS.ProcessEnv, url: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(out);
      const why = redactSecret(err.trim() || `exit code ${code}`, url);
      reject(
        new GodwitError('E_BACKUP_TOOL', `${argv[0]} failed for ${redactUrl(url)}: ${why}`, {
          hint: 'Check that the server answers (godwit db info) and that pg_dump is at least as new as the server.',
        }),
      );
    });
  });
}
