import type { Dialect } from './dialect.js';

/** A value bound to a `?` placeholder. Dates are bound as ISO-8601 text by the caller. */
export type SqlValue = string | number | bigint | null;

/** A result row: column name to value, as the driver returns it (integers as numbers). */
export type SqlRow = Record<string, unknown>;

/**
 * The one seam between Godwit and a SQL database, modelled on kysely's `Driver`: a capability
 * writes SQL once, with `?` placeholders and the portable subset both databases share; the few
 * differences live in `dialect.ts`. Implementations: `sqlite-database.ts` (better-sqlite3, the
 * default) and `postgres-database.ts` (`pg`); only those two files import a driver.
 *
 * - Constructors do no I/O: the connection (SQLite file, PostgreSQL pool) opens on first use.
 * - `query` returns every row; `run` executes one statement and reports the rows it changed.
 *   Both take exactly one statement; `exec` runs a script of several without parameters.
 * - `transaction(fn)` runs `fn` with a handle whose every statement belongs to one transaction,
 *   committed when `fn`'s promise resolves and rolled back when it rejects (the rejection is
 *   passed on). On SQLite it begins IMMEDIATE (takes the write lock up front, so two processes
 *   never deadlock upgrading a read); on PostgreSQL it is READ COMMITTED on one pooled client.
 *   Nesting: `tx.transaction(fn)` on the handle is a SAVEPOINT inside the outer transaction; a
 *   rejection rolls back to the savepoint only. Statements issued on the database itself (not on
 *   the handle) while a transaction is open are never part of it: SQLite, which has one
 *   connection, queues them until the transaction ends; PostgreSQL runs them on another client.
 *   So code inside `fn` uses `tx` only: on SQLite a statement on the database itself would wait
 *   for the very transaction it is part of.
 * - Errors are the driver's own; `guarded-database.ts` turns them into `GodwitError`s.
 */
export interface SqlDatabase {
  readonly dialect: Dialect;
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  /**
   * Defers `task` to the end of the transaction this handle belongs to: it runs on the
   * transaction after `fn` resolves, just before COMMIT, in the order tasks were deferred (a task
   * may defer more); a task's rejection rolls the transaction back. Deferred inside a savepoint
   * that rolls back, it never runs. On the database itself (no transaction) it runs at once, in
   * a transaction of its own. For statements that take a lock every writer shares (the event
   * outbox's): taken last, such a lock is never held while waiting for another, so two
   * transactions can never wait on each other through it.
   */
  atCommit(task: (tx: SqlDatabase) => Promise<void>): Promise<void>;
  /** Releases the connection or pool; idempotent. */
  close(): Promise<void>;
}
