/**
 * A table name as a `TableRef`: `schema.table`, `"My Schema"."t"` (Redshift, unquoted names fold
 * to lower case as Redshift folds them), `` `project.dataset.table` `` or `` `project`.dataset.table ``
 * (BigQuery, names keep their case).
 */
import type { TableRef } from '../warehouse/warehouse.js';
import type { StatementDialect } from './sql-statement.js';
import { qualifiedName, type Token } from './sql-tokens.js';

/** Reads the name starting at `start` in significant tokens; undefined when there is none. */
export function readTableRef(
  sig: readonly Token[],
  start: number,
  dialect: StatementDialect,
): { ref: TableRef; end: number } | undefined {
  const { tokens, end } = qualifiedName(sig, start);
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'word') parts.push(dialect === 'redshift' ? t.text.toLowerCase() : t.text);
    else if (t.kind === 'ident' && dialect === 'bigquery') parts.push(...(t.value ?? '').split('.'));
    else if (t.kind === 'ident') parts.push(t.value ?? '');
  }
  if (parts.length === 0 || parts.some((p) => p === '')) return undefined;
  if (parts.length > 3 || (parts.length === 3 && dialect === 'redshift')) return undefined;
  const [name, schema, project] = [...parts].reverse();
  return { ref: { name, ...(schema === undefined ? {} : { schema }), ...(project === undefined ? {} : { project }) }, end };
}

/** `schema.name` for messages. */
export function tableRefText(ref: TableRef): string {
  return [ref.project, ref.schema, ref.name].filter((p) => p !== undefined).join('.');
}
