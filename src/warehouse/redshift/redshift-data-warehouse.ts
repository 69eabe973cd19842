/**
 * A real Redshift (provisioned or Serverless) through the Data API. SQL a user writes is sent as
 * written — COPY and UNLOAD included, Redshift runs them against S3 itself — with its `:name`
 * parameters sent as the Data API's `Parameters`, never pasted. The interface's own calls
 * (`copyFrom`, `unload`, `createTableAs`…) are written as Redshift SQL by `redshift-data-sql.ts`.
 *
 * ```yaml
 * warehouses:
 *   prod: { type: redshift, clusterIdentifier: analytics, database: dev,
 *           secretArn: arn:aws:secretsmanager:…, iamRole: arn:aws:iam::123456789012:role/etl }
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { ColumnMetadata } from '@aws-sdk/client-redshift-data';
import { GodwitError } from '../../core/errors.js';
import { REDSHIFT } from '../../sql/index.js';
import { positional } from '../postgres/postgres-params.js';
import type {
  Column,
  CopySource,
  CreateOptions,
  QueryResult,
  Row,
  RowBatch,
  SqlParams,
  StatementCost,
  StreamOptions,
  TableRef,
  UnloadResult,
  UnloadTarget,
  Warehouse,
} from '../warehouse.js';
import { type DataApiTarget, type Finished, RedshiftDataClientWrapper } from './redshift-data-client.js';
import { copySql, physicalClauses, redshiftIdent, redshiftTable, unloadSql } from './redshift-data-sql.js';

import { dataApiParameters, fieldValue } from './redshift-values.js';

export class RedshiftDataWarehouse implements Warehouse {
  readonly type = 'redshift' as const;
  readonly dialect = 'redshift' as const;
  private readonly api: RedshiftDataClientWrapper;

  constructor(
    readonly name: string,
    private readonly target: DataApiTarget & { readonly iamRole?: string },
    env: NodeJS.ProcessEnv,
  ) {
    this.api = new RedshiftDataClientWrapper(target, env);
  }

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    const started = performance.now();
    const done = await this.run(sql, params);
    const columns: Column[] = [];
    const rows: Row[] = [];
    if (done.description.HasResultSet) {
      for await (const batch of this.batches(done.id, Number.POSITIVE_INFINITY)) {
        if (columns.length === 0) columns.push(...batch.columns);
        rows.push(...batch.rows);
      }
    }
    return { columns, rows, cost: { ...this.cost(started, done), rows: rows.length } };
  }

  async *stream(sql: string, params?: SqlParams, options: StreamOptions = {}): AsyncIterable<RowBatch> {
    const done = await this.run(sql, params);
    if (done.description.HasResultSet) yield* this.batches(done.id, Math.max(1, options.batchRows ?? 10_000));
  }

  async execute(sql: string, params?: SqlParams): Promise<StatementCost> {
    const started = performance.now();
    return this.cost(started, await this.run(sql, params));
  }

  async createTableAs(table: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    const started = performance.now();
    const name = redshiftTable(table);
    const physical = physicalClauses(options.physical);
    if (!options.replace)
      return this.cost(started, await this.run(`CREATE TABLE ${name}${physical} AS ${select}`, options.params));
    // Built beside the old table, then swapped in one transaction: a failing select leaves the old one.
    const temp = `${table.name.slice(0, 100)}__godwit_${randomBytes(4).toString('hex')}`;
    const staged = await this.run(
      `CREATE TABLE ${redshiftTable({ ...table, name: temp })}${physical} AS ${select}`,
      options.params,
    );
    await this.api.batch([
      `DROP TABLE IF EXISTS ${name}`,
      `ALTER TABLE ${redshiftTable({ ...table, name: temp })} RENAME TO ${redshiftIdent(table.name)}`,
    ]);
    return this.cost(started, staged);
  }

  async createMaterializedView(view: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    const started = performance.now();
    const name = redshiftTable(view);
    if (options.params && Object.keys(options.params).length > 0) {
      throw new GodwitError('E_WAREHOUSE_UNSUPPORTED', `The materialized view ${name} cannot take parameters.`, {
        hint: 'Redshift recomputes a materialized view from its text alone; use createTableAs for a parameterized result.',
      });
    }
    const create = `CREATE MATERIALIZED VIEW ${name}${physicalClauses(options.physical)} AS ${select}`;
    const done = options.replace
      ? await this.api.batch([`DROP MATERIALIZED VIEW IF EXISTS ${name}`, create])
      : await this.run(create);
    return this.cost(started, done);
  }

  async refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    const started = performance.now();
    return this.cost(started, await this.run(`REFRESH MATERIALIZED VIEW ${redshiftTable(view)}`));
  }

  async copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    const started = performance.now();
    return this.cost(started, await this.run(copySql(table, source, this.target.iamRole)));
  }

  async unload(select: string, target: UnloadTarget, params?: SqlParams): Promise<UnloadResult> {
    const started = performance.now();
    if (params && Object.keys(params).length > 0) {
      throw new GodwitError(
        'E_WAREHOUSE_UNSUPPORTED',
        'Redshift UNLOAD takes its query as a string and cannot bind parameters.',
        {
          hint: 'Materialize the parameterized query with createTableAs, then unload the table.',
        },
      );
    }
    const done = await this.run(unloadSql(select, target, this.target.iamRole));
    const files = await this.unloadedFiles(done);
    const bytesWritten = files.reduce((n, f) => n + f.size, 0);
    return {
      ...this.cost(started, done),
      files,
      filesWritten: files.length,
      bytesWritten,
      ...(target.manifest ? { manifestUri: `${target.uri}manifest` } : {}),
    };
  }

  /**
   * `redshift:<table oid>:<rows>:<last query that inserted or deleted rows>`, from the catalog and
   * the STL_INSERT / STL_DELETE logs (provisioned clusters; Redshift keeps those logs for a few
   * days, after which only the row count moves the version).
   */
  async tableVersion(table: TableRef): Promise<string | undefined> {
    const name = redshiftTable(table);
    const found = await this.query(
      'select c.oid as id from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = :name and n.nspname = :schema',
      { name: table.name, schema: table.schema ?? 'public' },
    );
    if (found.rows.length === 0) return undefined;
    const id = Number(found.rows[0].id);
    const version = await this.query(
      `select (select count(*) from ${name}) as n, (select max(query) from (select query, tbl from stl_insert union all select query, tbl from stl_delete) where tbl = ${id}) as q`,
    );
    return `redshift:${id}:${version.rows[0].n}:${version.rows[0].q ?? ''}`;
  }

  async close(): Promise<void> {
    this.api.close();
  }

  private run(sql: string, params?: SqlParams): Promise<Finished> {
    const { names, values } = positional(sql, params, REDSHIFT);
    return this.api.execute(sql, dataApiParameters(names, values));
  }

  private async *batches(id: string, size: number): AsyncIterable<RowBatch> {
    let pending: Row[] = [];
    let columns: Column[] = [];
    for await (const page of this.api.pages(id)) {
      columns = page.columns.map(columnOf);
      for (const record of page.records) {
        pending.push(rowOf(record, page.columns));
        if (pending.length >= size) {
          yield { columns, rows: pending };
          pending = [];
        }
      }
    }
    if (pending.length > 0 || columns.length > 0) yield { columns, rows: pending };
  }

  private async unloadedFiles(done: Finished): Promise<{ uri: string; size: number }[]> {
    const queryId = done.description.RedshiftQueryId;
    if (queryId === undefined) return [];
    const serverless = this.target.workgroupName !== undefined;
    const sql = serverless
      ? 'select trim(file_name) as path, file_size as size from sys_unload_detail where query_id = :q order by 1'
      : 'select trim(path) as path, transfer_size as size from stl_unload_log where query = :q order by 1';
    const { rows } = await this.query(sql, { q: queryId });
    return rows.map((r) => ({ uri: String(r.path), size: Number(r.size) }));
  }

  private cost(started: number, done: Finished): StatementCost {
    const rows = done.description.ResultRows;
    return { durationMs: performance.now() - started, ...(rows !== undefined && rows >= 0 ? { rows } : {}) };
  }
}

function columnOf(c: ColumnMetadata): Column {
  return { name: c.label ?? c.name ?? '', type: c.typeName ?? 'unknown' };
}

function rowOf(record: readonly import('@aws-sdk/client-redshift-data').Field[], columns: readonly ColumnMetadata[]): Row {
  const row: Record<string, unknown> = {};
  record.forEach((field, i) => {
    row[columns[i]?.label ?? columns[i]?.name ?? `col${i}`] = fieldValue(field, columns[i]?.typeName);
  });
  return row;
}
