import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { SCHEMAS } from '../../src/meta/index.js';
import type { MetricDatum } from '../../src/metrics/metric-store.js';
import { SqlMetricStore } from '../../src/metrics/sql-metric-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { scratchDir } from '../helpers/scratch.js';

const MIN = 60_000;
const clock = new FakeClock(Date.parse('2026-12-05T10:00:00Z'));
let db: SqlDatabase;
let store: SqlMetricStore;
before(async () => {
  db = await openDatabase({ file: join(scratchDir('godwit-retention-'), 'metadata.db') });
  await migrate(db, SCHEMAS, 'test');
  store = new SqlMetricStore(db, clock);
});
after(() => db?.close());

const datum = (metricName: string, offsetMs: number, value: number): MetricDatum => ({
  namespace: 'Retention',
  metricName,
  dimensions: {},
  timestamp: new Date(clock.now().getTime() + offsetMs),
  value,
  storageResolution: 1,
});
const rows = async (where: string) =>
  Number((await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM metric_values WHERE ${where}`))[0].n);

test('writers roll rows up as they age and delete them past 455 days; old high-resolution data lands on its minute', async () => {
  await store.put([datum('A', -MIN + 7_000, 1), datum('A', -MIN + 13_000, 2)]);
  assert.equal(await rows('ts % 60 <> 0'), 2);
  // Five hours old at 1-second resolution: stored on its minute straight away.
  await store.put([datum('B', -5 * 60 * MIN + 3_000, 5)]);
  assert.equal(await rows('ts % 60 <> 0'), 2);

  clock.advance(3 * 60 * MIN);
  await store.put([datum('Tick', 0, 1)]);
  assert.equal(await rows('ts % 60 <> 0 AND ts < ' + (clock.now().getTime() / 1000 - 3 * 3600)), 0);
  assert.equal(
    await rows("series_id IN (SELECT id FROM metric_series WHERE metric_name = 'A')"),
    2,
    'values 1 and 2 in one minute',
  );

  clock.advance(456 * 24 * 60 * MIN);
  await store.put([datum('Tick', 0, 1)]);
  assert.equal(await rows('1 = 1'), 1, 'only the last tick is left');
  const series = await db.query<{ metric_name: string }>('SELECT metric_name FROM metric_series');
  assert.deepEqual(
    series.map((s) => s.metric_name),
    ['Tick'],
  );
});

test('enforceRetention() applies the ladder to the whole history at once', async () => {
  await store.put([datum('C', -2 * MIN + 1_000, 1)]);
  clock.advance(4 * 60 * MIN);
  await store.enforceRetention();
  assert.equal(await rows('ts % 60 <> 0'), 0);
});
