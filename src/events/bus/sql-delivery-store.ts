import type { Clock } from '../../core/clock.js';
import { lockKey } from '../../db/dialect.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import type { EventEnvelope } from '../event-envelope.js';
import { publishOnBus } from '../event-outbox.js';
import { pageOf } from './eventbridge-arns.js';
import {
  type BusEvent,
  DEFAULT_BUS,
  type DeadLetter,
  type ExhaustedRetryCondition,
  type NewDelivery,
  type Page,
  type PageRequest,
  type PendingDelivery,
  type Target,
} from './eventbridge-records.js';
import { insertArchived, insertDeliveries } from './sql-inserts.js';
import { busNotFound } from './sql-rule-store.js';

/** PutEvents, the router's cursor, deliveries owed and dead letters: the `EventBridgeCatalog` methods that keep them. */
export class SqlDeliveryStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  publishEvents(events: readonly BusEvent[]): Promise<readonly EventEnvelope[]> {
    return this.db.transaction(async (tx) => {
      const buses = new Set(events.map((e) => e.eventBusName).filter((b) => b !== DEFAULT_BUS));
      for (const bus of buses)
        if ((await tx.query('SELECT 1 FROM eb_buses WHERE name = ?', [bus])).length === 0) throw busNotFound(bus);
      const out: EventEnvelope[] = [];
      for (const { eventBusName, ...event } of events) out.push(await publishOnBus(tx, eventBusName, event));
      return out;
    });
  }

  async routerCursor(consumer: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ cursor: string }>('SELECT cursor FROM eb_cursors WHERE consumer = ?', [consumer]);
    return row?.cursor;
  }

  commitRouted(batch: {
    readonly consumer: string;
    readonly from: string | undefined;
    readonly to: string;
    readonly deliveries: readonly NewDelivery[];
    readonly archived: readonly { readonly archive: string; readonly event: EventEnvelope }[];
  }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const lock = tx.dialect.lock(lockKey(`eventbridge-router:${batch.consumer}`));
      if (lock) await tx.query(lock);
      const [row] = await tx.query<{ cursor: string }>('SELECT cursor FROM eb_cursors WHERE consumer = ?', [batch.consumer]);
      if (row?.cursor !== batch.from) return false;
      await tx.run(
        'INSERT INTO eb_cursors (consumer, cursor) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET cursor = excluded.cursor',
        [batch.consumer, batch.to],
      );
      const now = this.clock.now().getTime();
      await insertDeliveries(tx, batch.deliveries, now);
      await insertArchived(tx, batch.archived, now);
      return true;
    });
  }

  enqueueDeliveries(deliveries: readonly NewDelivery[]): Promise<void> {
    const now = this.clock.now().getTime();
    return this.db.transaction((tx) => insertDeliveries(tx, deliveries, now));
  }

  async dueDeliveries(now: Date, limit: number): Promise<readonly PendingDelivery[]> {
    const rows = await this.db.query('SELECT * FROM eb_deliveries WHERE due_at <= ? ORDER BY due_at, id LIMIT ?', [
      now.getTime(),
      limit,
    ]);
    return rows.map(deliveryRecord);
  }

  async nextDeliveryDue(): Promise<Date | undefined> {
    const [row] = await this.db.query<{ due: number | null }>('SELECT MIN(due_at) AS due FROM eb_deliveries');
    return row?.due == null ? undefined : new Date(Number(row.due));
  }

  async completeDelivery(id: number): Promise<void> {
    await this.db.run('DELETE FROM eb_deliveries WHERE id = ?', [id]);
  }

  async retryDelivery(id: number, attempts: number, dueAt: Date): Promise<void> {
    await this.db.run('UPDATE eb_deliveries SET attempts = ?, due_at = ? WHERE id = ?', [attempts, dueAt.getTime(), id]);
  }

  deadLetter(
    id: number,
    letter: {
      readonly errorCode: string;
      readonly errorMessage: string;
      readonly exhaustedRetryCondition?: ExhaustedRetryCondition;
      readonly retryAttempts: number;
      readonly at: Date;
    },
  ): Promise<DeadLetter> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT * FROM eb_deliveries WHERE id = ?', [id]);
      if (!row) throw new Error(`delivery ${id} is not pending`);
      const d = deliveryRecord(row);
      const [inserted] = await tx.query<{ id: number }>(
        `INSERT INTO eb_dead_letters (rule_arn, target_id, target_arn, dead_letter_arn, event, error_code, error_message, exhausted_condition, retry_attempts, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          d.ruleArn,
          d.target.id,
          d.target.arn,
          d.target.deadLetterConfig?.arn ?? null,
          JSON.stringify(d.event),
          letter.errorCode,
          letter.errorMessage,
          letter.exhaustedRetryCondition ?? null,
          letter.retryAttempts,
          letter.at.getTime(),
        ],
      );
      await tx.run('DELETE FROM eb_deliveries WHERE id = ?', [id]);
      return {
        id: Number(inserted?.id),
        ruleArn: d.ruleArn,
        targetId: d.target.id,
        targetArn: d.target.arn,
        ...(d.target.deadLetterConfig?.arn ? { deadLetterArn: d.target.deadLetterConfig.arn } : {}),
        event: d.event,
        ...letter,
      };
    });
  }

  async listDeadLetters(
    filter: { readonly ruleArn?: string; readonly targetId?: string },
    page?: PageRequest,
  ): Promise<Page<DeadLetter>> {
    const rows = await this.db.query('SELECT * FROM eb_dead_letters ORDER BY id DESC');
    const all = rows
      .map(deadLetterRecord)
      .filter((d) => (!filter.ruleArn || d.ruleArn === filter.ruleArn) && (!filter.targetId || d.targetId === filter.targetId));
    return pageOf(all, page);
  }
}

function deliveryRecord(row: SqlRow): PendingDelivery {
  return {
    id: Number(row.id),
    ruleArn: row.rule_arn as string,
    ruleName: row.rule_name as string,
    target: JSON.parse(row.target as string) as Target,
    event: JSON.parse(row.event as string) as EventEnvelope,
    ingestedAt: new Date(Number(row.ingested_at)),
    attempts: Number(row.attempts),
    dueAt: new Date(Number(row.due_at)),
    ...(row.replay_name == null ? {} : { replayName: row.replay_name as string }),
  };
}

function deadLetterRecord(row: SqlRow): DeadLetter {
  return {
    id: Number(row.id),
    ruleArn: row.rule_arn as string,
    targetId: row.target_id as string,
    targetArn: row.target_arn as string,
    ...(row.dead_letter_arn == null ? {} : { deadLetterArn: row.dead_letter_arn as string }),
    event: JSON.parse(row.event as string) as EventEnvelope,
    errorCode: row.error_code as string,
    errorMessage: row.error_message as string,
    ...(row.exhausted_condition == null ? {} : { exhaustedRetryCondition: row.exhausted_condition as ExhaustedRetryCondition }),
    retryAttempts: Number(row.retry_attempts),
    at: new Date(Number(row.at)),
  };
}
