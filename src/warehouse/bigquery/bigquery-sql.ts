/**
 * BigQuery SQL text that Godwit writes itself: table names in backticks (`project.dataset.table`,
 * each part validated so no name can close the quote), string literals for URIs and options, and
 * the `@name` parameters a statement uses (found outside literals and comments, so `'@x'` is text).
 */
import { GodwitError } from '../../core/errors.js';
import type { SqlParams, SqlValue, TableRef } from '../warehouse.js';

// Google's rules: project ids are 6–30 lowercase letters, digits and dashes (optionally behind a
// `domain:` prefix); datasets letters, digits and underscores; tables also Unicode letters,
// marks, numbers, connectors, dashes and spaces. None allows a backtick, backslash or dot.
const PROJECT = /^(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const DATASET = /^[A-Za-z0-9_]{1,1024}$/;
const TABLE = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd} ]{1,1024}$/u;

/** `` `project.dataset.table` ``, with `project` defaulting to the warehouse's. Throws E_SQL_IDENTIFIER. */
export function tableName(table: TableRef, defaultProject: string | undefined, defaultDataset?: string): string {
  const project = table.project ?? defaultProject;
  const dataset = table.schema ?? defaultDataset;
  if (dataset === undefined)
    throw identifierError(
      table.name,
      'it names no dataset',
      'Give the table as dataset.table, or set `dataset` on the warehouse.',
    );
  check(dataset, DATASET, 'dataset');
  check(table.name, TABLE, 'table');
  if (project !== undefined) check(project, PROJECT, 'project');
  return `\`${[project, dataset, table.name].filter((p) => p !== undefined).join('.')}\``;
}

/** The same parts as BigQuery's API wants them (`projectId`, `datasetId`, `tableId`). */
export function tableParts(table: TableRef, defaultProject: string | undefined, defaultDataset?: string) {
  tableName(table, defaultProject, defaultDataset);
  return { projectId: table.project ?? defaultProject, datasetId: (table.schema ?? defaultDataset)!, tableId: table.name };
}

function check(part: string, rule: RegExp, what: string): void {
  if (!rule.test(part))
    throw identifierError(
      part,
      `it is not a valid BigQuery ${what} name`,
      `BigQuery ${what} names hold letters, digits and underscores${what === 'table' ? ' (also dashes and spaces)' : ''}, no backticks, dots or quotes.`,
    );
}

function identifierError(name: string, why: string, hint: string): GodwitError {
  return new GodwitError('E_SQL_IDENTIFIER', `Cannot use ${JSON.stringify(name)} as a BigQuery name: ${why}.`, { hint });
}

/** A BigQuery string literal: quotes and backslashes escaped, control characters refused. */
export function stringLiteral(value: string): string {
  if (/[\0-\x1f]/.test(value))
    throw identifierError(value, 'it holds a control character', 'Remove line breaks and other control characters.');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The distinct `@name` parameters `sql` uses, in order of first use (`@@system` variables are not parameters). */
export function parametersUsed(sql: string): string[] {
  const names: string[] = [];
  const token =
    /(--|#)[^\n]*|\/\*[\s\S]*?\*\/|[rRbB]{0,2}('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\[\s\S]|[^'\\])*'|"(?:\\[\s\S]|[^"\\])*")|`(?:\\[\s\S]|[^`\\])*`|@@\w+|@(\w+)/g;
  for (const m of sql.matchAll(token)) {
    const name = m[3];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** A BigQuery parameter type for a value; `null` is a STRING null, the type BigQuery coerces best. */
export function parameterType(value: SqlValue): string {
  if (value === null || typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOL';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
  if (value instanceof Date) return 'TIMESTAMP';
  return 'BYTES';
}

/**
 * The params and types the client binds as `queryParameters`: only the names the SQL uses, each
 * one it uses present (E_SQL_PARAMETER otherwise). Values are never written into the SQL.
 */
export function bindParameters(sql: string, params: SqlParams = {}, warehouse: string) {
  const used = parametersUsed(sql);
  const missing = used.filter((n) => !Object.hasOwn(params, n));
  if (missing.length > 0) {
    throw new GodwitError(
      'E_SQL_PARAMETER',
      `The SQL for BigQuery warehouse "${warehouse}" uses @${missing.join(', @')} but no value was given.`,
      {
        hint: `Pass ${missing.map((n) => `"${n}"`).join(', ')} in the parameters, or remove the reference.`,
      },
    );
  }
  if (used.length === 0) return undefined;
  const values: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  for (const name of used) {
    const value = params[name]!;
    types[name] = parameterType(value);
    // The API takes INT64 as a decimal string and BYTES as base64.
    values[name] =
      typeof value === 'bigint' ? String(value) : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
  }
  return { params: values, types };
}
