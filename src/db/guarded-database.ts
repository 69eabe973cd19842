import { GodwitError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { hostPort, redactSecret } from './database-url.js';
import type { SqlDatabase, SqlRow, SqlValue } from './sql-database.js';

/** Which database a wrapper guards, for messages: a SQLite file or a PostgreSQL URL. */
export type DatabaseTarget = { readonly file: string } | { readonly url: string };

/**
 * Wraps any `SqlDatabase` so that what a user can cause (a server that is down, a wrong password,
 * a damaged file, a lock held too long) reaches them as a `GodwitError` with the way out, and no
 * password ever appears in a message (kysely's `RuntimeDriver` plays this part for its drivers).
 * Errors thrown by a transaction's own code pass through unchanged.
 */
export class GuardedDatabase implements SqlDatabase {
  constructor(
    private readonly inner: SqlDatabase,
    private readonly target: DatabaseTarget,
  ) {}

  get dialect() {
    return this.inner.dialect;
  }

  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]> {
    return this.inner.query<R>(sql, params).catch((err) => this.fail(err));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.inner.run(sql, params).catch((err) => this.fail(err));
  }

  exec(script: string): Promise<void> {
    return this.inner.exec(script).catch((err) => this.fail(err));
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    // The transaction's statements are guarded through `tx`; what `fn` itself throws is the
    // caller's and passes through unchanged (an EROFS of the caller's own is not the database's).
    let thrownByFn = false;
    return this.inner
      .transaction(async (tx) => {
        try {
          return await fn(new GuardedDatabase(tx, this.target));
        } catch (err) {
          thrownByFn = true;
          throw err;
        }
      })
      .catch((err) => (thrownByFn ? Promise.reject(err) : this.fail(err)));
  }

  atCommit(task: (tx: SqlDatabase) => Promise<void>): Promise<void> {
    // Deferred, the task runs on the inner transaction: it gets that handle guarded, as `fn` does.
    return this.inner.atCommit((tx) => task(new GuardedDatabase(tx, this.target))).catch((err) => this.fail(err));
  }

  close(): Promise<void> {
    return this.inner.close().catch((err) => this.fail(err));
  }

  private fail(err: unknown): never {
    throw databaseError(err, this.target);
  }
}

/** The GodwitError for a driver error, or the error itself (password removed) when unknown. */
export function databaseError(err: unknown, target: DatabaseTarget): unknown {
  if (err instanceof GodwitError) return err;
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e?.code ?? e?.errors?.[0]?.code;
  const detail = 'url' in target ? redactSecret(String(e?.message ?? err), target.url) : String(e?.message ?? err);
  const known = 'url' in target ? postgresError(code, detail, target.url) : sqliteError(code, detail, target.file);
  if (known) return Object.assign(known, { cause: 'url' in target ? undefined : err });
  if (err instanceof Error && 'url' in target) {
    err.message = redactSecret(err.message, target.url);
    if (err.stack) err.stack = redactSecret(err.stack, target.url);
  }
  return err;
}

function postgresError(code: string | undefined, detail: string, url: string): GodwitError | undefined {
  const where = hostPort(url);
  const unset = 'or remove the setting to use the home’s SQLite file';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
    const why = code === 'ENOTFOUND' ? 'host not found' : code === 'ECONNREFUSED' ? 'connection refused' : 'no answer';
    return new GodwitError('E_DATABASE_UNREACHABLE', `Cannot reach the PostgreSQL server at ${where} (${why}).`, {
      hint: `Start the server or correct the host and port in databaseUrl (${redactUrl(url)}, from GODWIT_DATABASE_URL or godwit.config.yaml), ${unset}.`,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new GodwitError('E_DATABASE_AUTH', `The PostgreSQL server at ${where} refused the login: ${detail}.`, {
      hint: `Check the user and password in databaseUrl (${redactUrl(url)}, from GODWIT_DATABASE_URL or godwit.config.yaml).`,
    });
  }
  if (code === '3D000') {
    const name = new URL(url).pathname.slice(1);
    return new GodwitError('E_DATABASE_NOT_FOUND', `The PostgreSQL server at ${where} has no database "${name}".`, {
      hint: `Create it (createdb -h ${where.split(':')[0]} ${name}) or name another one in databaseUrl.`,
    });
  }
  return undefined;
}

function sqliteError(code: string | undefined, detail: string, file: string): GodwitError | undefined {
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT_')) {
    return new GodwitError(
      'E_METADATA_CORRUPT',
      `The metadata database ${file} cannot be read (${detail}). Runs and artifacts on disk are untouched.`,
      { hint: `Move it aside (mv "${file}" "${file}.broken") to start a fresh history, or set GODWIT_HOME to another folder.` },
    );
  }
  if (code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_')) {
    return new GodwitError('E_DATABASE_BUSY', `The metadata database ${file} stayed locked by another process (${detail}).`, {
      hint: 'Wait for the other godwit command to finish, then try again.',
    });
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS') {
    return new GodwitError('E_METADATA_UNWRITABLE', `The metadata database ${file} cannot be opened for writing (${detail}).`, {
      hint: 'It must be a file in a folder you can write to: fix its permissions, or set GODWIT_HOME to another folder.',
    });
  }
  return undefined;
}
