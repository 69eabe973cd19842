/**
 * One DuckDB database file, opened on first use and used one call at a time. DuckDB lets a single
 * process hold a database file for writing; another process (`godwit sql` while a pipeline step
 * has the file) waits up to `lockWaitMs` for it, then gets E_WAREHOUSE_LOCKED naming the holder.
 * Calls are queued because one connection runs one transaction: two interleaved async calls
 * would otherwise share (and commit) each other's transaction.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { GodwitError } from '../../core/errors.js';
import { duckdb } from './duckdb-api.js';
import { ensureCatalog } from './duckdb-catalog.js';

interface Open {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly databaseId: string;
}

export interface Held {
  readonly connection: DuckDBConnection;
  readonly databaseId: string;
  readonly release: () => void;
}

export class DuckDbSession {
  private opening?: Promise<Open>;
  private tail: Promise<void> = Promise.resolve();
  /** True between a user's own BEGIN and its COMMIT/ROLLBACK: Godwit then adds no transaction. */
  userTransaction = false;

  constructor(
    private readonly warehouse: string,
    readonly path: string,
    private readonly lockWaitMs: number,
  ) {}

  /** The connection, held until `release`; callers queue behind each other. */
  async acquire(): Promise<Held> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      this.opening ??= this.open().catch((err) => {
        this.opening = undefined;
        throw err;
      });
      const { connection, databaseId } = await this.opening;
      return { connection, databaseId, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  async exclusive<T>(fn: (connection: DuckDBConnection, databaseId: string) => Promise<T>): Promise<T> {
    const held = await this.acquire();
    try {
      return await fn(held.connection, held.databaseId);
    } finally {
      held.release();
    }
  }

  /** Closes the file (releasing its lock); safe to call twice, and a later call opens it again. */
  async close(): Promise<void> {
    const held = await this.acquire().catch(() => undefined);
    try {
      const open = await this.opening?.catch(() => undefined);
      this.opening = undefined;
      this.userTransaction = false;
      open?.connection.closeSync();
      open?.instance.closeSync();
    } finally {
      held?.release();
    }
  }

  private async open(): Promise<Open> {
    if (this.path !== ':memory:') await mkdir(dirname(this.path), { recursive: true });
    const started = Date.now();
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      try {
        const instance = await duckdb.DuckDBInstance.create(this.path);
        const connection = await instance.connect();
        return { instance, connection, databaseId: await ensureCatalog(connection) };
      } catch (err) {
        const holder = /Conflicting lock is held in (.*) \(PID (\d+)\)/.exec(String((err as Error).message));
        if (!holder)
          throw new GodwitError(
            'E_WAREHOUSE_UNREACHABLE',
            `Warehouse "${this.warehouse}" could not open DuckDB file ${this.path}: ${(err as Error).message}`,
            { hint: 'Check that the folder is writable and the file is a DuckDB database.', cause: err },
          );
        if (Date.now() - started >= this.lockWaitMs) throw locked(this.warehouse, this.path, holder[2], this.lockWaitMs);
        await sleep(wait);
      }
    }
  }
}

function locked(warehouse: string, path: string, pid: string | undefined, waited: number): GodwitError {
  return new GodwitError(
    'E_WAREHOUSE_LOCKED',
    `Warehouse "${warehouse}" is in use: process ${pid} holds DuckDB file ${path} (waited ${(waited / 1000).toFixed(1)} s).`,
    {
      hint: 'DuckDB allows one process per file: wait for that run or command to finish (or stop it), raise the wait with the warehouse option lockWaitMs, or give this work its own warehouse file.',
    },
  );
}
