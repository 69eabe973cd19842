import { GodwitError } from '../core/errors.js';
import { percentileOf } from '../metrics/metric-statistics.js';
import type { AlarmDefinition, ComparisonOperator, MissingDataTreatment } from './alarm-records.js';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];
export const MISSING_DATA_TREATMENTS: readonly MissingDataTreatment[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
/** CloudWatch's limit on one alarm's evaluation: EvaluationPeriods × Period ≤ seven days. */
const MAX_EVALUATION_S = 7 * 24 * 3600;
const MAX_ACTIONS = 5;

/** What a caller must give; everything else takes CloudWatch's default (`withDefaults`). */
export type AlarmInput = Pick<
  AlarmDefinition,
  'name' | 'namespace' | 'metricName' | 'statistic' | 'period' | 'evaluationPeriods' | 'threshold' | 'comparisonOperator'
> &
  Partial<AlarmDefinition>;

/** PutMetricAlarm's defaults: DatapointsToAlarm = EvaluationPeriods, TreatMissingData `missing`, actions enabled. */
export function withDefaults(input: AlarmInput): AlarmDefinition {
  return {
    dimensions: {},
    datapointsToAlarm: input.evaluationPeriods,
    treatMissingData: 'missing',
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
    tags: [],
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  } as unknown as AlarmDefinition;
}

/** CloudWatch's own sentence for a field that breaks a constraint (`field` as its API spells it). */
function invalid(field: string, value: unknown, constraint: string, hint: string): GodwitError {
  return new GodwitError(
    'E_ALARM_INVALID',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
    { hint },
  );
}

/** Refuses a definition CloudWatch's PutMetricAlarm would refuse, naming the field. */
export function checkDefinition(d: AlarmDefinition): void {
  text('alarmName', d.name, 255);
  if (d.description !== undefined && d.description.length > 1024)
    throw invalid(
      'alarmDescription',
      `${d.description.slice(0, 20)}…`,
      'Member must have length less than or equal to 1024',
      'Shorten the description.',
    );
  text('namespace', d.namespace, 255);
  text('metricName', d.metricName, 255);
  const dims = Object.entries(d.dimensions);
  if (dims.length > 30)
    throw invalid('dimensions', dims.length, 'Member must have length less than or equal to 30', 'Give at most 30 dimensions.');
  for (const [name, value] of dims) {
    text('dimensions.member.name', name, 255);
    text('dimensions.member.value', value, 1024);
  }
  checkStatistic(d.statistic);
  checkNumbers(d);
  if (!COMPARISON_OPERATORS.includes(d.comparisonOperator)) {
    throw invalid(
      'comparisonOperator',
      d.comparisonOperator,
      `Member must satisfy enum value set: [${COMPARISON_OPERATORS.join(', ')}]`,
      'Anomaly-detection operators (LessThanLowerOrGreaterThanUpperThreshold, …) need a band that Godwit does not compute.',
    );
  }
  if (!MISSING_DATA_TREATMENTS.includes(d.treatMissingData)) {
    throw invalid(
      'treatMissingData',
      d.treatMissingData,
      `Member must satisfy enum value set: [${MISSING_DATA_TREATMENTS.join(', ')}]`,
      'Leave it out for "missing".',
    );
  }
  for (const [field, arns] of [
    ['alarmActions', d.alarmActions],
    ['oKActions', d.okActions],
    ['insufficientDataActions', d.insufficientDataActions],
  ] as const) {
    if (arns.length > MAX_ACTIONS)
      throw invalid(
        field,
        arns.length,
        `Member must have length less than or equal to ${MAX_ACTIONS}`,
        `Give at most ${MAX_ACTIONS} actions per state.`,
      );
    for (const arn of arns)
      if (!arn.startsWith('arn:'))
        throw invalid(field, arn, 'Member must be an ARN', 'Give the ARN of a scaling policy (or another action Godwit runs).');
  }
}

function text(field: string, value: string, max: number): void {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(field, value, 'Member must have length greater than or equal to 1', `Give ${field} a value.`);
  if (value.length > max)
    throw invalid(field, value, `Member must have length less than or equal to ${max}`, `Shorten ${field}.`);
}

function checkStatistic(statistic: string): void {
  try {
    percentileOf(statistic);
  } catch {
    throw invalid(
      'statistic',
      statistic,
      'Member must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum] or be a percentile (ExtendedStatistic) such as p99',
      'Give Statistic, or ExtendedStatistic as p0–p100 (p99, p99.9); trimmed means and other extended statistics are not computed.',
    );
  }
}

function checkNumbers(d: AlarmDefinition): void {
  const { period, evaluationPeriods: n, datapointsToAlarm: m } = d;
  if (!Number.isInteger(period) || period <= 0 || (period < 60 ? period !== 10 && period !== 30 : period % 60 !== 0)) {
    throw invalid(
      'period',
      period,
      'Period must be 10, 30 or a multiple of 60 seconds',
      'Use 60 (one minute) for endpoint metrics.',
    );
  }
  if (!Number.isInteger(n) || n < 1)
    throw invalid('evaluationPeriods', n, 'Member must have value greater than or equal to 1', 'Give a whole number of periods.');
  if (!Number.isInteger(m) || m < 1)
    throw invalid(
      'datapointsToAlarm',
      m,
      'Member must have value greater than or equal to 1',
      'Give a whole number of datapoints.',
    );
  if (m > n) {
    throw new GodwitError('E_ALARM_INVALID', `DatapointsToAlarm (${m}) must be less than or equal to EvaluationPeriods (${n}).`, {
      hint: 'An alarm is in ALARM when M of the last N datapoints breach: M cannot exceed N.',
    });
  }
  if (n * period > MAX_EVALUATION_S) {
    throw new GodwitError(
      'E_ALARM_INVALID',
      `EvaluationPeriods (${n}) × Period (${period}) must be ${MAX_EVALUATION_S} seconds (seven days) or less.`,
      {
        hint: 'Use fewer or shorter periods.',
      },
    );
  }
  if (!Number.isFinite(d.threshold))
    throw invalid('threshold', d.threshold, 'Member must be a finite number', 'Give the threshold as a number.');
}
