/**
 * Predictions back into a response body, as SageMaker's XGBoost container writes them, numbers in
 * Python's `repr` (`9.0`, `1e-05`), since that container is what clients and monitors compare with:
 *
 * ```
 * text/csv               0.25,0.75              one line, comma-separated (a vector as "[0.1, 0.9]")
 * text/csv (batch)       0.25\n0.75\n           one prediction per line, when SAGEMAKER_BATCH is set
 * application/json       [0.25, 0.75]           json.dumps of the predictions ([[0.1, 0.9], …] for vectors)
 * application/jsonlines  0.25\n0.75\n           one JSON value per row (Godwit's own: the container has none)
 * ```
 */
import { GodwitError } from '../core/errors.js';
import { mediaType } from '../ml/inference-format.js';

export const RESPONSE_TYPES = ['text/csv', 'application/json', 'application/jsonlines'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export interface Predictions {
  readonly rows: number;
  /** Values per row; 1 answers a number per row, more a list per row. */
  readonly width: number;
  readonly values: ArrayLike<number>;
}

/** The first type of `accept` the model can write; absent or `*\/*` is `text/csv`. */
export function responseType(accept: string | undefined, fallback: ResponseType = 'text/csv'): ResponseType {
  if (accept === undefined || accept.trim() === '') return fallback;
  for (const part of accept.split(',')) {
    const type = mediaType(part);
    if (type === '*/*' || type === 'text/*' || type === 'application/*') return fallback;
    if ((RESPONSE_TYPES as readonly string[]).includes(type)) return type as ResponseType;
    if (type === 'application/x-jsonlines') return 'application/jsonlines';
  }
  throw new GodwitError('E_CONTENT_TYPE', `The model cannot answer with "${accept}".`, {
    hint: `It answers with ${RESPONSE_TYPES.join(', ')}.`,
  });
}

export function formatPredictions(p: Predictions, type: ResponseType, options: { batch?: boolean } = {}): string {
  const items: string[] = new Array(p.rows);
  for (let r = 0; r < p.rows; r++)
    items[r] = p.width === 1 ? pythonFloat(p.values[r]) : pythonList(p.values, r * p.width, p.width);
  if (type === 'application/json') return `[${items.join(', ')}]`;
  if (type === 'application/jsonlines' || options.batch) return items.length ? `${items.join('\n')}\n` : '';
  return items.join(',');
}

function pythonList(values: ArrayLike<number>, at: number, width: number): string {
  const parts: string[] = new Array(width);
  for (let i = 0; i < width; i++) parts[i] = pythonFloat(values[at + i]);
  return `[${parts.join(', ')}]`;
}

/**
 * Python's `repr(float)`: the shortest digits that read back (as JavaScript's), written
 * positionally for exponents -4 to 15 with a `.0` on integers, else as `1.5e-05` / `1e+16`.
 * Non-finite values are written as Python's json.dumps does (`NaN`, `Infinity`).
 */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}
