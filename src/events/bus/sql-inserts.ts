import type { SqlDatabase } from '../../db/sql-database.js';
import type { EventEnvelope } from '../event-envelope.js';
import type { NewDelivery } from './eventbridge-records.js';

/** The rows the router and replays write inside their own transactions. */

/** Stores deliveries due at `now` (in the caller's transaction). */
export async function insertDeliveries(tx: SqlDatabase, deliveries: readonly NewDelivery[], now: number): Promise<void> {
  for (const d of deliveries)
    await tx.run(
      'INSERT INTO eb_deliveries (rule_arn, rule_name, target, event, ingested_at, attempts, due_at, replay_name) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
      [
        d.ruleArn,
        d.ruleName,
        JSON.stringify(d.target),
        JSON.stringify(d.event),
        d.ingestedAt.getTime(),
        now,
        d.replayName ?? null,
      ],
    );
}

/** Stores archived copies (in the router's transaction). */
export async function insertArchived(
  tx: SqlDatabase,
  archived: readonly { readonly archive: string; readonly event: EventEnvelope }[],
  now: number,
) {
  for (const a of archived)
    await tx.run('INSERT INTO eb_archived_events (archive, at, archived_at, event) VALUES (?, ?, ?, ?)', [
      a.archive,
      Date.parse(a.event.time),
      now,
      JSON.stringify(a.event),
    ]);
}
