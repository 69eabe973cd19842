import type { AlarmHistoryItem, AlarmState } from '../../../alarms/alarm-records.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { alarmFromInput, alarmNames, validation } from './alarm-input.js';
import { historyItem, metricAlarm, page } from './alarm-output.js';
import { dimensions, type In, list, num, reqStr, str, time } from './cloudwatch-input.js';

const STATES: readonly string[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const HISTORY_TYPES: readonly string[] = ['ConfigurationUpdate', 'StateUpdate', 'Action'];
const ALARM_TYPES: readonly string[] = ['MetricAlarm', 'CompositeAlarm'];
const alarmsOf = (context: ServerContext) => context.services.metadata.alarms;

function oneOf(value: string | undefined, allowed: readonly string[], member: string): string | undefined {
  if (value !== undefined && !allowed.includes(value)) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value;
}

/** PutMetricAlarm: creates or replaces; a replaced alarm keeps its state until the next evaluation. */
export async function putMetricAlarm(input: In, context: ServerContext): Promise<object> {
  await alarmsOf(context).put(alarmFromInput(input));
  return {};
}

/**
 * DescribeAlarms: metric alarms only (Godwit has no composite alarms, so asking for
 * `CompositeAlarm` alone, or for an alarm's parents or children, finds none), 50 a page.
 */
export async function describeAlarms(input: In, context: ServerContext): Promise<object> {
  const names = alarmNames(input);
  const prefix = str(input, 'AlarmNamePrefix');
  if (names.length > 0 && prefix !== undefined)
    throw new AwsError('InvalidParameterCombination', 'AlarmNames and AlarmNamePrefix cannot be used together.');
  const types = list(input, 'AlarmTypes').map((t, i) => oneOf(String(t), ALARM_TYPES, `alarmTypes.${i + 1}.member`));
  const related = str(input, 'ChildrenOfAlarmName') ?? str(input, 'ParentsOfAlarmName');
  const metric = (types.length === 0 || types.includes('MetricAlarm')) && related === undefined;
  const all = metric
    ? await alarmsOf(context).list({
        names: names.length > 0 ? names : undefined,
        prefix,
        state: oneOf(str(input, 'StateValue'), STATES, 'stateValue') as AlarmState | undefined,
        actionPrefix: str(input, 'ActionPrefix'),
      })
    : [];
  const { items, next } = page(input, all, 50, 100);
  return {
    MetricAlarms: items.map(metricAlarm),
    ...(types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
    NextToken: next,
  };
}

/** DescribeAlarmsForMetric: the alarms on one metric, narrowed by whichever of statistic, dimensions, period and unit are given. */
export async function describeAlarmsForMetric(input: In, context: ServerContext): Promise<object> {
  const namespace = reqStr(input, 'Namespace');
  const metricName = reqStr(input, 'MetricName');
  const statistic = str(input, 'Statistic') ?? str(input, 'ExtendedStatistic');
  const dims = input.Dimensions === undefined ? undefined : dimensions(input, 'Dimensions');
  const period = num(input, 'Period');
  const unit = str(input, 'Unit');
  const same = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
  const alarms = (await alarmsOf(context).list()).filter(
    (a) =>
      a.namespace === namespace &&
      a.metricName === metricName &&
      (statistic === undefined || a.statistic === statistic) &&
      (dims === undefined || same(a.dimensions, dims)) &&
      (period === undefined || a.period === period) &&
      (unit === undefined || a.unit === unit),
  );
  return { MetricAlarms: alarms.map(metricAlarm) };
}

/** DescribeAlarmHistory: newest first unless `ScanBy` is `TimestampAscending`, 100 a page. */
export async function describeAlarmHistory(input: In, context: ServerContext): Promise<object> {
  const type = oneOf(str(input, 'HistoryItemType'), HISTORY_TYPES, 'historyItemType') as AlarmHistoryItem['type'] | undefined;
  const scan = oneOf(str(input, 'ScanBy'), ['TimestampDescending', 'TimestampAscending'], 'scanBy');
  const types = list(input, 'AlarmTypes').map((t, i) => oneOf(String(t), ALARM_TYPES, `alarmTypes.${i + 1}.member`));
  const history =
    types.length > 0 && !types.includes('MetricAlarm')
      ? []
      : await alarmsOf(context).history(str(input, 'AlarmName'), {
          type,
          start: time(input, 'StartDate'),
          end: time(input, 'EndDate'),
        });
  if (scan === 'TimestampAscending') history.reverse();
  const { items, next } = page(input, history, 100, 100);
  return { AlarmHistoryItems: items.map(historyItem), NextToken: next };
}

/** DeleteAlarms: names that do not exist are passed over. */
export async function deleteAlarms(input: In, context: ServerContext): Promise<object> {
  await alarmsOf(context).delete(alarmNames(input));
  return {};
}

/** SetAlarmState: the state holds until the next evaluation; `StateReasonData` must be JSON. */
export async function setAlarmState(input: In, context: ServerContext): Promise<object> {
  const name = reqStr(input, 'AlarmName');
  const state = oneOf(reqStr(input, 'StateValue'), STATES, 'stateValue') as AlarmState;
  const reason = reqStr(input, 'StateReason');
  if (reason.length > 1023)
    throw validation(
      "1 validation error detected: Value at 'stateReason' failed to satisfy constraint: Member must have length less than or equal to 1023",
    );
  const data = str(input, 'StateReasonData');
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new AwsError('InvalidFormat', 'StateReasonData is not valid JSON.');
    }
  }
  await alarmsOf(context).setState(name, state, reason, data);
  return {};
}

export async function enableAlarmActions(input: In, context: ServerContext): Promise<object> {
  await alarmsOf(context).setActionsEnabled(alarmNames(input), true);
  return {};
}

export async function disableAlarmActions(input: In, context: ServerContext): Promise<object> {
  await alarmsOf(context).setActionsEnabled(alarmNames(input), false);
  return {};
}
