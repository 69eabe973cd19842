import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { migrate } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { SqlDatabase } from '../../../src/db/sql-database.js';
import { EVENT_SCHEDULES_SCHEMA } from '../../../src/events/schedules/event-schedules-schema.js';
import { SqlScheduleState } from '../../../src/events/schedules/schedule-state.js';
import { POSTGRES_SKIP, testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';

const ARN = (name: string) => `arn:aws:events:us-east-1:000000000000:rule/${name}`;
const at = (iso: string) => new Date(iso);

/** The scheduler's record on one database: rows replace by rule ARN, times round-trip to the millisecond. */
function suite(open: () => Promise<SqlDatabase>) {
  test('save creates and replaces by rule ARN; all lists them; remove forgets', async () => {
    const db = await open();
    try {
      await migrate(db, [EVENT_SCHEDULES_SCHEMA], 'test');
      const store = new SqlScheduleState(db);
      const first = {
        ruleArn: ARN('a'),
        revision: 1,
        expression: 'rate(5 minutes)',
        anchor: at('2026-12-06T10:00:00.123Z'),
        through: at('2026-12-06T10:00:00.123Z'),
      };
      await store.save(first);
      await store.save({
        ruleArn: ARN('b'),
        revision: 2,
        expression: 'cron(0 2 * * ? *)',
        anchor: at('2026-12-06T09:00:00Z'),
        through: at('2026-12-06T09:00:00Z'),
      });
      const fired = { ...first, through: at('2026-12-06T10:05:00.123Z'), lastFire: at('2026-12-06T10:05:00.123Z') };
      await store.save(fired);
      const rows = await store.all();
      assert.deepEqual(
        rows.map((r) => r.ruleArn),
        [ARN('a'), ARN('b')],
      );
      assert.deepEqual(rows[0], fired);
      assert.equal(rows[1]?.lastFire, undefined);
      await store.remove([ARN('a')]);
      assert.deepEqual(
        (await store.all()).map((r) => r.ruleArn),
        [ARN('b')],
      );
    } finally {
      await db.close();
    }
  });
}

describe('schedule state on SQLite', () =>
  suite(() => openDatabase({ file: join(scratchDir('godwit-schedule-state-'), 'metadata.db') })));
describe('schedule state on PostgreSQL', { skip: POSTGRES_SKIP }, () =>
  suite(async () => openDatabase({ url: await testDatabase() })),
);
