import { arn, DEFAULT_REGION } from '../core/arns.js';
import type { NewEvent } from '../events/event-envelope.js';
import { cloudWatchTime } from './alarm-reason.js';
import type { AlarmDefinition, AlarmRecord, AlarmState } from './alarm-records.js';

/** CloudWatch's alarm ARNs put the name after a colon: arn:aws:cloudwatch:us-east-1:000000000000:alarm:<name>. */
export const alarmArn = (name: string, region = DEFAULT_REGION) => arn('cloudwatch', region, `alarm:${name}`);

/** The alarm's `configuration` in its events: the description and the one metric, as CloudWatch writes it. */
export function eventConfiguration(d: AlarmDefinition): Record<string, unknown> {
  return {
    ...(d.description !== undefined ? { description: d.description } : {}),
    metrics: [
      {
        id: 'm1',
        metricStat: {
          metric: { namespace: d.namespace, name: d.metricName, dimensions: { ...d.dimensions } },
          period: d.period,
          stat: d.statistic,
          ...(d.unit !== undefined ? { unit: d.unit } : {}),
        },
        returnData: true,
      },
    ],
  };
}

export interface StateChange {
  readonly alarm: AlarmRecord;
  readonly to: AlarmState;
  readonly reason: string;
  readonly reasonData?: string;
  readonly at: Date;
}

const stateOf = (value: AlarmState, reason: string, reasonData: string | undefined, at: Date) => ({
  value,
  reason,
  ...(reasonData !== undefined ? { reasonData } : {}),
  timestamp: cloudWatchTime(at),
});

/** "CloudWatch Alarm State Change", as EventBridge delivers it from `aws.cloudwatch`. */
export function stateChangeEvent(c: StateChange): NewEvent {
  const a = c.alarm;
  return {
    source: 'aws.cloudwatch',
    detailType: 'CloudWatch Alarm State Change',
    time: c.at,
    resources: [a.arn],
    detail: {
      alarmName: a.name,
      state: stateOf(c.to, c.reason, c.reasonData, c.at),
      previousState: stateOf(a.state, a.stateReason, a.stateReasonData, a.stateUpdatedAt),
      configuration: eventConfiguration(a),
    },
  };
}

/** "CloudWatch Alarm Configuration Change": an alarm created, updated or deleted. */
export function configurationChangeEvent(
  operation: 'create' | 'update' | 'delete',
  alarm: AlarmRecord,
  previous: AlarmDefinition | undefined,
  at: Date,
): NewEvent {
  return {
    source: 'aws.cloudwatch',
    detailType: 'CloudWatch Alarm Configuration Change',
    time: at,
    resources: [alarm.arn],
    detail: {
      alarmName: alarm.name,
      operation,
      state: stateOf(alarm.state, alarm.stateReason, alarm.stateReasonData, alarm.stateUpdatedAt),
      configuration: { ...eventConfiguration(alarm), actionsEnabled: alarm.actionsEnabled },
      ...(previous
        ? { previousConfiguration: { ...eventConfiguration(previous), actionsEnabled: previous.actionsEnabled } }
        : {}),
    },
  };
}
