/**
 * A caller's view of a table as DuckDB SQL (docs/governance-design.md, "A principal's view of a
 * table"): the union of the slices' rows, each column kept where a slice covering the row grants
 * it and NULL elsewhere, a column no slice grants left out.
 *
 * ```sql
 * SELECT id, CASE WHEN region = 'EU' THEN region END AS region, …
 *   FROM churn.customers WHERE (region = 'EU') OR (plan = 'vip')
 * ```
 *
 * A column every slice grants, or one an all-rows slice grants, needs no CASE; one slice gives
 * exactly `SELECT its columns FROM t WHERE its predicate`.
 */

import { GodwitError } from '../../core/errors.js';
import type { CatalogTable, ViewSlice } from '../governance-records.js';
import { foldName, lexDuckDb, quoteName } from './duckdb-lexer.js';

export interface ViewSql {
  /** `SELECT … FROM schema.table [WHERE …]`, without parentheses. */
  readonly select: string;
  /** The table's columns no slice grants (folded names). */
  readonly hidden: readonly string[];
  /** The columns in the view, in the table's order. */
  readonly visible: readonly string[];
}

export function viewSelect(
  table: CatalogTable,
  relation: string,
  slices: readonly ViewSlice[],
  quote: (name: string) => string = quoteName,
): ViewSql {
  for (const s of slices) if (s.rowFilter !== undefined) checkPredicate(s.rowFilter, table, s.source);
  const allRows = slices.some((s) => s.rowFilter === undefined);
  const items: string[] = [];
  const hidden: string[] = [];
  const visible: string[] = [];
  for (const column of table.columns) {
    const key = foldName(column.name);
    const granting = slices.filter((s) => s.columns.some((c) => foldName(c) === key));
    const name = quote(column.name);
    if (granting.length === 0) {
      hidden.push(key);
      continue;
    }
    visible.push(column.name);
    if (granting.length === slices.length || granting.some((s) => s.rowFilter === undefined)) items.push(name);
    else items.push(`CASE WHEN ${predicates(granting)} THEN ${name} END AS ${name}`);
  }
  if (items.length === 0) {
    throw new GodwitError('E_ACCESS_DENIED', `No column of ${table.database}.${table.name} is granted.`, {
      hint: 'Ask for a grant of SELECT on some of its columns.',
    });
  }
  const where = allRows ? '' : ` WHERE ${predicates(slices)}`;
  return { select: `SELECT ${items.join(', ')} FROM ${relation}${where}`, hidden, visible };
}

function predicates(slices: readonly ViewSlice[]): string {
  const ps = [...new Set(slices.map((s) => s.rowFilter as string))];
  return ps.length === 1 ? ps[0] : ps.map((p) => `(${p})`).join(' OR ');
}

/** A predicate must stay one expression inside the view: no comment, statement end or unbalanced parenthesis. */
function checkPredicate(predicate: string, table: CatalogTable, source: string): void {
  let depth = 0;
  for (const t of lexDuckDb(predicate)) {
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    const unterminated = (t.kind === 'string' || t.kind === 'ident' || t.kind === 'unicode') && !/['"$]$/.test(t.text.slice(1));
    if (t.kind === 'comment' || t.kind === 'semicolon' || depth < 0 || unterminated) {
      throw new GodwitError(
        'E_ACCESS_DENIED',
        `The row filter of ${source} on ${table.database}.${table.name} is not one expression (${JSON.stringify(predicate)}).`,
        { hint: 'Recreate the data cells filter with a plain predicate over the table’s columns.' },
      );
    }
  }
  if (depth !== 0) checkPredicate(')', table, source);
}
