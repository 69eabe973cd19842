/**
 * Metrics as numbers by name, and which way is better: shared by `godwit models show|diff`
 * (a version's metrics report) and `godwit runs compare` (each step's metrics).
 */

/**
 * A metrics report's numeric leaves by dotted path, in document order:
 * `{ regression_metrics: { mse: { value: 4.5 } } }` → `{ 'regression_metrics.mse.value': 4.5 }`.
 * Array items are indexed (`items[0].score`), as JsonGet paths write them.
 */
export function flattenMetrics(report: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'number' && Number.isFinite(value)) out[path] = value;
    else if (Array.isArray(value)) for (const [i, v] of value.entries()) visit(v, `${path}[${i}]`);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(report, '');
  return out;
}

export type Direction = 'lower' | 'higher';

const LOWER = new Set(['loss', 'error', 'err', 'mse', 'rmse', 'mae', 'mape', 'logloss', 'smape', 'wape']);
const HIGHER = new Set(['accuracy', 'acc', 'auc', 'f1', 'precision', 'recall', 'r2', 'roc_auc', 'pr_auc']);

/**
 * Which way a metric improves, from the words of its name (`validation:mse` → lower,
 * `val_accuracy` → higher), with `overrides` (exact names) first. A name whose words point both
 * ways, or neither, has no direction: nothing is marked best for it.
 */
export function metricDirection(
  name: string,
  overrides: { readonly higher?: readonly string[]; readonly lower?: readonly string[] } = {},
): Direction | undefined {
  const short = name.slice(name.lastIndexOf('.') + 1);
  const matches = (list?: readonly string[]) => list?.some((n) => n === name || n === short) ?? false;
  if (matches(overrides.higher)) return 'higher';
  if (matches(overrides.lower)) return 'lower';
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  const joined = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const lower = words.some((w) => LOWER.has(w));
  const higher = words.some((w) => HIGHER.has(w)) || /(^|_)(roc|pr)_auc(_|$)/.test(joined);
  if (lower === higher) return undefined;
  return lower ? 'lower' : 'higher';
}

/** Indexes of the best of `values` (ties all win); none without a direction or with fewer than two values. */
export function bestOf(values: readonly (number | undefined)[], direction: Direction | undefined): number[] {
  const present = values.filter((v): v is number => v !== undefined);
  if (!direction || present.length < 2) return [];
  const best = direction === 'lower' ? Math.min(...present) : Math.max(...present);
  return values.flatMap((v, i) => (v === best ? [i] : []));
}

/** A number as people read it: integers as they are, others to 6 significant digits. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(6)));
}

/** B − A, signed (`+0.25`, `-1`), or `0`. */
export function formatDelta(a: number, b: number): string {
  const d = b - a;
  if (d === 0) return '0';
  return `${d > 0 ? '+' : '-'}${formatNumber(Math.abs(Number(d.toPrecision(12))))}`;
}
