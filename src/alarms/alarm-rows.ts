import type { SqlDatabase } from '../db/sql-database.js';
import { publishEvent } from '../events/event-outbox.js';
import { alarmArn, stateChangeEvent } from './alarm-events.js';
import type { AlarmDefinition, AlarmHistoryItem, AlarmRecord, AlarmState, AlarmTransition } from './alarm-records.js';

/** An `alarms` row as the drivers return it (BIGINTs may come back as strings from PostgreSQL). */
export type AlarmRow = {
  name: string;
  definition: string;
  state: string;
  state_reason: string;
  state_reason_data: string | null;
  state_updated_at: number | string;
  configuration_updated_at: number | string;
  version: number | string;
};

export const ALARM_COLUMNS =
  'name, definition, state, state_reason, state_reason_data, state_updated_at, configuration_updated_at, version';

export function toRecord(row: AlarmRow): AlarmRecord {
  const definition = JSON.parse(row.definition) as AlarmDefinition;
  return {
    ...definition,
    arn: alarmArn(row.name),
    state: row.state as AlarmState,
    stateReason: row.state_reason,
    ...(row.state_reason_data !== null ? { stateReasonData: row.state_reason_data } : {}),
    stateUpdatedAt: new Date(Number(row.state_updated_at)),
    configurationUpdatedAt: new Date(Number(row.configuration_updated_at)),
  };
}

/** The definition alone (what is stored as JSON), without the state a record adds. */
export function definitionOf(r: AlarmDefinition): AlarmDefinition {
  const {
    name,
    description,
    namespace,
    metricName,
    dimensions,
    statistic,
    unit,
    period,
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData,
    actionsEnabled,
    alarmActions,
    okActions,
    insufficientDataActions,
    tags,
  } = r;
  return {
    name,
    description,
    namespace,
    metricName,
    dimensions,
    statistic,
    unit,
    period,
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData,
    actionsEnabled,
    alarmActions,
    okActions,
    insufficientDataActions,
    tags,
  };
}

/** The alarm as CloudWatch's ConfigurationUpdate history data names its fields. */
export function historyAlarm(d: AlarmDefinition): Record<string, unknown> {
  return {
    alarmName: d.name,
    ...(d.description !== undefined ? { alarmDescription: d.description } : {}),
    namespace: d.namespace,
    metricName: d.metricName,
    dimensions: Object.entries(d.dimensions).map(([name, value]) => ({ name, value })),
    ...(d.statistic.startsWith('p') ? { extendedStatistic: d.statistic } : { statistic: d.statistic }),
    ...(d.unit !== undefined ? { unit: d.unit } : {}),
    period: d.period,
    evaluationPeriods: d.evaluationPeriods,
    datapointsToAlarm: d.datapointsToAlarm,
    threshold: d.threshold,
    comparisonOperator: d.comparisonOperator,
    treatMissingData: d.treatMissingData,
    actionsEnabled: d.actionsEnabled,
    alarmActions: d.alarmActions,
    okactions: d.okActions,
    insufficientDataActions: d.insufficientDataActions,
  };
}

export async function addHistory(tx: SqlDatabase, item: AlarmHistoryItem): Promise<void> {
  await tx.run('INSERT INTO alarm_history (alarm_name, at, type, summary, data) VALUES (?, ?, ?, ?, ?)', [
    item.alarmName,
    item.timestamp.getTime(),
    item.type,
    item.summary,
    item.data,
  ]);
}

/**
 * Moves an alarm to `to` if nobody changed it since `alarm` was read (its `version`): the new
 * state, a StateUpdate history item and the "CloudWatch Alarm State Change" event, in `tx`.
 * Returns the transition, or undefined when the alarm moved on (or is gone) meanwhile.
 */
export async function writeTransition(
  tx: SqlDatabase,
  alarm: AlarmRecord,
  version: number,
  to: AlarmState,
  reason: string,
  reasonData: string | undefined,
  at: Date,
): Promise<AlarmTransition | undefined> {
  const { changes } = await tx.run(
    `UPDATE alarms SET state = ?, state_reason = ?, state_reason_data = ?, state_updated_at = ?, version = version + 1
     WHERE name = ? AND version = ?`,
    [to, reason, reasonData ?? null, at.getTime(), alarm.name, version],
  );
  if (changes === 0) return undefined;
  const newState = { stateValue: to, stateReason: reason, ...(reasonData ? { stateReasonData: JSON.parse(reasonData) } : {}) };
  await addHistory(tx, {
    alarmName: alarm.name,
    timestamp: at,
    type: 'StateUpdate',
    summary: `Alarm updated from ${alarm.state} to ${to}`,
    data: JSON.stringify({
      version: '1.0',
      oldState: {
        stateValue: alarm.state,
        stateReason: alarm.stateReason,
        ...(alarm.stateReasonData ? { stateReasonData: safeJson(alarm.stateReasonData) } : {}),
      },
      newState,
    }),
  });
  await publishEvent(tx, stateChangeEvent({ alarm, to, reason, reasonData, at }));
  return { alarmName: alarm.name, from: alarm.state, to, reason, at };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
