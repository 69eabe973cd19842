/**
 * The contract every MetricStore passes: one node:test suite per backend, run against a real one
 * (a SQLite file, a real PostgreSQL server). `open` returns the opened metadata on a fresh
 * database whose clock is `clock` (a clock tests move by hand); the suite closes it. Each test
 * writes its own namespace, so tests never see each other's series.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import type { Metadata } from '../meta/index.js';
import type { MetricDatum, MetricStore, StatisticsQuery } from './metric-store.js';

/** A clock the suite moves: `advance` jumps forward, `sleep` advances instead of waiting. */
export interface MovableClock extends Clock {
  advance(ms: number): void;
}

const ns = () => `Test/${randomBytes(4).toString('hex')}`;
const MIN = 60_000;
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

export function metricStoreContract(
  name: string,
  open: (clock: MovableClock) => Promise<Metadata>,
  clock: MovableClock,
  options: { skip?: string } = {},
): void {
  describe(`MetricStore contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let store: MetricStore;
    const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs);
    const datum = (n: string, extra: Partial<MetricDatum>): MetricDatum => ({
      namespace: n,
      metricName: 'Latency',
      dimensions: { EndpointName: 'ep', VariantName: 'v1' },
      timestamp: at(-5 * MIN),
      ...extra,
    });
    const query = (n: string, extra: Partial<StatisticsQuery>): StatisticsQuery => ({
      namespace: n,
      metricName: 'Latency',
      dimensions: { VariantName: 'v1', EndpointName: 'ep' },
      start: at(-60 * MIN),
      end: at(MIN),
      period: 3600,
      statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'],
      ...extra,
    });
    before(async () => {
      metadata = await open(clock);
      store = metadata.metrics;
    });
    after(() => metadata?.close());

    test('single values, values with counts and statistic sets add up; dimension order does not matter', async () => {
      const n = ns();
      await store.put([
        datum(n, { value: 10 }),
        datum(n, { values: [1, 2, 3], counts: [1, 2, 3] }),
        datum(n, { values: [5] }),
        datum(n, { statisticValues: { sampleCount: 4, sum: 100, minimum: 0.5, maximum: 70 } }),
        datum(n, { dimensions: { EndpointName: 'ep', VariantName: 'v2' }, value: 1000 }),
      ]);
      const [point, ...rest] = await store.statistics(query(n, {}));
      assert.equal(rest.length, 0);
      assert.deepEqual(point.values, { SampleCount: 12, Sum: 10 + 14 + 5 + 100, Average: 129 / 12, Minimum: 0.5, Maximum: 70 });
      assert.equal(point.unit, 'None');
      assert.deepEqual(await store.statistics(query(n, { dimensions: { EndpointName: 'ep' } })), []);
    });

    test('percentiles are exact from stored values, and left out where a statistic set hides them', async () => {
      const n = ns();
      const values = Array.from({ length: 100 }, (_, i) => i + 1);
      await store.put([datum(n, { values, unit: 'Microseconds' })]);
      const stats = ['p0', 'p50', 'p90', 'p99', 'p99.9', 'p100', 'Maximum'];
      const [point] = await store.statistics(query(n, { statistics: stats }));
      assert.deepEqual(point.values, { p0: 1, p50: 50, p90: 90, p99: 99, 'p99.9': 100, p100: 100, Maximum: 100 });
      assert.equal(point.unit, 'Microseconds');
      // A set with minimum = maximum is that many observations of one value: percentiles stay known.
      await store.put([
        datum(n, { unit: 'Microseconds', statisticValues: { sampleCount: 100, sum: 500, minimum: 5, maximum: 5 } }),
      ]);
      const [known] = await store.statistics(query(n, { statistics: ['p50', 'SampleCount'] }));
      assert.deepEqual(known.values, { p50: 5, SampleCount: 200 });
      await store.put([datum(n, { unit: 'Microseconds', statisticValues: { sampleCount: 2, sum: 3, minimum: 1, maximum: 2 } })]);
      const [hidden] = await store.statistics(query(n, { statistics: ['p50', 'SampleCount'] }));
      assert.deepEqual(hidden.values, { SampleCount: 202 });
    });

    test('periods: one datapoint per period with data, aligned to the minute, in time order', async () => {
      const n = ns();
      const base = Math.floor(clock.now().getTime() / (10 * MIN)) * 10 * MIN - 30 * MIN;
      await store.put([
        datum(n, { timestamp: new Date(base + 12 * MIN + 5_000), value: 3 }),
        datum(n, { timestamp: new Date(base + 1_000), value: 1 }),
        datum(n, { timestamp: new Date(base + 40_000), value: 2 }),
      ]);
      const points = await store.statistics(
        query(n, { start: new Date(base + 20_000), end: new Date(base + 20 * MIN), period: 60, statistics: ['Sum'] }),
      );
      assert.deepEqual(
        points.map((p) => [p.timestamp.getTime() - base, p.values.Sum]),
        [
          [0, 3],
          [12 * MIN, 3],
        ],
      );
      const fives = await store.statistics(
        query(n, { start: new Date(base), end: new Date(base + 20 * MIN), period: 300, statistics: ['SampleCount'] }),
      );
      assert.deepEqual(
        fives.map((p) => [p.timestamp.getTime() - base, p.values.SampleCount]),
        [
          [0, 2],
          [10 * MIN, 1],
        ],
      );
    });

    test('high-resolution data keeps its seconds; units filter, and two units give two datapoints', async () => {
      const n = ns();
      const t = Math.floor(clock.now().getTime() / MIN) * MIN - 10 * MIN;
      await store.put([
        datum(n, { timestamp: new Date(t + 1_000), value: 1, storageResolution: 1, unit: 'Count' }),
        datum(n, { timestamp: new Date(t + 7_000), value: 2, storageResolution: 1, unit: 'Count' }),
        datum(n, { timestamp: new Date(t + 7_000), value: 5, storageResolution: 1, unit: 'Seconds' }),
      ]);
      const q = query(n, { start: new Date(t), end: new Date(t + MIN), period: 5, statistics: ['Sum'] });
      assert.deepEqual(
        (await store.statistics(q)).map((p) => [p.timestamp.getTime() - t, p.unit, p.values.Sum]),
        [
          [0, 'Count', 1],
          [5_000, 'Count', 2],
          [5_000, 'Seconds', 5],
        ],
      );
      assert.deepEqual(
        (await store.statistics({ ...q, unit: 'Seconds', period: 60 })).map((p) => [p.unit, p.values.Sum]),
        [['Seconds', 5]],
      );
    });

    test('list: metric names and dimension sets of a namespace, filtered by name', async () => {
      const n = ns();
      await store.put([
        datum(n, { value: 1 }),
        datum(n, { metricName: 'Invocations', value: 1 }),
        datum(n, { metricName: 'Invocations', dimensions: { EndpointName: 'ep', VariantName: 'v2' }, value: 1 }),
      ]);
      const all = await store.list(n);
      assert.deepEqual(
        all.map((m) => [m.namespace, m.metricName, m.dimensions]),
        [
          [n, 'Invocations', { EndpointName: 'ep', VariantName: 'v1' }],
          [n, 'Invocations', { EndpointName: 'ep', VariantName: 'v2' }],
          [n, 'Latency', { EndpointName: 'ep', VariantName: 'v1' }],
        ],
      );
      assert.equal((await store.list(n, 'Latency')).length, 1);
      assert.ok((await store.list()).some((m) => m.namespace === n));
    });

    test('refuses what CloudWatch refuses, naming the datum or the statistic', async () => {
      const n = ns();
      await assert.rejects(store.put([datum(n, { value: Number.NaN })]), code('E_METRIC_DATUM'));
      await assert.rejects(store.put([datum(n, { values: [1, 2], counts: [1] })]), code('E_METRIC_DATUM'));
      await assert.rejects(store.put([datum(n, { value: 1, timestamp: at(-15 * 24 * 60 * MIN) })]), code('E_METRIC_DATUM'));
      await assert.rejects(store.put([datum(n, { value: 1, values: [1] })]), code('E_METRIC_DATUM'));
      await assert.rejects(
        store.put([datum(n, { statisticValues: { sampleCount: 1, sum: 1, minimum: 2, maximum: 1 } })]),
        code('E_METRIC_DATUM'),
      );
      await assert.rejects(store.statistics(query(n, { statistics: ['tm99'] })), code('E_METRIC_STATISTIC'));
      await assert.rejects(store.statistics(query(n, { statistics: ['p101'] })), code('E_METRIC_STATISTIC'));
      await assert.rejects(store.statistics(query(n, { period: 90 })), code('E_METRIC_QUERY'));
      await assert.rejects(store.statistics(query(n, { start: at(0), end: at(-MIN) })), code('E_METRIC_QUERY'));
      assert.deepEqual(await store.list(n), [], 'a refused put writes nothing');
    });

    test('concurrent writers to one minute lose no count', async () => {
      const n = ns();
      await Promise.all(Array.from({ length: 8 }, () => store.put([datum(n, { values: [1, 2], counts: [10, 5] })])));
      const [point] = await store.statistics(query(n, { statistics: ['SampleCount', 'Sum', 'p50'] }));
      assert.deepEqual(point.values, { SampleCount: 120, Sum: 160, p50: 1 });
    });

    // Last: it moves the clock forward by more than a year.
    test('retention on the clock: 1-second data becomes 1-minute after 3 h, and everything goes after 455 days', async () => {
      const n = ns();
      const t = Math.floor(clock.now().getTime() / MIN) * MIN - 2 * MIN;
      await store.put([
        datum(n, { timestamp: new Date(t + 3_000), values: [1, 4], storageResolution: 1 }),
        datum(n, { timestamp: new Date(t + 9_000), values: [4], counts: [2], storageResolution: 1 }),
      ]);
      const q = query(n, {
        start: new Date(t),
        end: new Date(t + MIN),
        period: 1,
        statistics: ['SampleCount', 'Sum', 'p50', 'Maximum'],
      });
      assert.equal((await store.statistics(q)).length, 2);
      clock.advance(3 * 60 * MIN + 5 * MIN);
      // Writers apply retention (at most once a clock minute); readers never write.
      await store.put([datum(n, { metricName: 'Tick', timestamp: at(0), value: 1 })]);
      const rolled = await store.statistics(q);
      assert.deepEqual(
        rolled.map((p) => [p.timestamp.getTime() - t, p.values]),
        [[0, { SampleCount: 4, Sum: 13, p50: 4, Maximum: 4 }]],
      );
      clock.advance(456 * 24 * 60 * MIN);
      // Past retention, data is not shown even before a writer has deleted it.
      assert.deepEqual(await store.statistics({ ...q, period: 3600, start: new Date(t - 3600_000) }), []);
      await store.put([datum(ns(), { timestamp: at(0), value: 1 })]);
      assert.deepEqual(await store.statistics({ ...q, period: 3600, start: new Date(t - 3600_000) }), []);
      assert.deepEqual(await store.list(n), []);
    });
  });
}
