import type { Clock } from '../../core/clock.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import type { NewEvent } from '../../events/event-envelope.js';
import { publishEvent } from '../../events/event-outbox.js';
import { recordSchedule } from '../../lineage/monitoring-lineage.js';
import type { MonitoringType } from '../monitoring-job.js';
import { definitionExists, definitionInUse, definitionNotFound, scheduleExists, scheduleNotFound } from './schedule-errors.js';
import type {
  ExecutionChange,
  ExecutionQuery,
  ExecutionRecord,
  JobDefinitionRecord,
  MonitoringCatalog,
  NewExecution,
  NewSchedule,
  ScheduleChange,
  ScheduleRecord,
} from './schedule-records.js';

const TIMES = ['createdAt', 'lastModifiedAt', 'scheduledTime', 'windowStart', 'windowEnd'];
const UNFINISHED = `('Pending', 'InProgress', 'Stopping')`;

/** The monitoring capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlMonitoringCatalog implements MonitoringCatalog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async createDefinition(input: Omit<JobDefinitionRecord, 'createdAt'>): Promise<JobDefinitionRecord> {
    const record: JobDefinitionRecord = { ...input, createdAt: this.clock.now() };
    const { changes } = await this.db.run(
      `INSERT INTO monitoring_job_definitions (name, type, endpoint_name, record, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      [record.name, record.type, record.endpointName ?? null, JSON.stringify(record), iso(record.createdAt)],
    );
    if (changes === 0) throw definitionExists(record.name);
    return record;
  }

  async getDefinition(name: string): Promise<JobDefinitionRecord | undefined> {
    const [row] = await this.db.query('SELECT record FROM monitoring_job_definitions WHERE name = ?', [name]);
    return row && revive(row);
  }

  async listDefinitions(type: MonitoringType): Promise<JobDefinitionRecord[]> {
    const rows = await this.db.query('SELECT record FROM monitoring_job_definitions WHERE type = ? ORDER BY created_at, name', [
      type,
    ]);
    return rows.map((r) => revive(r));
  }

  async deleteDefinition(type: MonitoringType, name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const users = await tx.query('SELECT name FROM monitoring_schedules WHERE definition_name = ? AND type = ?', [name, type]);
      if (users.length > 0)
        throw definitionInUse(
          name,
          users.map((u) => u.name as string),
        );
      const { changes } = await tx.run('DELETE FROM monitoring_job_definitions WHERE name = ? AND type = ?', [name, type]);
      if (changes === 0) throw definitionNotFound(type, name);
    });
  }

  async createSchedule(input: NewSchedule): Promise<ScheduleRecord> {
    const now = this.clock.now();
    const record: ScheduleRecord = { ...input, status: 'Pending', createdAt: now, lastModifiedAt: now };
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run(
        `INSERT INTO monitoring_schedules (name, status, type, endpoint_name, definition_name, record, created_at, last_modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
        [record.name, ...scheduleColumns(record)],
      );
      if (changes === 0) throw scheduleExists(record.name);
      await recordSchedule(tx, record, now);
      return record;
    });
  }

  async getSchedule(name: string): Promise<ScheduleRecord | undefined> {
    const [row] = await this.db.query('SELECT record FROM monitoring_schedules WHERE name = ?', [name]);
    return row && revive(row);
  }

  async listSchedules(): Promise<ScheduleRecord[]> {
    return (await this.db.query('SELECT record FROM monitoring_schedules ORDER BY created_at, name')).map((r) => revive(r));
  }

  async changeSchedule(name: string, change: ScheduleChange): Promise<ScheduleRecord> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT record FROM monitoring_schedules WHERE name = ?', [name]);
      if (!row) throw scheduleNotFound(name);
      const next = dropUndefined({ ...revive<ScheduleRecord>(row), ...change, lastModifiedAt: this.clock.now() });
      await tx.run(
        `UPDATE monitoring_schedules SET status = ?, type = ?, endpoint_name = ?, definition_name = ?, record = ?,
         created_at = ?, last_modified_at = ? WHERE name = ?`,
        [...scheduleColumns(next), name],
      );
      await recordSchedule(tx, next, next.lastModifiedAt);
      return next;
    });
  }

  async deleteSchedule(name: string): Promise<void> {
    const { changes } = await this.db.run('DELETE FROM monitoring_schedules WHERE name = ?', [name]);
    if (changes === 0) throw scheduleNotFound(name);
  }

  async startExecution(input: NewExecution): Promise<ExecutionRecord | undefined> {
    const now = this.clock.now();
    const record: ExecutionRecord = { ...input, status: 'InProgress', files: [], createdAt: now, lastModifiedAt: now };
    const { changes } = await this.db.run(
      `INSERT INTO monitoring_executions (id, schedule_name, endpoint_name, status, scheduled_time, created_at, record)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        record.id,
        record.scheduleName,
        record.endpointName ?? null,
        record.status,
        iso(record.scheduledTime),
        iso(now),
        JSON.stringify(record),
      ],
    );
    return changes === 0 ? undefined : record;
  }

  async finishExecution(
    id: string,
    change: ExecutionChange,
    eventOf?: (record: ExecutionRecord) => NewEvent,
  ): Promise<ExecutionRecord> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT record FROM monitoring_executions WHERE id = ?', [id]);
      if (!row) throw scheduleNotFound(`(execution ${id})`);
      const next = dropUndefined({ ...revive<ExecutionRecord>(row), ...change, lastModifiedAt: this.clock.now() });
      await tx.run('UPDATE monitoring_executions SET status = ?, record = ? WHERE id = ?', [
        next.status,
        JSON.stringify(next),
        id,
      ]);
      if (eventOf) await publishEvent(tx, eventOf(next));
      return next;
    });
  }

  async getExecution(id: string): Promise<ExecutionRecord | undefined> {
    const [row] = await this.db.query('SELECT record FROM monitoring_executions WHERE id = ?', [id]);
    return row && revive(row);
  }

  async listExecutions(query: ExecutionQuery = {}): Promise<ExecutionRecord[]> {
    const filters = [
      ['schedule_name', query.scheduleName],
      ['endpoint_name', query.endpointName],
    ].filter((f): f is [string, string] => f[1] !== undefined);
    const where = filters.map(([column]) => `${column} = ?`);
    const params = filters.map(([, value]) => value);
    const rows = await this.db.query(
      `SELECT record FROM monitoring_executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY scheduled_time DESC, id`,
      params,
    );
    return rows.map((r) => revive(r));
  }

  async lastExecution(scheduleName: string): Promise<ExecutionRecord | undefined> {
    const [row] = await this.db.query(
      'SELECT record FROM monitoring_executions WHERE schedule_name = ? ORDER BY scheduled_time DESC LIMIT 1',
      [scheduleName],
    );
    return row && revive(row);
  }

  async unfinishedExecutions(): Promise<ExecutionRecord[]> {
    const rows = await this.db.query(
      `SELECT record FROM monitoring_executions WHERE status IN ${UNFINISHED} ORDER BY scheduled_time, id`,
    );
    return rows.map((r) => revive(r));
  }
}

const iso = (d: Date) => d.toISOString();

function scheduleColumns(r: ScheduleRecord): (string | null)[] {
  return [
    r.status,
    r.type,
    r.endpointName ?? null,
    r.definitionName ?? null,
    JSON.stringify(r),
    iso(r.createdAt),
    iso(r.lastModifiedAt),
  ];
}

/** A change that sets a key to undefined clears it. */
function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

function revive<T>(row: SqlRow): T {
  const raw = JSON.parse(row.record as string) as Record<string, unknown>;
  for (const key of TIMES) if (typeof raw[key] === 'string') raw[key] = new Date(raw[key] as string);
  return raw as T;
}
