import { breaches } from './alarm-comparison.js';
import type { AlarmDefinition, AlarmState, ComparisonOperator } from './alarm-records.js';

/**
 * CloudWatch's StateReason sentences and StateReasonData JSON, as DescribeAlarms and the alarm's
 * events show them:
 *
 *   Threshold Crossed: 2 out of the last 3 datapoints [5.0 (06/12/26 07:01:00), 4.0 (06/12/26 06:59:00)]
 *   were greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).
 *
 * Datapoints are listed newest first, with times as dd/MM/yy HH:mm:ss in UTC; numbers as Java
 * prints a double (5.0, 0.25).
 */
const WORDS: Readonly<Record<ComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

interface Point {
  readonly timestamp: Date;
  readonly value: number;
  readonly sampleCount: number;
}

export const INITIAL_REASON = 'Unchecked: Initial alarm creation';

/** A double as Java's Double.toString writes it (CloudWatch's reasons are written in Java). */
export function javaDouble(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return v.toFixed(1);
  if (v !== 0 && (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-3)) {
    const [mantissa, exponent] = v.toExponential().split('e');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return String(v);
}

const pad = (n: number) => String(n).padStart(2, '0');
const when = (d: Date) =>
  `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** CloudWatch's timestamp form in reasons and events: 2026-12-06T07:01:00.000+0000. */
export const cloudWatchTime = (d: Date) => d.toISOString().replace('Z', '+0000');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function breachReason(
  d: AlarmDefinition,
  evaluated: readonly Point[],
  alarm: boolean,
  from: AlarmState,
  treated?: { count: number; as: string },
): string {
  const matching = evaluated.filter((p) => breaches(d, p.value) === alarm).reverse();
  const list = `[${matching.map((p) => `${javaDouble(p.value)} (${when(p.timestamp)})`).join(', ')}]`;
  const verb = matching.length === 1 ? 'was' : 'were';
  const words = `${alarm ? '' : 'not '}${WORDS[d.comparisonOperator]} the threshold (${javaDouble(d.threshold)})`;
  const extra =
    treated && treated.count > 0
      ? ` and ${plural(treated.count, 'missing datapoint')} ${treated.count === 1 ? 'was' : 'were'} treated as [${treated.as}]`
      : '';
  if (d.evaluationPeriods === 1 && !treated) return `Threshold Crossed: 1 datapoint ${list} ${verb} ${words}.`;
  const n = d.evaluationPeriods;
  const minimum = alarm ? d.datapointsToAlarm : n - d.datapointsToAlarm + 1;
  const to = alarm ? 'ALARM' : 'OK';
  return `Threshold Crossed: ${matching.length} out of the last ${evaluated.length} datapoints ${list} ${verb} ${words}${extra} (minimum ${plural(minimum, 'datapoint')} for ${from} -> ${to} transition).`;
}

export const treatedReason = (n: number, as: string) =>
  `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${plural(n, 'missing datapoint')} ${n === 1 ? 'was' : 'were'} treated as [${as}].`;

export const insufficientReason = (n: number) =>
  `Insufficient Data: ${plural(n, 'datapoint')} ${n === 1 ? 'was' : 'were'} unknown.`;

/** StateReasonData: the query, the evaluated datapoints (oldest first in `recentDatapoints`, newest first in `evaluatedDatapoints`). */
export function reasonData(d: AlarmDefinition, evaluated: readonly Point[], now: Date): string {
  return JSON.stringify({
    version: '1.0',
    queryDate: cloudWatchTime(now),
    ...(evaluated.length > 0 ? { startDate: cloudWatchTime(evaluated[0].timestamp) } : {}),
    statistic: d.statistic,
    period: d.period,
    recentDatapoints: evaluated.map((p) => p.value),
    threshold: d.threshold,
    evaluatedDatapoints: [...evaluated].reverse().map((p) => ({
      timestamp: cloudWatchTime(p.timestamp),
      sampleCount: p.sampleCount,
      value: p.value,
    })),
  });
}
