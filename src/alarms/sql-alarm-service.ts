import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import type { SqlDatabase, SqlValue } from '../db/sql-database.js';
import { publishEvent } from '../events/event-outbox.js';
import type { MetricStore } from '../metrics/metric-store.js';
import { runActions } from './alarm-actions.js';
import { checkDefinition } from './alarm-definition-check.js';
import { decide, evaluationRange } from './alarm-evaluation.js';
import { configurationChangeEvent } from './alarm-events.js';
import { INITIAL_REASON } from './alarm-reason.js';
import type {
  AlarmActionHandler,
  AlarmDefinition,
  AlarmFilter,
  AlarmHistoryItem,
  AlarmRecord,
  AlarmService,
  AlarmState,
  AlarmTransition,
} from './alarm-records.js';
import { ALARM_COLUMNS, type AlarmRow, addHistory, definitionOf, historyAlarm, toRecord, writeTransition } from './alarm-rows.js';
import { readSlots } from './alarm-slots.js';

/** CloudWatch keeps alarm history for two weeks. */
const HISTORY_MS = 14 * 24 * 3600_000;
const STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/**
 * The alarms capability over the database seam (the same SQL on SQLite and PostgreSQL), reading
 * datapoints from the metric store. Every state change writes the row, a history item and an
 * outbox event in one transaction; actions run after it commits.
 */
export class SqlAlarmService implements AlarmService {
  private readonly handlers: AlarmActionHandler[] = [];
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
    private readonly metrics: MetricStore,
  ) {}

  async put(definition: AlarmDefinition): Promise<AlarmRecord> {
    const d = definitionOf(definition);
    checkDefinition(d);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE name = ?`, [d.name]);
      const before = row ? toRecord(row) : undefined;
      if (before) {
        await tx.run('UPDATE alarms SET definition = ?, configuration_updated_at = ?, version = version + 1 WHERE name = ?', [
          JSON.stringify(d),
          now.getTime(),
          d.name,
        ]);
      } else {
        await tx.run(`INSERT INTO alarms (${ALARM_COLUMNS}) VALUES (?, ?, 'INSUFFICIENT_DATA', ?, NULL, ?, ?, 1)`, [
          d.name,
          JSON.stringify(d),
          INITIAL_REASON,
          now.getTime(),
          now.getTime(),
        ]);
      }
      const [after] = await tx.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE name = ?`, [d.name]);
      const record = toRecord(after);
      await this.configured(tx, before ? 'update' : 'create', record, before, now);
      return record;
    });
  }

  async get(name: string): Promise<AlarmRecord | undefined> {
    const [row] = await this.db.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE name = ?`, [name]);
    return row ? toRecord(row) : undefined;
  }

  async list(filter: AlarmFilter = {}): Promise<AlarmRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.names) {
      if (filter.names.length === 0) return [];
      where.push(`name IN (${filter.names.map(() => '?').join(', ')})`);
      params.push(...filter.names);
    }
    if (filter.state) where.push('state = ?') && params.push(filter.state);
    const rows = await this.db.query<AlarmRow>(
      `SELECT ${ALARM_COLUMNS} FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    // Prefixes are compared here, not with LIKE: names may hold % and _, and LIKE's case rules differ per
    // database; names are sorted here too, by code point as CloudWatch lists them, whatever the database's collation.
    return rows
      .map(toRecord)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .filter((a) => filter.prefix === undefined || a.name.startsWith(filter.prefix))
      .filter(
        (a) => filter.actionPrefix === undefined || a.alarmActions.some((arn) => arn.startsWith(filter.actionPrefix as string)),
      );
  }

  async delete(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      for (const name of new Set(names)) {
        const [row] = await tx.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE name = ?`, [name]);
        if (!row) continue;
        await tx.run('DELETE FROM alarms WHERE name = ?', [name]);
        await this.configured(tx, 'delete', toRecord(row), undefined, now);
      }
    });
  }

  async setState(name: string, state: AlarmState, reason: string, reasonData?: string): Promise<AlarmTransition | undefined> {
    if (!STATES.includes(state)) {
      throw new GodwitError(
        'E_ALARM_INVALID',
        `1 validation error detected: Value '${state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [${STATES.join(', ')}]`,
        {
          hint: 'Set OK, ALARM or INSUFFICIENT_DATA.',
        },
      );
    }
    const row = await this.mustGet(name);
    const alarm = toRecord(row);
    if (alarm.state === state) return undefined;
    const at = this.clock.now();
    const transition = await this.db.transaction((tx) =>
      writeTransition(tx, alarm, Number(row.version), state, reason, reasonData, at),
    );
    if (transition) await runActions(this.db, this.handlers, alarm, transition, () => this.clock.now());
    return transition;
  }

  async history(
    name?: string,
    options: { type?: AlarmHistoryItem['type']; start?: Date; end?: Date } = {},
  ): Promise<AlarmHistoryItem[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (name !== undefined) where.push('alarm_name = ?') && params.push(name);
    if (options.type) where.push('type = ?') && params.push(options.type);
    if (options.start) where.push('at >= ?') && params.push(options.start.getTime());
    if (options.end) where.push('at <= ?') && params.push(options.end.getTime());
    const rows = await this.db.query<{ alarm_name: string; at: number | string; type: string; summary: string; data: string }>(
      `SELECT alarm_name, at, type, summary, data FROM alarm_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at DESC, seq DESC`,
      params,
    );
    return rows.map((r) => ({
      alarmName: r.alarm_name,
      timestamp: new Date(Number(r.at)),
      type: r.type as AlarmHistoryItem['type'],
      summary: r.summary,
      data: r.data,
    }));
  }

  async evaluate(names?: readonly string[]): Promise<AlarmTransition[]> {
    const now = this.clock.now();
    await this.prune(now);
    const rows = await this.db.query<AlarmRow>(
      `SELECT ${ALARM_COLUMNS} FROM alarms${names ? ` WHERE name IN (${names.map(() => '?').join(', ') || 'NULL'})` : ''} ORDER BY name`,
      names ? [...names] : [],
    );
    const made: AlarmTransition[] = [];
    let failure: unknown;
    for (const row of rows) {
      // One alarm that cannot be evaluated does not hold up the others; the first failure is passed on after.
      const t = await this.evaluateOne(row, now).catch((err) => {
        failure ??= err;
        return undefined;
      });
      if (t) made.push(t);
    }
    if (failure !== undefined) throw failure;
    return made;
  }

  private async evaluateOne(row: AlarmRow, now: Date): Promise<AlarmTransition | undefined> {
    const alarm = toRecord(row);
    const decision = decide(alarm, alarm.state, await readSlots(this.metrics, alarm, evaluationRange(alarm, now)), now);
    if (!decision || decision.state === alarm.state) return undefined;
    const t = await this.db.transaction((tx) =>
      writeTransition(tx, alarm, Number(row.version), decision.state, decision.reason, decision.reasonData, now),
    );
    if (t) await runActions(this.db, this.handlers, alarm, t, () => this.clock.now());
    return t;
  }

  async states(names: readonly string[]): Promise<ReadonlyMap<string, AlarmState>> {
    const rows = names.length
      ? await this.db.query<{ name: string; state: string }>(
          `SELECT name, state FROM alarms WHERE name IN (${names.map(() => '?').join(', ')})`,
          [...names],
        )
      : [];
    const found = new Map(rows.map((r) => [r.name, r.state as AlarmState]));
    const missing = names.find((n) => !found.has(n));
    if (missing !== undefined) throw notFound(missing);
    return new Map(names.map((n) => [n, found.get(n) as AlarmState]));
  }

  async setActionsEnabled(names: readonly string[], enabled: boolean): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      for (const name of new Set(names)) {
        const [row] = await tx.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE name = ?`, [name]);
        if (!row) continue;
        const before = toRecord(row);
        if (before.actionsEnabled === enabled) continue;
        const d = { ...definitionOf(before), actionsEnabled: enabled };
        await tx.run('UPDATE alarms SET definition = ?, configuration_updated_at = ?, version = version + 1 WHERE name = ?', [
          JSON.stringify(d),
          now.getTime(),
          name,
        ]);
        await this.configured(tx, 'update', { ...before, ...d, configurationUpdatedAt: now }, before, now);
      }
    });
  }

  async registerActionHandler(handler: AlarmActionHandler): Promise<void> {
    this.handlers.push(handler);
  }

  private async mustGet(name: string): Promise<AlarmRow> {
    const [row] = await this.db.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE name = ?`, [name]);
    if (!row) throw notFound(name);
    return row;
  }

  /** A ConfigurationUpdate history item and a configuration-change event, in `tx`. */
  private async configured(
    tx: SqlDatabase,
    operation: 'create' | 'update' | 'delete',
    alarm: AlarmRecord,
    before: AlarmRecord | undefined,
    at: Date,
  ): Promise<void> {
    const type = { create: 'Create', update: 'Update', delete: 'Delete' }[operation];
    const data =
      operation === 'update'
        ? { version: '1.0', type, updatedAlarm: historyAlarm(alarm), originalUpdatedAlarm: historyAlarm(before as AlarmRecord) }
        : { version: '1.0', type, [`${operation}dAlarm`]: historyAlarm(alarm) };
    await addHistory(tx, {
      alarmName: alarm.name,
      timestamp: at,
      type: 'ConfigurationUpdate',
      summary: `Alarm "${alarm.name}" ${operation}d`,
      data: JSON.stringify(data),
    });
    await publishEvent(tx, configurationChangeEvent(operation, alarm, before, at));
  }

  /** Drops history older than two weeks, at most once an hour of the clock. */
  private async prune(now: Date): Promise<void> {
    if (now.getTime() - this.prunedAt < 3600_000) return;
    this.prunedAt = now.getTime();
    await this.db.run('DELETE FROM alarm_history WHERE at < ?', [now.getTime() - HISTORY_MS]);
  }
}

function notFound(name: string): GodwitError {
  return new GodwitError('E_ALARM_NOT_FOUND', `Alarm "${name}" does not exist.`, {
    hint: 'List the alarms with `godwit alarms list` (or DescribeAlarms), or create it with PutMetricAlarm.',
  });
}
