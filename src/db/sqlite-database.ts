import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CommitTasks } from './commit-tasks.js';
import { sqliteDialect } from './dialect.js';
import type { SqlDatabase, SqlRow, SqlValue } from './sql-database.js';
import { checkIsDue, recordClean, recordCleanAtClose } from './sqlite-check.js';

/**
 * SQLite through better-sqlite3, the embedded default. Opened on first use, and switched to WAL
 * before the first write: readers (`godwit runs show`) then work while a run writes;
 * `synchronous=NORMAL` is durable across a process crash, which is what resume needs;
 * `busy_timeout` makes a second process wait for the write lock instead of failing. Opening runs
 * `PRAGMA quick_check` first and refuses a damaged file before anything is written to it, unless
 * the file is unchanged since a clean check (`sqlite-check.ts`: the check reads every page).
 * Statements are prepared once per SQL text: the executor's per-step bookkeeping is a hot path.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = sqliteDialect;
  private db?: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Set while a transaction is open: statements from outside it wait. */
  private busy?: Promise<void>;
  private wal = false;

  constructor(readonly file: string) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    while (this.busy) await this.busy;
    return this.all<R>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    while (this.busy) await this.busy;
    this.writable();
    return this.change(sql, params);
  }

  async exec(script: string): Promise<void> {
    while (this.busy) await this.busy;
    this.writable().exec(script);
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    const db = this.writable();
    let release = () => {};
    this.busy = new Promise((resolve) => {
      release = resolve;
    });
    try {
      this.statement('BEGIN IMMEDIATE').run();
      const tx = new SqliteTransaction(this, 0);
      const result = await fn(tx);
      await tx.tasks.run(tx);
      this.statement('COMMIT').run();
      return result;
    } catch (err) {
      if (db.inTransaction) this.statement('ROLLBACK').run();
      throw err;
    } finally {
      this.busy = undefined;
      release();
    }
  }

  atCommit(task: (tx: SqlDatabase) => Promise<void>): Promise<void> {
    return this.transaction(task);
  }

  async close(): Promise<void> {
    const opened = this.db !== undefined;
    this.statements.clear();
    this.db?.close();
    this.db = undefined;
    this.wal = false;
    // Opened clean, so what changed in the file since is this process's or another Godwit's.
    if (opened) await recordCleanAtClose(this.file);
  }

  /** @internal Runs now, inside whatever transaction is open. */
  all<R>(sql: string, params: readonly SqlValue[]): R[] {
    return this.statement(sql).all(...params) as R[];
  }

  /** @internal */
  change(sql: string, params: readonly SqlValue[]): { changes: number } {
    return { changes: this.statement(sql).run(...params).changes };
  }

  /** @internal */
  connection(): Database.Database {
    this.db ??= openFile(this.file);
    return this.db;
  }

  /**
   * WAL is switched on before the first write, not on open: switching rewrites the file header,
   * and a file that is only read (or refused as too new) must stay exactly as it was.
   */
  private writable(): Database.Database {
    const db = this.connection();
    if (!this.wal) {
      db.pragma('journal_mode = WAL');
      this.wal = true;
    }
    return db;
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.connection().prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** The connection each SQLite file has in this process, and how many handles share it. */
const connections = new Map<string, { readonly db: SqliteDatabase; users: number }>();

/**
 * A handle on the one connection this process keeps to `file`. Two connections to one file in one
 * process would stall each other: better-sqlite3 waits for a busy write lock synchronously, so a
 * second connection's write blocks the event loop that the first connection's open transaction
 * needs to reach COMMIT, until the busy timeout fails it (the in-process server beside a test's own
 * metadata did this). Sharing the connection queues the second writer behind the transaction
 * instead (`busy`). The connection closes when its last handle does.
 */
export function sharedSqlite(file: string): SqlDatabase {
  const key = resolve(file);
  let entry = connections.get(key);
  if (!entry) {
    entry = { db: new SqliteDatabase(key), users: 0 };
    connections.set(key, entry);
  }
  entry.users++;
  const shared = entry;
  let closed = false;
  return {
    dialect: sqliteDialect,
    query: (sql, params) => shared.db.query(sql, params),
    run: (sql, params) => shared.db.run(sql, params),
    exec: (script) => shared.db.exec(script),
    transaction: (fn) => shared.db.transaction(fn),
    atCommit: (task) => shared.db.atCommit(task),
    async close() {
      if (closed) return;
      closed = true;
      if (--shared.users > 0) return;
      connections.delete(key);
      await shared.db.close();
    },
  };
}

/** The handle a transaction's function receives: statements run at once, nesting is a savepoint. */
class SqliteTransaction implements SqlDatabase {
  readonly dialect = sqliteDialect;
  readonly tasks = new CommitTasks();

  constructor(
    private readonly owner: SqliteDatabase,
    private readonly depth: number,
  ) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.owner.all<R>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.owner.change(sql, params);
  }

  async exec(script: string): Promise<void> {
    this.owner.connection().exec(script);
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const name = `godwit_sp${this.depth + 1}`;
    const db = this.owner.connection();
    db.exec(`SAVEPOINT ${name}`);
    try {
      const inner = new SqliteTransaction(this.owner, this.depth + 1);
      const result = await fn(inner);
      db.exec(`RELEASE ${name}`);
      this.tasks.adopt(inner.tasks);
      return result;
    } catch (err) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw err;
    }
  }

  atCommit(task: (tx: SqlDatabase) => Promise<void>): Promise<void> {
    return this.tasks.defer(task);
  }

  async close(): Promise<void> {
    throw new Error('close() the database, not a transaction handle');
  }
}

function openFile(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const due = checkIsDue(file);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    // Before anything that could write: a damaged file is refused, never written into.
    if (due) {
      const check = db.pragma('quick_check(1)', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error(`integrity check failed: ${check}`), { code: 'SQLITE_CORRUPT' });
      recordClean(file);
    }
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
