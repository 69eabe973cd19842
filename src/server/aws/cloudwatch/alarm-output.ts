import type { AlarmHistoryItem, AlarmRecord } from '../../../alarms/alarm-records.js';
import { percentileOf } from '../../../metrics/metric-statistics.js';
import { AwsError } from '../aws-error.js';
import { type In, num, str } from './cloudwatch-input.js';

/** An alarm as DescribeAlarms' `MetricAlarms` members show it. */
export function metricAlarm(a: AlarmRecord): Record<string, unknown> {
  const percentile = percentileOf(a.statistic) !== undefined;
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: a.description,
    AlarmConfigurationUpdatedTimestamp: a.configurationUpdatedAt,
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: a.state,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: a.stateUpdatedAt,
    MetricName: a.metricName,
    Namespace: a.namespace,
    ...(percentile ? { ExtendedStatistic: a.statistic } : { Statistic: a.statistic }),
    Dimensions: Object.entries(a.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Period: a.period,
    Unit: a.unit,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    StateTransitionedTimestamp: a.stateUpdatedAt,
  };
}

export function historyItem(h: AlarmHistoryItem): Record<string, unknown> {
  return {
    AlarmName: h.alarmName,
    AlarmType: 'MetricAlarm',
    Timestamp: h.timestamp,
    HistoryItemType: h.type,
    HistorySummary: h.summary,
    HistoryData: h.data,
  };
}

/**
 * One page of `items` by `MaxRecords` (1–`max`, default `fallback`) and `NextToken` (the offset
 * the previous page ended at, opaque to callers).
 */
export function page<T>(input: In, items: readonly T[], fallback: number, max: number): { items: T[]; next?: string } {
  const size = num(input, 'MaxRecords') ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${size}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
  const token = str(input, 'NextToken');
  let start = 0;
  if (token !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
    if (!decoded || Number(decoded[1]) > items.length)
      throw new AwsError('InvalidNextToken', 'The NextToken is not valid for this request.');
    start = Number(decoded[1]);
  }
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(`o${end}`).toString('base64url') : undefined };
}
