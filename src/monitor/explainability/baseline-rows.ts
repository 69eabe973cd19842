/**
 * Clarify's SHAP `baseline`: rows given in place (`[[…], …]` or `[{"features": […]}]`), or the
 * URI of a file of rows in the data set's format without a header (`.jsonl`, `.parquet`, else CSV).
 * Its rows must have the data set's feature count.
 */
import { GodwitError } from '../../core/errors.js';
import type { StoreOptions } from '../../store/index.js';
import { readExplainData } from './explain-data.js';
import type { Rows } from './kernel-shap.js';
import type { ShapSettings } from './shap-config.js';

export async function readBaselineRows(
  baseline: ShapSettings['baseline'],
  cols: number,
  storeOptions: StoreOptions | undefined,
): Promise<Rows | undefined> {
  if (baseline === undefined) return undefined;
  let rows: Rows;
  if (typeof baseline === 'string') {
    const format = /\.jsonl?$/i.test(baseline) ? 'jsonl' : /\.parquet$/i.test(baseline) ? 'parquet' : 'csv';
    const { table } = await readExplainData({ kind: 'dataset', uri: baseline, format, header: false }, { storeOptions });
    rows = table;
  } else {
    const width = baseline[0].length;
    if (baseline.some((r) => r.length !== width)) throw widthError(`rows of different lengths (${width} first)`);
    rows = { rows: baseline.length, cols: width, data: Float64Array.from(baseline.flat()) };
  }
  if (rows.cols !== cols) throw widthError(`${rows.cols} values per row where the data set has ${cols} features`);
  return rows;
}

function widthError(why: string): GodwitError {
  return new GodwitError('E_EXPLAIN_BASELINE', `The SHAP baseline does not fit the data set: it has ${why}.`, {
    hint: 'Give baseline rows with exactly the feature columns the model reads, without the label.',
  });
}
