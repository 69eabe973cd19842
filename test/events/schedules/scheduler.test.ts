import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { migrate } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { SqlDatabase } from '../../../src/db/sql-database.js';
import { type MissedPolicy, missedPolicyFromEnv } from '../../../src/events/schedules/missed-policy.js';
import type { ScheduleRule, ScheduleRuleSource } from '../../../src/events/schedules/schedule-source.js';
import { EVENT_SCHEDULES_SCHEMA, SqlScheduleState } from '../../../src/events/schedules/schedule-state.js';
import { Scheduler } from '../../../src/events/schedules/scheduler.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const MIN = 60_000;
const dbs: SqlDatabase[] = [];
after(() => Promise.all(dbs.map((db) => db.close())));

async function database(): Promise<SqlDatabase> {
  const db = await openDatabase({ file: join(scratchDir('godwit-schedules-'), 'metadata.db') });
  await migrate(db, [EVENT_SCHEDULES_SCHEMA], 'test');
  dbs.push(db);
  return db;
}

/** Rules kept in memory; every fire recorded as (rule, scheduled time). */
class Rules implements ScheduleRuleSource {
  rules: ScheduleRule[] = [];
  fires: string[] = [];
  #revision = 0;
  put(name: string, scheduleExpression: string, state: 'ENABLED' | 'DISABLED' = 'ENABLED'): void {
    const old = this.rules.find((r) => r.name === name);
    const rule: ScheduleRule = {
      name,
      arn: `arn:aws:events:us-east-1:000000000000:rule/${name}`,
      eventBusName: 'default',
      scheduleExpression,
      state,
      createdAt: old?.createdAt ?? new Date(T0),
      revision: (old?.revision ?? 0) + 1,
    };
    this.rules = [...this.rules.filter((r) => r.name !== name), rule];
    this.#revision++;
  }
  async revision() {
    return this.#revision;
  }
  async scheduleRules() {
    return this.rules;
  }
  async fire(rule: ScheduleRule, at: Date) {
    this.fires.push(`${rule.name}@${at.toISOString().slice(11, 16)}`);
  }
}

function scheduler(rules: Rules, db: SqlDatabase, clock: FakeClock, missed?: MissedPolicy, log: string[] = []) {
  return new Scheduler({ source: rules, state: new SqlScheduleState(db), clock, log: (l) => log.push(l), missed });
}

test('a rate fires every period from the rule’s creation, each due time once, and says when it fires next', async () => {
  const clock = new FakeClock(T0);
  const rules = new Rules();
  rules.put('every5', 'rate(5 minutes)');
  rules.put('noon', 'cron(0 12 * * ? *)');
  const s = scheduler(rules, await database(), clock);
  await s.load();
  assert.equal((await s.pass())?.toISOString(), '2026-12-06T10:05:00.000Z');
  clock.advance(5 * MIN);
  await s.pass();
  assert.deepEqual(rules.fires, ['every5@10:05']);
  // A busy server is late, never skips: two periods passed, two fires.
  clock.advance(11 * MIN);
  const next = await s.pass();
  assert.deepEqual(rules.fires, ['every5@10:05', 'every5@10:10', 'every5@10:15']);
  assert.equal(next?.toISOString(), '2026-12-06T10:20:00.000Z');
  clock.advance(2 * 60 * MIN);
  await s.pass();
  assert.ok(rules.fires.includes('noon@12:00'));
  assert.equal(rules.fires.filter((f) => f === 'noon@12:00').length, 1);
});

for (const [policy, expected] of [
  ['run-once', ['r@10:05', 'r@10:10', 'r@10:35']],
  ['skip', ['r@10:05', 'r@10:35']],
] as const) {
  test(`fires missed while the server was down: ${policy}`, async () => {
    const clock = new FakeClock(T0);
    const db = await database();
    const rules = new Rules();
    rules.put('r', 'rate(5 minutes)');
    const first = scheduler(rules, db, clock, policy);
    await first.load();
    clock.advance(5 * MIN);
    await first.pass();
    await first.close();
    // Down from 10:05 to 10:32: five fire times (10:10 … 10:30) fall while no server runs.
    clock.advance(27 * MIN);
    const log: string[] = [];
    const second = scheduler(rules, db, clock, policy, log);
    await second.load();
    assert.equal((await second.pass())?.toISOString(), '2026-12-06T10:35:00.000Z');
    await second.pass();
    clock.advance(3 * MIN);
    await second.pass();
    assert.deepEqual(rules.fires, expected);
    assert.match(log.join('\n'), policy === 'skip' ? /missed fires from 2026-12-06T10:10:00.000Z skipped/ : /caught up once/);
  });
}

test('the record survives a restart: nothing fired twice, nothing lost', async () => {
  const clock = new FakeClock(T0);
  const db = await database();
  const rules = new Rules();
  rules.put('r', 'rate(1 minute)');
  for (let i = 0; i < 3; i++) {
    const s = scheduler(rules, db, clock);
    await s.load();
    clock.advance(MIN);
    await s.pass();
    await s.close();
  }
  assert.deepEqual(rules.fires, ['r@10:01', 'r@10:02', 'r@10:03']);
  const [state] = await new SqlScheduleState(db).all();
  assert.equal(state?.lastFire?.toISOString(), '2026-12-06T10:03:00.000Z');
});

test('a disabled rule fires nothing; enabled again it counts from then, without catching up', async () => {
  const clock = new FakeClock(T0);
  const rules = new Rules();
  rules.put('r', 'rate(10 minutes)');
  const s = scheduler(rules, await database(), clock);
  await s.load();
  clock.advance(10 * MIN);
  await s.pass();
  rules.put('r', 'rate(10 minutes)', 'DISABLED');
  clock.advance(30 * MIN);
  assert.equal(await s.pass(), undefined);
  rules.put('r', 'rate(10 minutes)', 'ENABLED');
  clock.advance(MIN);
  assert.equal((await s.pass())?.toISOString(), '2026-12-06T10:51:00.000Z');
  clock.advance(10 * MIN);
  await s.pass();
  assert.deepEqual(rules.fires, ['r@10:10', 'r@10:51']);
});

test('a one-time at() fires once; an expression that cannot be read is logged once and skipped', async () => {
  const clock = new FakeClock(T0);
  const rules = new Rules();
  rules.put('once', 'at(2026-12-06T10:02:30)');
  rules.put('bad', 'rate(5 hour)');
  const log: string[] = [];
  const s = scheduler(rules, await database(), clock, 'run-once', log);
  await s.load();
  for (let i = 0; i < 5; i++) {
    clock.advance(MIN);
    await s.pass();
  }
  assert.deepEqual(rules.fires, ['once@10:02']);
  assert.equal(log.filter((l) => l.includes('schedule rule bad')).length, 1);
  assert.match(log[0] as string, /rate\(5 hour\).*"hours"/);
});

test('the missed-fire policy comes from GODWIT_MISSED_SCHEDULES, run-once by default', () => {
  assert.equal(missedPolicyFromEnv({}), 'run-once');
  assert.equal(missedPolicyFromEnv({ GODWIT_MISSED_SCHEDULES: 'skip' }), 'skip');
  assert.throws(
    () => missedPolicyFromEnv({ GODWIT_MISSED_SCHEDULES: 'all' }),
    (err: unknown) => err instanceof GodwitError && err.code === 'E_SCHEDULE_MISSED_POLICY' && /"all"/.test(err.message),
  );
});
