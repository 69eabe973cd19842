/**
 * The Redshift statements the Data API warehouse writes itself for the interface's calls
 * (`copyFrom`, `unload`, `createTableAs` with physical design): every identifier quoted, every
 * URI and role a string literal, so nothing given as data can change the statement.
 */
import { GodwitError } from '../../core/errors.js';
import { type NameLimit, quoteWithin, tableWithin } from '../identifiers.js';
import type { CopySource, CreateOptions, TableRef, UnloadTarget } from '../warehouse.js';

/** Redshift's identifier limit (bytes). */
const REDSHIFT: NameLimit = { engine: 'Redshift', maxBytes: 127 };

export function redshiftIdent(name: string, what = 'identifier'): string {
  return quoteWithin(REDSHIFT, name, what);
}

export function redshiftTable(table: TableRef): string {
  return tableWithin(REDSHIFT, table);
}

/** A string literal as Redshift reads it: quote doubled, backslash doubled (Redshift escapes with it). */
export function redshiftString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `DISTSTYLE KEY DISTKEY("c") SORTKEY("a", "b")` from CreateOptions.physical. */
export function physicalClauses(physical: CreateOptions['physical']): string {
  if (!physical) return '';
  const out: string[] = [];
  for (const [key, value] of Object.entries(physical)) {
    const k = key.toUpperCase();
    const list = (Array.isArray(value) ? value : [value]) as string[];
    if (k === 'DISTSTYLE' && list.length === 1 && /^(ALL|EVEN|KEY|AUTO)$/i.test(list[0]))
      out.push(`DISTSTYLE ${list[0].toUpperCase()}`);
    else if (k === 'DISTKEY' && list.length === 1) out.push(`DISTKEY(${redshiftIdent(list[0], 'column name')})`);
    else if (k === 'SORTKEY' || k === 'COMPOUND SORTKEY' || k === 'INTERLEAVED SORTKEY') {
      out.push(`${k}(${list.map((c) => redshiftIdent(c, 'column name')).join(', ')})`);
    } else {
      throw new GodwitError(
        'E_WAREHOUSE_UNSUPPORTED',
        `The physical design option ${key} = ${JSON.stringify(value)} is not one Godwit writes for Redshift.`,
        {
          hint: 'Use DISTSTYLE (ALL, EVEN, KEY, AUTO), DISTKEY (a column) or SORTKEY (columns).',
        },
      );
    }
  }
  return out.length ? ` ${out.join(' ')}` : '';
}

function s3Uri(uri: string, what: string): string {
  if (!/^s3:\/\/[^/]+/.test(uri)) {
    throw new GodwitError('E_WAREHOUSE_UNSUPPORTED', `Redshift ${what} reaches only s3:// objects, not ${uri}.`, {
      hint: 'Stage the data in an S3 bucket the cluster can read, or use Redshift on PostgreSQL or DuckDB offline.',
    });
  }
  return redshiftString(uri);
}

function role(iamRole: string | undefined): string {
  if (!iamRole) return 'IAM_ROLE default';
  return /^default$/i.test(iamRole) ? 'IAM_ROLE default' : `IAM_ROLE ${redshiftString(iamRole)}`;
}

/** `COPY t FROM 's3://…' IAM_ROLE … FORMAT AS …`. */
export function copySql(table: TableRef, source: CopySource, iamRole: string | undefined): string {
  if (source.createTable) {
    throw new GodwitError('E_WAREHOUSE_UNSUPPORTED', `Redshift COPY cannot create ${redshiftTable(table)} from the data.`, {
      hint: 'Create the table first (CREATE TABLE … with its columns), then COPY into it.',
    });
  }
  const parts = [`COPY ${redshiftTable(table)} FROM ${s3Uri(source.uri, 'COPY')} ${role(iamRole)}`];
  if (source.format === 'parquet') parts.push('FORMAT AS PARQUET');
  else if (source.format === 'jsonl') parts.push("FORMAT AS JSON 'auto'");
  else {
    const csv = source.csv ?? {};
    parts.push('FORMAT AS CSV');
    if (csv.header !== false) parts.push('IGNOREHEADER 1');
    if (csv.delimiter !== undefined) parts.push(`DELIMITER ${redshiftString(csv.delimiter)}`);
    if (csv.quote !== undefined) parts.push(`QUOTE AS ${redshiftString(csv.quote)}`);
    parts.push(`NULL AS ${redshiftString(csv.nullAs ?? '')}`);
  }
  return parts.join(' ');
}

/** `UNLOAD ('select') TO 's3://…' IAM_ROLE … FORMAT AS …`. */
export function unloadSql(select: string, target: UnloadTarget, iamRole: string | undefined): string {
  const parts = [`UNLOAD (${redshiftString(select)}) TO ${s3Uri(target.uri, 'UNLOAD')} ${role(iamRole)}`];
  if (target.format === 'parquet') parts.push('FORMAT AS PARQUET');
  else if (target.format === 'jsonl') parts.push('FORMAT AS JSON');
  else {
    const csv = target.csv ?? {};
    parts.push('FORMAT AS CSV');
    if (csv.header !== false) parts.push('HEADER');
    if (csv.delimiter !== undefined) parts.push(`DELIMITER AS ${redshiftString(csv.delimiter)}`);
    if (csv.nullAs !== undefined) parts.push(`NULL AS ${redshiftString(csv.nullAs)}`);
  }
  if (target.parallel === false) parts.push('PARALLEL OFF');
  if (target.maxFileBytes !== undefined) parts.push(`MAXFILESIZE ${Math.max(5, Math.round(target.maxFileBytes / 1024 ** 2))} MB`);
  if (target.manifest) parts.push('MANIFEST');
  if (target.allowOverwrite) parts.push('ALLOWOVERWRITE');
  return parts.join(' ');
}
