import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import { busArn, busName, invalid, notFound, pageOf, ruleArn } from './eventbridge-arns.js';
import {
  DEFAULT_BUS,
  type EventBusRecord,
  type Page,
  type PageRequest,
  type RuleDefinition,
  type RuleRecord,
  type RuleState,
  type Target,
} from './eventbridge-records.js';

/** At most 5 targets per rule, as EventBridge allows. */
export const MAX_TARGETS_PER_RULE = 5;
const EPOCH = new Date(0);

/** Buses, rules and targets: the `EventBridgeCatalog` methods that keep them (`sql-eventbridge-catalog.ts` composes). */
export class SqlRuleStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async createEventBus(name: string, description?: string): Promise<EventBusRecord> {
    if (name === DEFAULT_BUS) throw exists('Event bus', name);
    const now = this.clock.now().getTime();
    const { changes } = await this.db.run(
      'INSERT INTO eb_buses (name, description, created_at, modified_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
      [name, description ?? null, now, now],
    );
    if (changes === 0) throw exists('Event bus', name);
    return this.describeEventBus(name);
  }

  async describeEventBus(nameOrArn: string): Promise<EventBusRecord> {
    const name = busName(nameOrArn);
    if (name === DEFAULT_BUS) return { name, arn: busArn(name), creationTime: EPOCH, lastModifiedTime: EPOCH };
    const [row] = await this.db.query('SELECT * FROM eb_buses WHERE name = ?', [name]);
    if (!row) throw busNotFound(name);
    return busRecord(row);
  }

  async deleteEventBus(nameOrArn: string): Promise<void> {
    const name = busName(nameOrArn);
    if (name === DEFAULT_BUS)
      throw invalid('Cannot delete event bus default.', 'The default bus always exists; delete other buses.');
    await this.db.transaction(async (tx) => {
      const [rules] = await tx.query<{ n: number }>('SELECT COUNT(*) AS n FROM eb_rules WHERE bus = ?', [name]);
      if (Number(rules?.n) > 0)
        throw invalid(`Cannot delete event bus ${name} because it has rules.`, 'Delete its rules first (DeleteRule).');
      await tx.run('DELETE FROM eb_buses WHERE name = ?', [name]);
    });
  }

  async listEventBuses(namePrefix?: string, page?: PageRequest): Promise<Page<EventBusRecord>> {
    const rows = await this.db.query('SELECT * FROM eb_buses ORDER BY name');
    const all = [await this.describeEventBus(DEFAULT_BUS), ...rows.map(busRecord)].filter(
      (b) => !namePrefix || b.name.startsWith(namePrefix),
    );
    return pageOf(all, page);
  }

  async busExists(name: string): Promise<void> {
    await this.describeEventBus(name);
  }

  async putRule(rule: RuleDefinition & { readonly managedBy?: string }): Promise<RuleRecord> {
    const bus = busName(rule.eventBusName);
    return this.db.transaction(async (tx) => {
      if (bus !== DEFAULT_BUS && (await tx.query('SELECT 1 FROM eb_buses WHERE name = ?', [bus])).length === 0)
        throw busNotFound(bus);
      const revision = await bumpRevision(tx);
      await tx.run(
        `INSERT INTO eb_rules (bus, name, event_pattern, schedule_expression, state, description, role_arn, managed_by, created_at, revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (bus, name) DO UPDATE SET event_pattern = excluded.event_pattern, schedule_expression = excluded.schedule_expression,
           state = excluded.state, description = excluded.description, role_arn = excluded.role_arn, revision = excluded.revision`,
        [
          bus,
          rule.name,
          rule.eventPattern ?? null,
          rule.scheduleExpression ?? null,
          rule.state ?? 'ENABLED',
          rule.description ?? null,
          rule.roleArn ?? null,
          rule.managedBy ?? null,
          this.clock.now().getTime(),
          revision,
        ],
      );
      return ruleRecord((await tx.query('SELECT * FROM eb_rules WHERE bus = ? AND name = ?', [bus, rule.name]))[0] as SqlRow);
    });
  }

  async describeRule(name: string, eventBusName?: string): Promise<RuleRecord> {
    const bus = busName(eventBusName);
    const [row] = await this.db.query('SELECT * FROM eb_rules WHERE bus = ? AND name = ?', [bus, name]);
    if (!row) throw ruleNotFound(name, bus);
    return ruleRecord(row);
  }

  async deleteRule(name: string, eventBusName?: string, force = false): Promise<void> {
    const bus = busName(eventBusName);
    await this.db.transaction(async (tx) => {
      const targets = await tx.query('SELECT id FROM eb_targets WHERE bus = ? AND rule = ?', [bus, name]);
      if (targets.length > 0 && !force)
        throw invalid(`Rule can't be deleted since it has targets.`, `Remove the targets of rule ${name} first (RemoveTargets).`);
      await tx.run('DELETE FROM eb_targets WHERE bus = ? AND rule = ?', [bus, name]);
      await tx.run('DELETE FROM eb_rules WHERE bus = ? AND name = ?', [bus, name]);
      await bumpRevision(tx);
    });
  }

  async setRuleState(name: string, eventBusName: string | undefined, state: RuleState): Promise<RuleRecord> {
    const bus = busName(eventBusName);
    return this.db.transaction(async (tx) => {
      const revision = await bumpRevision(tx);
      const { changes } = await tx.run('UPDATE eb_rules SET state = ?, revision = ? WHERE bus = ? AND name = ?', [
        state,
        revision,
        bus,
        name,
      ]);
      if (changes === 0) throw ruleNotFound(name, bus);
      return ruleRecord((await tx.query('SELECT * FROM eb_rules WHERE bus = ? AND name = ?', [bus, name]))[0] as SqlRow);
    });
  }

  async listRules(
    filter: { readonly eventBusName?: string; readonly namePrefix?: string },
    page?: PageRequest,
  ): Promise<Page<RuleRecord>> {
    const bus = busName(filter.eventBusName);
    await this.busExists(bus);
    const rows = await this.db.query('SELECT * FROM eb_rules WHERE bus = ? ORDER BY name', [bus]);
    return pageOf(
      rows.map(ruleRecord).filter((r) => !filter.namePrefix || r.name.startsWith(filter.namePrefix)),
      page,
    );
  }

  async putTargets(rule: string, eventBusName: string | undefined, targets: readonly Target[]): Promise<void> {
    const bus = busName(eventBusName);
    await this.db.transaction(async (tx) => {
      if ((await tx.query('SELECT 1 FROM eb_rules WHERE bus = ? AND name = ?', [bus, rule])).length === 0)
        throw ruleNotFound(rule, bus);
      const existing = new Set(
        (await tx.query<{ id: string }>('SELECT id FROM eb_targets WHERE bus = ? AND rule = ?', [bus, rule])).map((r) => r.id),
      );
      const total = new Set([...existing, ...targets.map((t) => t.id)]).size;
      if (total > MAX_TARGETS_PER_RULE)
        throw new GodwitError(
          'E_EVENTBRIDGE_LIMIT',
          `The requested resource exceeds the maximum number allowed: rule ${rule} would have ${total} targets.`,
          {
            hint: `A rule has at most ${MAX_TARGETS_PER_RULE} targets; remove some or use another rule.`,
          },
        );
      for (const t of targets)
        await tx.run(
          'INSERT INTO eb_targets (bus, rule, id, target) VALUES (?, ?, ?, ?) ON CONFLICT (bus, rule, id) DO UPDATE SET target = excluded.target',
          [bus, rule, t.id, JSON.stringify(t)],
        );
      await bumpRevision(tx);
    });
  }

  async removeTargets(rule: string, eventBusName: string | undefined, ids: readonly string[]): Promise<void> {
    const bus = busName(eventBusName);
    await this.db.transaction(async (tx) => {
      if ((await tx.query('SELECT 1 FROM eb_rules WHERE bus = ? AND name = ?', [bus, rule])).length === 0)
        throw ruleNotFound(rule, bus);
      for (const id of ids) await tx.run('DELETE FROM eb_targets WHERE bus = ? AND rule = ? AND id = ?', [bus, rule, id]);
      await bumpRevision(tx);
    });
  }

  async listTargetsByRule(rule: string, eventBusName?: string): Promise<readonly Target[]> {
    const bus = busName(eventBusName);
    await this.describeRule(rule, bus);
    const rows = await this.db.query<{ target: string }>('SELECT target FROM eb_targets WHERE bus = ? AND rule = ? ORDER BY id', [
      bus,
      rule,
    ]);
    return rows.map((r) => JSON.parse(r.target) as Target);
  }

  async rulesOfBus(eventBusName: string) {
    const bus = busName(eventBusName);
    return this.db.transaction(async (tx) => {
      const revision = await readRevision(tx);
      const rules = (await tx.query('SELECT * FROM eb_rules WHERE bus = ? ORDER BY name', [bus])).map(ruleRecord);
      const targets = await tx.query<{ rule: string; target: string }>(
        'SELECT rule, target FROM eb_targets WHERE bus = ? ORDER BY rule, id',
        [bus],
      );
      const byRule = new Map<string, Target[]>();
      for (const t of targets) byRule.set(t.rule, [...(byRule.get(t.rule) ?? []), JSON.parse(t.target) as Target]);
      return { revision, rules: rules.map((r) => ({ ...r, targets: byRule.get(r.name) ?? [] })) };
    });
  }

  rulesRevision(): Promise<number> {
    return readRevision(this.db);
  }
}

async function readRevision(db: SqlDatabase): Promise<number> {
  const [row] = await db.query<{ revision: number }>('SELECT revision FROM eb_revision WHERE id = 1');
  return Number(row?.revision ?? 0);
}

/** Bumps and returns the rule-set revision; its row lock also serialises rule writers on PostgreSQL. */
async function bumpRevision(tx: SqlDatabase): Promise<number> {
  await tx.run('UPDATE eb_revision SET revision = revision + 1 WHERE id = 1');
  return readRevision(tx);
}

const exists = (what: string, name: string) =>
  new GodwitError('E_EVENTBRIDGE_EXISTS', `${what} ${name} already exists.`, {
    hint: 'Choose another name, or delete the existing one first.',
  });

export const busNotFound = (name: string) =>
  notFound('Event bus', name, 'Create it first (CreateEventBus), or use the default bus.');
const ruleNotFound = (name: string, bus: string) =>
  notFound('Rule', `${name} on EventBus ${bus}`, 'List the bus’s rules (ListRules) for the names there are.');

function busRecord(row: SqlRow): EventBusRecord {
  const name = row.name as string;
  return {
    name,
    arn: busArn(name),
    ...(row.description ? { description: row.description as string } : {}),
    creationTime: new Date(Number(row.created_at)),
    lastModifiedTime: new Date(Number(row.modified_at)),
  };
}

function ruleRecord(row: SqlRow): RuleRecord {
  const bus = row.bus as string;
  const name = row.name as string;
  const optional = (key: string, column: string) => (row[column] == null ? {} : { [key]: row[column] as string });
  return {
    name,
    arn: ruleArn(bus, name),
    eventBusName: bus,
    ...optional('eventPattern', 'event_pattern'),
    ...optional('scheduleExpression', 'schedule_expression'),
    state: row.state as RuleState,
    ...optional('description', 'description'),
    ...optional('roleArn', 'role_arn'),
    ...optional('managedBy', 'managed_by'),
    createdAt: new Date(Number(row.created_at)),
    revision: Number(row.revision),
  };
}
