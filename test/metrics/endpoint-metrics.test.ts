import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../../src/core/clock.js';
import { migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { SCHEMAS } from '../../src/meta/index.js';
import { endpointMetrics, SAGEMAKER_NAMESPACE } from '../../src/metrics/endpoint-metrics.js';
import { SqlMetricStore } from '../../src/metrics/sql-metric-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { scratchDir } from '../helpers/scratch.js';

describe('endpoint metrics: the recorder over the real store', () => {
  const clock = new FakeClock(Date.parse('2026-12-05T10:00:00Z'));
  let db: SqlDatabase;
  let store: SqlMetricStore;
  before(async () => {
    db = await openDatabase({ file: join(scratchDir('godwit-endpoint-metrics-'), 'metadata.db') });
    await migrate(db, SCHEMAS, 'test');
    store = new SqlMetricStore(db, clock);
  });
  after(() => db?.close());

  const stats = (endpoint: string, variant: string, metricName: string, statistics: string[]) =>
    store.statistics({
      namespace: SAGEMAKER_NAMESPACE,
      metricName,
      dimensions: { EndpointName: endpoint, VariantName: variant },
      start: new Date(clock.now().getTime() - 3600_000),
      end: new Date(clock.now().getTime() + 60_000),
      period: 3600,
      statistics,
    });
  const one = async (endpoint: string, variant: string, metricName: string, statistics: string[]) => {
    const points = await stats(endpoint, variant, metricName, statistics);
    assert.equal(points.length, 1, `${metricName}: ${JSON.stringify(points)}`);
    return points[0];
  };

  test('SageMaker metrics per variant: counts, error rates, per-instance share and latency percentiles', async () => {
    const recorder = endpointMetrics({ store, clock, intervalMs: 0 });
    const a = recorder.variant('ep', 'AllTraffic');
    a.setInstanceCount(2);
    for (let i = 1; i <= 1000; i++) {
      const status = i % 100 === 0 ? 500 : i % 10 === 0 ? 400 : 200;
      a.record({ status, modelLatencyUs: i * 100, overheadLatencyUs: 50 + (i % 7) });
    }
    recorder.record('ep', 'Shadow', { status: 200 }); // the model never answered: no latency
    clock.advance(30_000);
    await recorder.flush();

    assert.deepEqual((await one('ep', 'AllTraffic', 'Invocations', ['Sum', 'SampleCount'])).values, {
      Sum: 1000,
      SampleCount: 1000,
    });
    assert.deepEqual((await one('ep', 'AllTraffic', 'Invocation4XXErrors', ['Sum', 'Average'])).values, {
      Sum: 90,
      Average: 0.09,
    });
    assert.deepEqual((await one('ep', 'AllTraffic', 'Invocation5XXErrors', ['Sum'])).values, { Sum: 10 });
    assert.deepEqual((await one('ep', 'AllTraffic', 'InvocationsPerInstance', ['Sum'])).values, { Sum: 500 });
    const model = await one('ep', 'AllTraffic', 'ModelLatency', ['p50', 'p90', 'p99', 'SampleCount', 'Minimum']);
    assert.equal(model.unit, 'Microseconds');
    assert.equal(model.values.SampleCount, 1000);
    for (const [p, exact] of [
      ['p50', 50_000],
      ['p90', 90_000],
      ['p99', 99_000],
    ] as const) {
      assert.ok(Math.abs(model.values[p] - exact) / exact <= 1 / 128, `${p} ${model.values[p]} vs ${exact}`);
    }
    const overhead = await one('ep', 'AllTraffic', 'OverheadLatency', ['Minimum', 'Maximum']);
    assert.deepEqual(overhead.values, { Minimum: 50, Maximum: 56 });
    assert.deepEqual((await one('ep', 'Shadow', 'Invocations', ['Sum'])).values, { Sum: 1 });
    assert.deepEqual(await stats('ep', 'Shadow', 'ModelLatency', ['Sum']), []);
    await recorder.close();
  });

  test('a busy minute is a few rows, not a row per request; close flushes, and later records are ignored', async () => {
    const recorder = endpointMetrics({ store, clock, intervalMs: 0 });
    const v = recorder.variant('busy', 'v1');
    for (let window = 0; window < 3; window++) {
      for (let i = 0; i < 20_000; i++) v.record({ status: 200, modelLatencyUs: 900 + (i % 200), overheadLatencyUs: 40 });
      clock.advance(10_000);
      if (window < 2) await recorder.flush();
    }
    await recorder.close();
    v.record({ status: 200, modelLatencyUs: 1 });
    await recorder.flush();
    assert.deepEqual((await one('busy', 'v1', 'Invocations', ['Sum'])).values, { Sum: 60_000 });
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM metric_values v JOIN metric_series s ON s.id = v.series_id
       WHERE s.dimensions LIKE '%"busy"%'`,
    );
    // Per minute: 1 Invocations + 1 + 1 error rows + 1 per-instance row + the rounded latencies (~140) + 1 overhead.
    assert.ok(Number(n) < 200, `${n} rows for 60,000 requests`);
  });

  test('a window is one minute of the clock, written by itself when the clock passes the minute', async () => {
    // A clock whose sleepers wake only when the test moves it: the timer's behaviour, without real-time races.
    const stepped = new SteppedClock(Date.parse('2026-12-05T10:00:30Z'));
    const recorder = endpointMetrics({ store, clock: stepped });
    const minutes = async () =>
      (
        await store.statistics({
          namespace: SAGEMAKER_NAMESPACE,
          metricName: 'Invocation5XXErrors',
          dimensions: { EndpointName: 'timed', VariantName: 'v1' },
          start: new Date('2026-12-05T09:58:00Z'),
          end: new Date('2026-12-05T10:10:00Z'),
          period: 60,
          statistics: ['Sum'],
        })
      ).map((p) => [p.timestamp.toISOString().slice(11, 16), p.values.Sum]);
    const settled = () => new Promise((r) => setTimeout(r, 50));
    try {
      recorder.record('timed', 'v1', { status: 500, modelLatencyUs: 10 });
      stepped.advance(29_000);
      await settled();
      assert.deepEqual(await minutes(), [], 'not before the minute ends');
      stepped.advance(1_000); // 10:01:00
      for (let i = 0; i < 100 && (await minutes()).length === 0; i++) await settled();
      assert.deepEqual(await minutes(), [['10:00', 1]]);
      recorder.record('timed', 'v1', { status: 500 });
      recorder.record('timed', 'v1', { status: 500 });
      stepped.advance(60_000); // 10:02:00
      for (let i = 0; i < 100 && (await minutes()).length === 1; i++) await settled();
      assert.deepEqual(await minutes(), [
        ['10:00', 1],
        ['10:01', 2],
      ]);
    } finally {
      await recorder.close();
    }
  });

  test('a flush inside a minute writes what the minute has so far; the rest joins the same minute', async () => {
    const hand = new FakeClock(Date.parse('2026-12-05T10:05:10Z'));
    const recorder = endpointMetrics({ store, clock: hand, timer: false });
    const v = recorder.variant('partial', 'v1');
    for (let i = 0; i < 3; i++) v.record({ status: 200 });
    await recorder.flush();
    hand.advance(20_000);
    v.record({ status: 200 });
    hand.advance(30_000); // 10:06:00: the minute is over
    await recorder.flush();
    v.record({ status: 200 });
    await recorder.close();
    const points = await store.statistics({
      namespace: SAGEMAKER_NAMESPACE,
      metricName: 'Invocations',
      dimensions: { EndpointName: 'partial', VariantName: 'v1' },
      start: new Date('2026-12-05T10:00:00Z'),
      end: new Date('2026-12-05T10:10:00Z'),
      period: 60,
      statistics: ['Sum'],
    });
    assert.deepEqual(
      points.map((p) => [p.timestamp.toISOString().slice(11, 16), p.values.Sum]),
      [
        ['10:05', 4],
        ['10:06', 1],
      ],
    );
  });
});

/** A clock moved by hand whose `sleep` resolves when `advance` passes its deadline (unlike FakeClock, which jumps). */
class SteppedClock implements Clock {
  private readonly sleepers: { at: number; wake: () => void }[] = [];
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = { at: this.t + ms, wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
  advance(ms: number): void {
    this.t += ms;
    for (const s of this.sleepers.filter((x) => x.at <= this.t)) {
      this.sleepers.splice(this.sleepers.indexOf(s), 1);
      s.wake();
    }
  }
}
