/**
 * BigQuery through the official `@google-cloud/bigquery` client (the adapter: the only file that
 * loads it, on the first call). Statements run as query jobs in GoogleSQL (`useLegacySql: false`)
 * in the configured location, with `@name` parameters bound as `queryParameters`; results are
 * read page by page (`jobs.getQueryResults`) and the job's statistics (`jobs.get`) give the cost
 * signals: `totalBytesProcessed`, the figure BigQuery bills, is `bytesScanned`. `dryRun` gets that
 * figure without running anything. `copyFrom` is a load job from `gs://` (atomic: all rows or
 * none); `unload` is `EXPORT DATA` to a `gs://` prefix; `tableVersion` is the table's
 * `lastModifiedTime` and etag (`tables.get`).
 *
 * Configuration (`warehouses.<name>` with `type: bigquery`): `url` or `project` (the project id),
 * `location`, `dataset` (for tables named without one), `endpoint` (another JSON-API endpoint,
 * sent no Google credentials). Credentials come from the client's Application Default Credentials
 * chain and are never logged.
 */
import type { BigQuery, Job, JobMetadata } from '@google-cloud/bigquery';
import type { WarehouseConfig } from '../../config/config.js';
import { GodwitError } from '../../core/errors.js';
import { hasUrlCredentials, redactUrl } from '../../core/redact.js';
import { endpointCredentials } from '../../store/gcs/gcs-errors.js';
import type { WarehouseDeps } from '../index.js';
import type {
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
import { bigQueryError, loadError } from './bigquery-errors.js';
import { columnsOf, rowsOf, type SchemaField } from './bigquery-rows.js';
import { bindParameters, tableName, tableParts } from './bigquery-sql.js';
import { createAs, exportData, loadConfiguration } from './bigquery-statements.js';
import { unloadTo } from './bigquery-unload.js';

export const DEFAULT_BIGQUERY_ENDPOINT = 'https://bigquery.googleapis.com';
const DEFAULT_BATCH_ROWS = 10_000;

type QueryStatistics = NonNullable<NonNullable<JobMetadata['statistics']>['query']>;

export class BigQueryWarehouse implements Warehouse {
  readonly type = 'bigquery';
  readonly dialect = 'bigquery';
  private handle?: Promise<BigQuery>;
  private readonly endpoint: string;
  private readonly project?: string;
  private readonly dataset?: string;

  constructor(
    readonly name: string,
    private readonly config: WarehouseConfig,
    private readonly deps: WarehouseDeps,
  ) {
    this.endpoint = String(config.endpoint ?? DEFAULT_BIGQUERY_ENDPOINT).replace(/\/+$/, '');
    this.project = optionalString(config.project ?? config.projectId ?? config.url);
    this.dataset = optionalString(config.dataset);
  }

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    const started = Date.now();
    const job = await this.startQuery(sql, params);
    const rows: Row[] = [];
    let columns: QueryResult['columns'] = [];
    for await (const batch of this.pages(job, DEFAULT_BATCH_ROWS)) {
      columns = batch.columns;
      rows.push(...batch.rows);
    }
    const cost = await this.costOf(job, started, rows.length);
    return { columns, rows, cost };
  }

  async *stream(sql: string, params?: SqlParams, options: StreamOptions = {}): AsyncIterable<RowBatch> {
    const job = await this.startQuery(sql, params);
    yield* this.pages(job, options.batchRows ?? DEFAULT_BATCH_ROWS);
  }

  async execute(sql: string, params?: SqlParams): Promise<StatementCost> {
    const started = Date.now();
    const job = await this.startQuery(sql, params);
    for await (const _ of this.pages(job, 1)) break; // waits for the job to finish
    return this.costOf(job, started);
  }

  /** The bytes `sql` would process, from a dry run: nothing runs and nothing is billed. */
  async dryRun(sql: string, params?: SqlParams): Promise<StatementCost> {
    const started = Date.now();
    const bq = await this.client();
    try {
      const [, meta] = (await bq.createQueryJob({
        query: sql,
        useLegacySql: false,
        dryRun: true,
        ...bindParameters(sql, params, this.name),
      })) as unknown as [Job, JobMetadata];
      return {
        durationMs: Date.now() - started,
        ...optionalNumber('bytesScanned', meta.statistics?.query?.totalBytesProcessed ?? meta.statistics?.totalBytesProcessed),
      };
    } catch (err) {
      throw this.error(err, 'dry-run a query');
    }
  }

  // Async so that a bad name rejects like any other failure instead of throwing.
  async createTableAs(table: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    return this.execute(createAs('TABLE', this.nameOf(table), select, options), options.params);
  }

  async createMaterializedView(view: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    if (options.params && Object.keys(options.params).length > 0) {
      throw new GodwitError(
        'E_SQL_PARAMETER',
        `BigQuery materialized views cannot hold query parameters (creating ${this.nameOf(view)}).`,
        {
          hint: 'Write the values into the view definition, or filter when you query the view.',
        },
      );
    }
    return this.execute(createAs('MATERIALIZED VIEW', this.nameOf(view), select, options));
  }

  async refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    // The view's name is validated by nameOf, so it can stand in a string literal unescaped.
    return this.execute(`CALL BQ.REFRESH_MATERIALIZED_VIEW('${this.nameOf(view).slice(1, -1)}')`);
  }

  async copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    const started = Date.now();
    const parts = tableParts(table, this.project, this.dataset);
    const bq = await this.client();
    const action = `load ${source.uri} into ${this.nameOf(table)}`;
    try {
      if (source.createTable)
        await bq
          .dataset(parts.datasetId, { projectId: parts.projectId })
          .get({ autoCreate: true, location: this.location } as never);
      const [job] = await bq.createJob({ configuration: { load: loadConfiguration(source, parts) } as never });
      const [meta] = (await job.promise()) as unknown as [JobMetadata];
      const load = meta.statistics?.load;
      return {
        durationMs: Date.now() - started,
        ...optionalNumber('rows', load?.outputRows),
        ...optionalNumber('bytesScanned', load?.inputFileBytes),
        ...optionalNumber('bytesWritten', load?.outputBytes),
      };
    } catch (err) {
      throw loadError(err, { warehouse: this.name, endpoint: redactUrl(this.endpoint), action }, source.uri);
    }
  }

  async unload(select: string, target: UnloadTarget, params?: SqlParams): Promise<UnloadResult> {
    return unloadTo(this.deps.stores, target, () => this.execute(exportData(select, target), params));
  }

  async tableVersion(table: TableRef): Promise<string | undefined> {
    const parts = tableParts(table, this.project, this.dataset);
    const bq = await this.client();
    try {
      const [meta] = await bq.dataset(parts.datasetId, { projectId: parts.projectId }).table(parts.tableId).getMetadata();
      return `${meta.lastModifiedTime}/${meta.etag}`;
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return undefined;
      throw this.error(err, `read the metadata of ${this.nameOf(table)}`);
    }
  }

  async close(): Promise<void> {
    // The client holds no connections of its own beyond Node's keep-alive agent.
    this.handle = undefined;
  }

  // ---------------------------------------------------------------------------------------------

  /** The configured location (`EU`, `us-central1`); BigQuery's default, `US`, when unset. */
  get location(): string | undefined {
    return optionalString(this.config.location);
  }

  private nameOf(table: TableRef): string {
    return tableName(table, this.project, this.dataset);
  }

  private client(): Promise<BigQuery> {
    if (hasUrlCredentials(this.endpoint))
      return Promise.reject(endpointCredentials(`endpoint of warehouse "${this.name}"`, this.endpoint));
    this.handle ??= import('@google-cloud/bigquery').then(({ BigQuery }) => {
      const custom = this.endpoint !== DEFAULT_BIGQUERY_ENDPOINT;
      const retries = this.config.maxRetries;
      return new BigQuery({
        apiEndpoint: this.endpoint,
        projectId: this.project,
        location: this.location,
        // Another endpoint is an emulator or a stand-in: it gets no Google credentials.
        ...(custom ? { authClient: anonymousAuth() as never } : {}),
        ...(retries === 0 ? { autoRetry: false } : typeof retries === 'number' ? { maxRetries: retries } : {}),
      });
    });
    return this.handle;
  }

  private async startQuery(sql: string, params?: SqlParams): Promise<Job> {
    const bound = bindParameters(sql, params, this.name);
    const bq = await this.client();
    try {
      const [job] = await bq.createQueryJob({ query: sql, useLegacySql: false, location: this.location, ...bound });
      return job;
    } catch (err) {
      throw this.error(err, 'run a query');
    }
  }

  /** The job's result pages, waiting (server-side) while it runs. */
  private async *pages(job: Job, batchRows: number): AsyncGenerator<RowBatch> {
    let pageToken: string | undefined;
    for (;;) {
      let response: { jobComplete?: boolean; pageToken?: string; schema?: { fields?: SchemaField[] }; rows?: unknown[] };
      try {
        const result = (await job.getQueryResults({
          autoPaginate: false,
          maxResults: batchRows,
          pageToken,
          skipParsing: true,
        })) as unknown[];
        response = (result[2] ?? {}) as typeof response;
        response.rows = result[0] as unknown[];
      } catch (err) {
        throw this.error(err, 'read the results of a query');
      }
      if (response.jobComplete === false) continue;
      const fields = response.schema?.fields ?? [];
      yield { columns: columnsOf(fields), rows: rowsOf(fields, response.rows as never) };
      pageToken = response.pageToken;
      if (!pageToken) return;
    }
  }

  private async costOf(job: Job, started: number, returned?: number): Promise<StatementCost> {
    let stats: QueryStatistics | undefined;
    try {
      stats = (await job.getMetadata())[0].statistics?.query;
    } catch (err) {
      throw this.error(err, 'read the statistics of a query');
    }
    const exported = (stats as { exportDataStatistics?: { fileCount?: string; rowCount?: string } } | undefined)
      ?.exportDataStatistics;
    return {
      durationMs: Date.now() - started,
      ...(returned !== undefined ? { rows: returned } : optionalNumber('rows', stats?.numDmlAffectedRows ?? exported?.rowCount)),
      ...optionalNumber('bytesScanned', stats?.totalBytesProcessed),
      ...optionalNumber('filesWritten', exported?.fileCount),
    };
  }

  private error(err: unknown, action: string): GodwitError {
    return bigQueryError(err, { warehouse: this.name, endpoint: redactUrl(this.endpoint), action });
  }
}

/** An auth client that adds no credentials (google-auth-library's PassThroughClient, by shape). */
function anonymousAuth() {
  return {
    getRequestHeaders: async () => new Headers(),
    getAccessToken: async () => ({}),
    on: () => undefined,
  };
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `{[key]: n}` for a figure the API reported (as a decimal string), `{}` for one it did not. */
function optionalNumber<K extends string>(key: K, v: string | number | null | undefined): Partial<Record<K, number>> {
  return v === undefined || v === null || v === '' ? {} : ({ [key]: Number(v) } as Record<K, number>);
}
