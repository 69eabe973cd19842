import type { SqlDatabase } from '../db/sql-database.js';
import { cloudWatchTime } from './alarm-reason.js';
import type { AlarmActionHandler, AlarmRecord, AlarmTransition } from './alarm-records.js';
import { addHistory } from './alarm-rows.js';

/** The ARNs a transition acts on: the new state's actions, when the alarm's actions are enabled. */
export function actionsFor(alarm: AlarmRecord, to: AlarmTransition['to']): readonly string[] {
  if (!alarm.actionsEnabled) return [];
  return to === 'ALARM' ? alarm.alarmActions : to === 'OK' ? alarm.okActions : alarm.insufficientDataActions;
}

/**
 * Runs a committed transition's actions, each through the first handler that takes its ARN, and
 * records every attempt as an `Action` history item, as CloudWatch does ("Successfully executed
 * action …" / "Failed to execute action …"). An ARN no handler takes (an SNS topic: Godwit has
 * no SNS) and a handler that throws are failed actions, not errors: the transition stands.
 */
export async function runActions(
  db: SqlDatabase,
  handlers: readonly AlarmActionHandler[],
  alarm: AlarmRecord,
  transition: AlarmTransition,
  now: () => Date,
): Promise<void> {
  for (const arn of actionsFor(alarm, transition.to)) {
    const handler = handlers.find((h) => h.handles(arn));
    let outcome: { ok: true; message?: string } | { ok: false; error: string };
    try {
      if (!handler) throw new Error(`No target for ${arn}: Godwit runs scaling policies, not SNS, SQS or EC2 actions.`);
      outcome = { ok: true, message: await handler.act(arn, alarm, transition) };
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    await addHistory(db, {
      alarmName: alarm.name,
      timestamp: now(),
      type: 'Action',
      summary: outcome.ok
        ? `Successfully executed action ${arn}`
        : `Failed to execute action ${arn}. Received error: "${outcome.error}"`,
      data: JSON.stringify({
        actionState: outcome.ok ? 'Succeeded' : 'Failed',
        stateUpdateTimestamp: transition.at.getTime(),
        stateUpdateTime: cloudWatchTime(transition.at),
        ...(outcome.ok ? { notificationResource: arn, publishedMessage: outcome.message ?? null } : { error: outcome.error }),
      }),
    });
  }
}
