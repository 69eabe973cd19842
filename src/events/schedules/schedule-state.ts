/**
 * What the scheduler remembers per schedule rule, durably, so a restarted server knows which
 * fires it already made and which fell while it was down. One row per rule ARN:
 *
 *   revision  the rule's revision this row counts for: a PutRule, EnableRule or DisableRule
 *             starts the count again (nothing is caught up for the time a rule was disabled)
 *   anchor    where the count starts: the rule's creation for a rule first seen, else the moment
 *             a change was first seen; a rate fires at anchor + k × period
 *   through   fire times up to here are settled (fired, or skipped by the missed-fire policy)
 *   lastFire  the scheduled time of the last Scheduled Event published
 */
import type { CapabilitySchema } from '../../db/migrations.js';
import type { SqlDatabase } from '../../db/sql-database.js';

export const EVENT_SCHEDULES_SCHEMA: CapabilitySchema = {
  capability: 'event-schedules',
  migrations: [
    `CREATE TABLE event_schedule_state (
      rule_arn TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      expression TEXT NOT NULL,
      anchor TEXT NOT NULL,
      through TEXT NOT NULL,
      last_fire TEXT
    );`,
  ],
};

export interface ScheduleState {
  readonly ruleArn: string;
  readonly revision: number;
  readonly expression: string;
  readonly anchor: Date;
  readonly through: Date;
  readonly lastFire?: Date;
}

/** The rows, all at once (a server holds every schedule in memory) and one at a time. */
export interface ScheduleStateStore {
  all(): Promise<readonly ScheduleState[]>;
  /** Creates or replaces the rule's row. */
  save(state: ScheduleState): Promise<void>;
  /** Forgets rules that are gone. */
  remove(ruleArns: readonly string[]): Promise<void>;
}

export class SqlScheduleState implements ScheduleStateStore {
  constructor(private readonly db: SqlDatabase) {}

  async all(): Promise<readonly ScheduleState[]> {
    const rows = await this.db.query<Record<string, string | number | null>>(
      'SELECT rule_arn, revision, expression, anchor, through, last_fire FROM event_schedule_state ORDER BY rule_arn',
    );
    return rows.map((r) => ({
      ruleArn: r.rule_arn as string,
      revision: Number(r.revision),
      expression: r.expression as string,
      anchor: new Date(r.anchor as string),
      through: new Date(r.through as string),
      ...(r.last_fire ? { lastFire: new Date(r.last_fire as string) } : {}),
    }));
  }

  async save(s: ScheduleState): Promise<void> {
    await this.db.run(
      `INSERT INTO event_schedule_state (rule_arn, revision, expression, anchor, through, last_fire) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (rule_arn) DO UPDATE SET revision = excluded.revision, expression = excluded.expression,
         anchor = excluded.anchor, through = excluded.through, last_fire = excluded.last_fire`,
      [s.ruleArn, s.revision, s.expression, s.anchor.toISOString(), s.through.toISOString(), s.lastFire?.toISOString() ?? null],
    );
  }

  async remove(ruleArns: readonly string[]): Promise<void> {
    for (const arn of ruleArns) await this.db.run('DELETE FROM event_schedule_state WHERE rule_arn = ?', [arn]);
  }
}
