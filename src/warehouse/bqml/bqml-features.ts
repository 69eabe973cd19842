/**
 * BigQuery ML's automatic preprocessing, fitted on the training rows and saved with the model:
 * numeric columns standardised (z-score; NULL imputed with the training mean, so 0 once
 * standardised), STRING and BOOL columns one-hot encoded over the categories seen in training
 * (NULL is a category of its own when training saw it; a category first seen at prediction sets
 * no column). Boosted trees see raw numbers with NULL as missing, as XGBoost does.
 */
import { GodwitError } from '../../core/errors.js';
import type { Matrix } from '../../ml/estimator.js';
import type { Column, Row } from '../warehouse.js';

export type Category = string | null;

export type Feature =
  | { readonly name: string; readonly kind: 'numeric'; readonly mean: number; readonly std: number; readonly mode: NumericMode }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      readonly categories: readonly Category[];
      readonly encoding: Encoding;
    };

/** `standardize`: (x − mean) / std, NULL → 0; `impute`: NULL → mean; `raw`: NULL stays missing (trees). */
export type NumericMode = 'standardize' | 'impute' | 'raw';
export type Encoding = 'ONE_HOT_ENCODING' | 'DUMMY_ENCODING' | 'LABEL_ENCODING';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|REAL|INT\d*|FLOAT\d*)$/i;
const CATEGORICAL = /^(VARCHAR|BOOLEAN|STRING|BOOL)$/i;

/** BigQuery's name for a column type (DuckDB's names in bqml), for messages: VARCHAR is STRING, DOUBLE FLOAT64. */
export function bigQueryType(type: string): string {
  const upper = type.toUpperCase();
  if (/^(VARCHAR|TEXT|STRING)$/.test(upper)) return 'STRING';
  if (/^(DOUBLE|FLOAT|REAL|FLOAT8|FLOAT4)$/.test(upper)) return 'FLOAT64';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(upper)) return 'INT64';
  if (upper === 'BOOLEAN') return 'BOOL';
  if (upper.startsWith('DECIMAL')) return 'NUMERIC';
  if (upper === 'TIMESTAMP') return 'DATETIME';
  if (upper === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMP';
  return upper;
}

export function columnKind(column: Column): 'numeric' | 'categorical' | undefined {
  if (NUMERIC.test(column.type)) return 'numeric';
  return CATEGORICAL.test(column.type) ? 'categorical' : undefined;
}

export function fitFeatures(columns: readonly Column[], rows: readonly Row[], mode: NumericMode, encoding: Encoding): Feature[] {
  return columns.map((column) => {
    const kind = columnKind(column);
    if (kind === 'numeric') return { name: column.name, kind, ...moments(rows, column.name), mode };
    if (kind === 'categorical') return { name: column.name, kind, categories: categoriesOf(rows, column.name), encoding };
    throw new GodwitError(
      'E_BQML_COLUMN_TYPE',
      `Column ${column.name} has type ${bigQueryType(column.type)}, which CREATE MODEL cannot use as a feature.`,
      {
        hint: 'Features are numbers, strings or booleans: cast the column, or leave it out of the SELECT (SELECT * EXCEPT (…)).',
      },
    );
  });
}

/** How many matrix columns a feature takes. */
export function width(feature: Feature): number {
  if (feature.kind === 'numeric' || feature.encoding === 'LABEL_ENCODING') return 1;
  return feature.categories.length - (feature.encoding === 'DUMMY_ENCODING' ? 1 : 0);
}

/** The matrix columns' names: `x`, or `island_Biscoe` for a one-hot column. */
export function expandedNames(features: readonly Feature[]): string[] {
  return features.flatMap((f) => {
    if (f.kind === 'numeric' || f.encoding === 'LABEL_ENCODING') return [f.name];
    const shown = f.encoding === 'DUMMY_ENCODING' ? f.categories.slice(1) : f.categories;
    return shown.map((c) => `${f.name}_${c ?? 'NULL'}`);
  });
}

export function encode(features: readonly Feature[], rows: readonly Row[]): Matrix {
  const cols = features.reduce((n, f) => n + width(f), 0);
  const data = new Float64Array(rows.length * cols);
  let offset = 0;
  for (const f of features) {
    if (f.kind === 'numeric') encodeNumeric(f, rows, data, cols, offset);
    else encodeCategorical(f, rows, data, cols, offset);
    offset += width(f);
  }
  return { rows: rows.length, cols, data };
}

function encodeNumeric(
  f: Extract<Feature, { kind: 'numeric' }>,
  rows: readonly Row[],
  data: Float64Array,
  cols: number,
  at: number,
): void {
  rows.forEach((row, r) => {
    const x = numberOf(row[f.name]);
    const v = Number.isNaN(x) ? (f.mode === 'raw' ? Number.NaN : f.mean) : x;
    data[r * cols + at] = f.mode === 'standardize' ? (v - f.mean) / f.std : v;
  });
}

function encodeCategorical(
  f: Extract<Feature, { kind: 'categorical' }>,
  rows: readonly Row[],
  data: Float64Array,
  cols: number,
  at: number,
): void {
  const index = new Map(f.categories.map((c, i) => [c, i]));
  const shift = f.encoding === 'DUMMY_ENCODING' ? 1 : 0;
  rows.forEach((row, r) => {
    const k = index.get(categoryOf(row[f.name]));
    if (f.encoding === 'LABEL_ENCODING') data[r * cols + at] = k ?? Number.NaN;
    else if (k !== undefined && k - shift >= 0) data[r * cols + at + k - shift] = 1;
  });
}

export function numberOf(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function categoryOf(value: unknown): Category {
  return value === null || value === undefined ? null : String(value);
}

function moments(rows: readonly Row[], name: string): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const row of rows) {
    const x = numberOf(row[name]);
    if (Number.isNaN(x)) continue;
    n++;
    sum += x;
    sq += x * x;
  }
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? (sq - n * mean * mean) / (n - 1) : 0;
  return { mean, std: variance > 1e-24 ? Math.sqrt(variance) : 1 };
}

/** Sorted, NULL first when present. */
function categoriesOf(rows: readonly Row[], name: string): Category[] {
  const seen = new Set<Category>();
  for (const row of rows) seen.add(categoryOf(row[name]));
  const values = [...seen].filter((c): c is string => c !== null).sort();
  return seen.has(null) ? [null, ...values] : values;
}
