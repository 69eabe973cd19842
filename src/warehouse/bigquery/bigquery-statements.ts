/**
 * The statements and job configurations Godwit writes for BigQuery: CTAS and materialized views
 * (with partitioning and clustering), the load job behind `copyFrom` and the `EXPORT DATA`
 * statement behind `unload`. Every name goes through `tableName`, every URI and option through
 * `stringLiteral`, so nothing a user passes as data can change the statement's shape.
 */
import { GodwitError } from '../../core/errors.js';
import { parseUri } from '../../core/uri.js';
import { keySegments } from '../../store/keys.js';
import type { CopySource, CreateOptions, UnloadTarget } from '../warehouse.js';
import { stringLiteral } from './bigquery-sql.js';

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
// A partitioning expression is SQL; it is held to the shapes BigQuery allows there
// (`DATE(ts)`, `_PARTITIONDATE`, `RANGE_BUCKET(x, GENERATE_ARRAY(0, 100, 10))`, …).
const PARTITION_EXPRESSION = /^[A-Za-z0-9_(), .-]+$/;

/** `CREATE [OR REPLACE] TABLE|MATERIALIZED VIEW name [PARTITION BY …] [CLUSTER BY …] AS select`. */
export function createAs(kind: 'TABLE' | 'MATERIALIZED VIEW', name: string, select: string, options: CreateOptions = {}): string {
  const physical = options.physical ?? {};
  const partition = one(physical.partitionBy ?? physical.partition_by);
  const cluster = many(physical.clusterBy ?? physical.cluster_by);
  if (partition !== undefined && !PARTITION_EXPRESSION.test(partition)) throw physicalError('partitionBy', partition);
  for (const c of cluster) if (!COLUMN.test(c)) throw physicalError('clusterBy', c);
  const clauses = [
    `CREATE ${options.replace ? 'OR REPLACE ' : ''}${kind} ${name}`,
    partition === undefined ? '' : `PARTITION BY ${partition}`,
    cluster.length ? `CLUSTER BY ${cluster.map((c) => `\`${c}\``).join(', ')}` : '',
    `AS ${select}`,
  ];
  return clauses.filter((c) => c !== '').join('\n');
}

/** The source URIs of a load job: one object, or every object under a prefix (`gs://b/p/*`). */
export function loadUris(uri: string): string[] {
  const location = parseUri(uri);
  if (location.scheme !== 'gs') {
    throw new GodwitError('E_URI', `BigQuery loads from Google Cloud Storage only, not from ${uri}.`, {
      hint: 'Copy the files to a gs:// bucket first (`godwit storage cp`), then load from there.',
    });
  }
  const prefix = location.key.replace(/\/+$/, '');
  if (prefix !== '') keySegments(prefix);
  if (uri.endsWith('/') || prefix === '') return [`gs://${location.bucket}/${prefix === '' ? '' : `${prefix}/`}*`];
  return [`gs://${location.bucket}/${prefix}`];
}

/** The `configuration.load` of a load job into `destinationTable`, appending atomically. */
export function loadConfiguration(source: CopySource, destinationTable: Record<string, unknown>) {
  const csv = source.csv ?? {};
  const format = { csv: 'CSV', parquet: 'PARQUET', jsonl: 'NEWLINE_DELIMITED_JSON' }[source.format];
  return {
    sourceUris: loadUris(source.uri),
    destinationTable,
    sourceFormat: format,
    // A load job commits all its rows or none, so a failed COPY leaves the table as it was.
    writeDisposition: 'WRITE_APPEND',
    createDisposition: source.createTable ? 'CREATE_IF_NEEDED' : 'CREATE_NEVER',
    ...(source.createTable && source.format !== 'parquet' ? { autodetect: true } : {}),
    ...(source.format === 'csv'
      ? {
          skipLeadingRows: csv.header === false ? 0 : 1,
          fieldDelimiter: csv.delimiter ?? ',',
          quote: csv.quote ?? '"',
          nullMarker: csv.nullAs ?? '',
        }
      : {}),
  };
}

/** `EXPORT DATA OPTIONS(…) AS select`, writing `<prefix>0_part_<12 digits>.<ext>`. */
export function exportData(select: string, target: UnloadTarget): string {
  if (parseUri(target.uri).scheme !== 'gs' || !target.uri.endsWith('/')) {
    throw new GodwitError('E_URI', `BigQuery exports to a gs:// prefix ending in "/", not ${target.uri}.`, {
      hint: 'Give the target as gs://bucket/prefix/ (BigQuery cannot write to s3:// or local files).',
    });
  }
  const ext = { csv: 'csv', parquet: 'parquet', jsonl: 'json' }[target.format];
  const options = [
    `uri=${stringLiteral(`${target.uri}0_part_*.${ext}`)}`,
    `format=${stringLiteral({ csv: 'CSV', parquet: 'PARQUET', jsonl: 'JSON' }[target.format])}`,
    `overwrite=${target.allowOverwrite ? 'true' : 'false'}`,
  ];
  if (target.format === 'csv') {
    options.push(`header=${target.csv?.header === false ? 'false' : 'true'}`);
    options.push(`field_delimiter=${stringLiteral(target.csv?.delimiter ?? ',')}`);
  }
  return `EXPORT DATA OPTIONS(${options.join(', ')}) AS\n${select}`;
}

function one(v: string | readonly string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : v?.[0];
}

function many(v: string | readonly string[] | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
}

function physicalError(key: string, value: string): GodwitError {
  return new GodwitError('E_SQL_IDENTIFIER', `Cannot use ${JSON.stringify(value)} as BigQuery's ${key}.`, {
    hint:
      key === 'clusterBy'
        ? 'Cluster by plain column names.'
        : 'Partition by a column or a DATE/TIMESTAMP_TRUNC/RANGE_BUCKET expression of one.',
  });
}
