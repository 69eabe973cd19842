import { withDefaults } from '../../../alarms/alarm-definition-check.js';
import type { AlarmDefinition, ComparisonOperator, MissingDataTreatment } from '../../../alarms/alarm-records.js';
import { AwsError } from '../aws-error.js';
import { bool, dimensions, type In, list, num, reqStr, str } from './cloudwatch-input.js';
import { UNITS } from './put-metric-data.js';

/** CloudWatch's ValidationError, for a field Godwit refuses (its own words where CloudWatch has them). */
export const validation = (message: string) => new AwsError('ValidationError', message);

/** CloudWatch's sentence for a required member left out: `Value null at 'evaluationPeriods' failed…`. */
const required = (member: string) =>
  validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);

function need<T>(value: T | undefined, member: string): T {
  if (value === undefined || value === '') throw required(member);
  return value;
}

const strings = (input: In, field: string) =>
  list(input, field).map((v, i) => reqStr({ v } as In, 'v', `${field}.member.${i + 1}`));

/**
 * PutMetricAlarm's input as an alarm definition (the library checks the values). Metric-math
 * alarms (`Metrics`) and anomaly-detection bands (`ThresholdMetricId`) are refused by name: Godwit
 * evaluates one metric against a static threshold.
 */
export function alarmFromInput(input: In): AlarmDefinition {
  if (list(input, 'Metrics').length > 0) {
    throw validation(
      'Godwit does not evaluate metric math alarms: the Metrics field is not supported. Give MetricName, Namespace, Dimensions and Statistic (or ExtendedStatistic) for one metric instead.',
    );
  }
  if (str(input, 'ThresholdMetricId') !== undefined) {
    throw validation(
      'Godwit does not evaluate anomaly detection alarms: ThresholdMetricId is not supported. Give a static Threshold.',
    );
  }
  const statistic = str(input, 'Statistic');
  const extended = str(input, 'ExtendedStatistic');
  if (statistic !== undefined && extended !== undefined)
    throw validation('Statistic and ExtendedStatistic are mutually exclusive: give one of them.');
  if (statistic === undefined && extended === undefined)
    throw validation('One of Statistic or ExtendedStatistic must be specified.');
  const unit = str(input, 'Unit');
  if (unit !== undefined && !UNITS.has(unit))
    throw validation(
      `1 validation error detected: Value '${unit}' at 'unit' failed to satisfy constraint: Member must satisfy enum value set: [${[...UNITS].join(', ')}]`,
    );
  const evaluationPeriods = need(num(input, 'EvaluationPeriods'), 'evaluationPeriods');
  return withDefaults({
    name: need(str(input, 'AlarmName'), 'alarmName'),
    description: str(input, 'AlarmDescription'),
    namespace: need(str(input, 'Namespace'), 'namespace'),
    metricName: need(str(input, 'MetricName'), 'metricName'),
    dimensions: dimensions(input, 'Dimensions'),
    statistic: (statistic ?? extended) as string,
    unit,
    period: need(num(input, 'Period'), 'period'),
    evaluationPeriods,
    datapointsToAlarm: num(input, 'DatapointsToAlarm') ?? evaluationPeriods,
    threshold: need(num(input, 'Threshold'), 'threshold'),
    comparisonOperator: need(str(input, 'ComparisonOperator'), 'comparisonOperator') as ComparisonOperator,
    treatMissingData: (str(input, 'TreatMissingData') ?? 'missing') as MissingDataTreatment,
    actionsEnabled: bool(input, 'ActionsEnabled') ?? true,
    alarmActions: strings(input, 'AlarmActions'),
    okActions: strings(input, 'OKActions'),
    insufficientDataActions: strings(input, 'InsufficientDataActions'),
    tags: list(input, 'Tags').map((t, i) => ({
      Key: reqStr((t ?? {}) as In, 'Key', `Tags.member.${i + 1}.Key`),
      Value: reqStr((t ?? {}) as In, 'Value', `Tags.member.${i + 1}.Value`),
    })),
  });
}

/** `AlarmNames`: the names, at most 100 as CloudWatch allows. */
export function alarmNames(input: In, field = 'AlarmNames'): string[] {
  const names = strings(input, field);
  if (names.length > 100)
    throw validation(
      `1 validation error detected: Value at '${field[0].toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  return names;
}
