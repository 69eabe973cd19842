import type pg from 'pg';
import { CommitTasks } from './commit-tasks.js';
import { postgresDialect } from './dialect.js';
import { loadPg } from './load-pg.js';
import type { SqlDatabase, SqlRow, SqlValue } from './sql-database.js';

const { Pool, types: pgTypes } = await loadPg();

const INT8 = 20;
const NUMERIC = 1700;

/**
 * PostgreSQL through a `pg` Pool, for a team's shared metadata. Loaded only when a
 * `postgres://` URL is configured. The pool connects on first use. BIGINT and NUMERIC come back
 * as JavaScript numbers (Godwit's counters and sizes stay below 2^53), so rows look the same as
 * SQLite's.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = postgresDialect;
  private pool?: pg.Pool;

  constructor(
    private readonly url: string,
    private readonly options: { readonly max?: number } = {},
  ) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.connection().query(this.dialect.native(sql), params as SqlValue[])).rows as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    const result = await this.connection().query(this.dialect.native(sql), params as SqlValue[]);
    return { changes: result.rowCount ?? 0 };
  }

  async exec(script: string): Promise<void> {
    await this.connection().query(script);
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const client = await this.connection().connect();
    try {
      await client.query('BEGIN');
      const tx = new PostgresTransaction(client, 0);
      const result = await fn(tx);
      await tx.tasks.run(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  atCommit(task: (tx: SqlDatabase) => Promise<void>): Promise<void> {
    return this.transaction(task);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private connection(): pg.Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.url,
        max: this.options.max ?? 4,
        types: { getTypeParser: parserFor as never },
      });
      // An idle client's dropped connection must not crash the process; the next query reports it.
      this.pool.on('error', () => {});
    }
    return this.pool;
  }
}

function parserFor(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return Number;
  return pgTypes.getTypeParser(oid, format as 'text');
}

/** One pooled client inside BEGIN … COMMIT; nesting is a savepoint. */
class PostgresTransaction implements SqlDatabase {
  readonly dialect = postgresDialect;
  readonly tasks = new CommitTasks();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly depth: number,
  ) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.client.query(this.dialect.native(sql), params as SqlValue[])).rows as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    const result = await this.client.query(this.dialect.native(sql), params as SqlValue[]);
    return { changes: result.rowCount ?? 0 };
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const name = `godwit_sp${this.depth + 1}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const inner = new PostgresTransaction(this.client, this.depth + 1);
      const result = await fn(inner);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      this.tasks.adopt(inner.tasks);
      return result;
    } catch (err) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
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
