/**
 * A model's answer to a batch of rows as numbers to explain, read as Clarify reads a predictor's
 * output: JSON Lines (a number, a list, or an object per row), `{"predictions": […]}`, or CSV
 * lines, with Clarify's `probability` (`ProbabilityAttribute`) choosing one value per row: an
 * index into a row's list, or a key of a row's object. Without it every value of a row is
 * explained (one label each); an object row gives its `score`, else its `probability`.
 */
import { GodwitError } from '../../core/errors.js';

export interface ModelOutput {
  /** Values per row. */
  readonly width: number;
  /** Row-major. */
  readonly values: Float64Array;
}

export function parseModelOutput(text: string, rows: number, select?: number | string): ModelOutput {
  const items = rowsOf(text.trim());
  if (items.length !== rows) throw outputError(`the model answered ${items.length} predictions for ${rows} rows`);
  const first = valuesOf(items[0], select);
  const width = first.length;
  const values = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const row = r === 0 ? first : valuesOf(items[r], select);
    if (row.length !== width) throw outputError(`prediction ${r + 1} has ${row.length} values and the first has ${width}`);
    values.set(row, r * width);
  }
  return { width, values };
}

function rowsOf(text: string): unknown[] {
  if (text === '') return [];
  if (text.startsWith('{') && !text.includes('\n')) {
    const doc = JSON.parse(text) as { predictions?: unknown };
    if (Array.isArray(doc.predictions)) return doc.predictions;
  }
  if (text.startsWith('[') && !text.includes('\n')) {
    const doc = JSON.parse(text) as unknown[];
    return doc;
  }
  return text.split('\n').map((line) => {
    const t = line.trim();
    if (t.startsWith('{') || t.startsWith('[')) return JSON.parse(t);
    return t.split(',').map(Number);
  });
}

function valuesOf(item: unknown, select: number | string | undefined): number[] {
  let row: unknown = item;
  if (typeof select === 'number') row = Array.isArray(item) ? item[select] : item;
  else if (typeof select === 'string') row = (item as Record<string, unknown>)?.[select];
  else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    row = o.score ?? o.probability ?? o.probabilities;
  }
  const list = Array.isArray(row) ? row : [row];
  if (list.length === 0 || list.some((v) => typeof v !== 'number' || Number.isNaN(v)))
    throw outputError(
      `a prediction ${JSON.stringify(item)} gives ${JSON.stringify(row)}, not numbers${select === undefined ? '' : ` at probability ${JSON.stringify(select)}`}`,
    );
  return list as number[];
}

function outputError(why: string): GodwitError {
  return new GodwitError('E_EXPLAIN_MODEL', `The model's predictions cannot be explained: ${why}.`, {
    hint: 'Set the predictor\'s "probability" (ProbabilityAttribute) to the index or key of the score to explain.',
  });
}
