import { GodwitError } from '../core/errors.js';
import type { MetricDatum } from './metric-store.js';

/** CloudWatch's window for a datum's timestamp: up to two weeks old, up to two hours ahead. */
export const PAST_LIMIT_S = 14 * 24 * 3600;
export const FUTURE_LIMIT_S = 2 * 3600;
const MAX_DIMENSIONS = 30;

/**
 * The dimensions as stored and compared: `[[name, value], …]` sorted by name, as JSON, so
 * `{a, b}` and `{b, a}` are one series and a query must name the same set to match it.
 */
export function canonicalDimensions(dimensions: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function dimensionsOf(canonical: string): Record<string, string> {
  return Object.fromEntries(JSON.parse(canonical) as [string, string][]);
}

/** Refuses a datum CloudWatch would refuse, naming it (`what` is its place: `data[3]`). */
export function checkDatum(d: MetricDatum, what: string, nowS: number): void {
  const fail = (problem: string, hint: string) =>
    new GodwitError('E_METRIC_DATUM', `Metric datum ${what} (${d.namespace}/${d.metricName}): ${problem}`, { hint });
  if (!d.namespace || !d.metricName) throw fail('the namespace and the metric name must not be empty.', 'Name both.');
  const dims = Object.entries(d.dimensions);
  if (dims.length > MAX_DIMENSIONS)
    throw fail(`${dims.length} dimensions, more than ${MAX_DIMENSIONS}.`, 'Drop some dimensions.');
  for (const [name, value] of dims) {
    if (!name.trim() || !value.trim())
      throw fail(`dimension "${name}" = "${value}" is blank.`, 'Dimensions need a name and a value.');
  }
  const t = d.timestamp.getTime() / 1000;
  if (!Number.isFinite(t) || t < nowS - PAST_LIMIT_S || t > nowS + FUTURE_LIMIT_S) {
    throw fail(
      `timestamp ${Number.isFinite(t) ? d.timestamp.toISOString() : 'invalid'} is more than two weeks in the past or two hours in the future.`,
      'Send data with timestamps within the last two weeks.',
    );
  }
  const kinds = [d.value !== undefined, d.values !== undefined, d.statisticValues !== undefined].filter(Boolean).length;
  if (kinds !== 1) throw fail('give exactly one of value, values (with counts) or statisticValues.', 'Send one kind per datum.');
  if (d.value !== undefined) checkNumber(d.value, 'value', fail);
  if (d.values !== undefined) checkValues(d, fail);
  if (d.statisticValues) checkSet(d.statisticValues, fail);
  if (d.storageResolution !== undefined && d.storageResolution !== 1 && d.storageResolution !== 60) {
    throw fail(`storage resolution ${d.storageResolution} is neither 1 nor 60.`, 'Use 1 (high resolution) or 60.');
  }
}

type Fail = (problem: string, hint: string) => GodwitError;

function checkNumber(v: number, name: string, fail: Fail): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 2 ** 360) {
    throw fail(`${name} ${v} is not a finite number within ±2^360.`, 'NaN and infinities are not metric values.');
  }
}

function checkValues(d: MetricDatum, fail: Fail): void {
  const values = d.values ?? [];
  if (d.counts !== undefined && d.counts.length !== values.length) {
    throw fail(`${values.length} values but ${d.counts.length} counts.`, 'Give one count per value, or no counts (each 1).');
  }
  for (const [i, v] of values.entries()) checkNumber(v, `values[${i}]`, fail);
  d.counts?.forEach((c, i) => {
    checkNumber(c, `counts[${i}]`, fail);
    if (c < 0) throw fail(`counts[${i}] is ${c}, below 0.`, 'Counts are how many times a value was seen.');
  });
}

function checkSet(s: NonNullable<MetricDatum['statisticValues']>, fail: Fail): void {
  for (const [k, v] of Object.entries(s)) checkNumber(v, `statisticValues.${k}`, fail);
  if (s.sampleCount <= 0)
    throw fail(`statisticValues.sampleCount is ${s.sampleCount}.`, 'A statistic set summarises at least one sample.');
  if (s.minimum > s.maximum) throw fail(`statisticValues.minimum ${s.minimum} is above maximum ${s.maximum}.`, 'Swap them.');
}
