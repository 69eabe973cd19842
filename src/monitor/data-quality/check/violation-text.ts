/**
 * The `description` of each violation, giving the numbers. The data-type text is SageMaker's own,
 * word for word, from the public Model Monitor introduction notebook's output; the others follow
 * its pattern (the SageMaker Python SDK's older fixtures only say "Value: x does not meet the
 * constraint requirement!"). Numbers print as the prebuilt container (JVM) prints doubles:
 * `100.0`, not `100`.
 */
import type { InferredType } from '../../monitor-files.js';

/** A double as Java's `Double.toString` writes it: `1.0`, `0.25`, `1.0E-4`, `1.5E7`. */
export function javaDouble(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}

const percent = (fraction: number): string => `${javaDouble(fraction * 100)}%`;

export function dataTypeText(expected: InferredType, threshold: number, observed: number): string {
  return (
    `Data type match requirement is not met. Expected data type: ${expected}, Expected match: ${percent(threshold)}. ` +
    `Observed: Only ${percent(observed)} of data is ${expected}.`
  );
}

export function completenessText(expected: number, observed: number): string {
  return (
    `Data completeness requirement is not met. Expected completeness: ${percent(expected)}. ` +
    `Observed: Only ${percent(observed)} of data is present.`
  );
}

export function driftText(distance: number, threshold: number, method: string): string {
  return `Baseline drift distance: ${javaDouble(distance)} exceeds threshold: ${javaDouble(threshold)} (comparison method: ${method}).`;
}

export function domainText(threshold: number, observed: number, unknown: readonly string[]): string {
  const shown = unknown.slice(0, 10).map((v) => JSON.stringify(v));
  const more = unknown.length > shown.length ? `, … (${unknown.length} in all)` : '';
  return (
    `Data content requirement is not met. Expected match: ${percent(threshold)} of data in the baseline domain. ` +
    `Observed: Only ${percent(observed)} of data is in the baseline domain. Values not in the domain: ${shown.join(', ')}${more}.`
  );
}

export function missingColumnText(current: number, baseline: number): string {
  return (
    `Column is missing from the current dataset. Number of columns in the current dataset: ${current}, ` +
    `in the baseline constraints: ${baseline}.`
  );
}

export function extraColumnText(current: number, baseline: number): string {
  return (
    `Column is not in the baseline constraints. Number of columns in the current dataset: ${current}, ` +
    `in the baseline constraints: ${baseline}.`
  );
}
