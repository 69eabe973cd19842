/**
 * An ML.* function's result put where the function was called: its rows travel as one JSON
 * parameter that DuckDB unpacks with `from_json` into typed columns, so the surrounding query
 * (ORDER BY roc_auc, a WHERE on predicted_species, a JOIN) runs in DuckDB on real columns and
 * nothing is written to the database.
 */
import type { Row } from '../warehouse.js';

/** A DuckDB type name, a list of a type, or a struct of named types (from_json's structure). */
export type JsonType = string | readonly [JsonType] | { readonly [field: string]: JsonType };

export interface ResultColumn {
  readonly name: string;
  readonly type: JsonType;
}

export interface MlResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
}

/** A subquery yielding the result's rows, reading them from parameter `$param`. */
export function resultSubquery(result: MlResult, param: string): string {
  const structure = JSON.stringify([Object.fromEntries(result.columns.map((c) => [c.name, c.type]))]).replace(/'/g, "''");
  return `(SELECT unnest(godwit_ml_row) FROM (SELECT unnest(from_json($${param}::JSON, '${structure}')) AS godwit_ml_row))`;
}

/** The parameter's value: the rows as JSON (dates as dates, big integers exact). */
export function resultJson(result: MlResult): string {
  const dates = new Set(result.columns.filter((c) => c.type === 'DATE').map((c) => c.name));
  const text = JSON.stringify(result.rows, function (key, value) {
    if (typeof value === 'bigint') return `\u0000${value}\u0000`;
    if (dates.has(key) && typeof this[key] === 'object' && this[key] instanceof Date)
      return (this[key] as Date).toISOString().slice(0, 10);
    return value;
  });
  return text.replace(/"\\u0000(-?\d+)\\u0000"/g, '$1');
}
