/**
 * BigQuery ML's training / evaluation split (`data_split_method`):
 * - `AUTO_SPLIT`: fewer than 500 rows, no evaluation rows; 500 to 50,000 rows, 20 % of them;
 *   more, 10,000 rows (BigQuery's documented rule).
 * - `RANDOM`: `data_split_eval_fraction` of the rows (default 0.2), chosen at random (seeded).
 * - `CUSTOM`: the BOOL column `data_split_col`: TRUE rows evaluate, FALSE / NULL rows train.
 * - `SEQ`: the last `data_split_eval_fraction` of the rows ordered by `data_split_col`.
 * - `NO_SPLIT`: every row trains.
 * The split column is never a feature.
 */
import { GodwitError } from '../../core/errors.js';
import { seededRandom, shuffleInPlace } from '../../ml/random.js';
import type { Row } from '../warehouse.js';
import type { ModelOptions } from './bqml-options.js';

export interface Split {
  readonly train: readonly Row[];
  readonly eval: readonly Row[];
}

export function splitRows(rows: readonly Row[], options: ModelOptions, seed: number): Split {
  const method = String(options.data_split_method);
  const fraction = Number(options.data_split_eval_fraction);
  const col = options.data_split_col === null ? undefined : String(options.data_split_col);
  if ((method === 'CUSTOM' || method === 'SEQ') && col === undefined)
    throw new GodwitError('E_BQML_OPTION', `data_split_method '${method}' needs data_split_col.`, {
      hint: "Name the column: data_split_col = 'is_eval' (CUSTOM: a BOOL column; SEQ: the column to order by).",
    });
  if (col !== undefined && rows.length > 0 && !(col in rows[0]))
    throw new GodwitError('E_BQML_COLUMN', `data_split_col ${col} is not a column of the training query.`, {
      hint: `Columns: ${Object.keys(rows[0]).join(', ')}.`,
    });
  if (method === 'NO_SPLIT') return { train: rows, eval: [] };
  if (method === 'CUSTOM') return { train: rows.filter((r) => r[col!] !== true), eval: rows.filter((r) => r[col!] === true) };
  if (method === 'SEQ') {
    const sorted = [...rows].sort((a, b) => compare(a[col!], b[col!]));
    const cut = Math.round(sorted.length * (1 - fraction));
    return { train: sorted.slice(0, cut), eval: sorted.slice(cut) };
  }
  const evalCount = method === 'AUTO_SPLIT' ? autoEvalRows(rows.length) : Math.round(rows.length * fraction);
  const order = rows.map((_, i) => i);
  shuffleInPlace(order, seededRandom(seed));
  const picked = new Set(order.slice(0, evalCount));
  return { train: rows.filter((_, i) => !picked.has(i)), eval: rows.filter((_, i) => picked.has(i)) };
}

export function autoEvalRows(n: number): number {
  if (n < 500) return 0;
  return n <= 50_000 ? Math.round(n * 0.2) : 10_000;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as number) < (b as number) ? -1 : 1;
}
