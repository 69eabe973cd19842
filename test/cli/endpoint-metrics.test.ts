import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { endpointMetrics } from '../../src/metrics/endpoint-metrics.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

describe('godwit endpoint metrics', () => {
  let env: NodeJS.ProcessEnv;
  const minute = (ago: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - ago * 60_000);
  before(async () => {
    const root = join(scratchDir('godwit-endpoint-metrics-cli-'), 'home');
    env = { GODWIT_HOME: root };
    const metadata = await openMetadata(godwitHome(root), systemClock, {});
    try {
      // Two windows three minutes apart, as the server's recorder writes them.
      let now = minute(5);
      const recorder = endpointMetrics({
        store: metadata.metrics,
        clock: { now: () => now, sleep: async () => {} },
        intervalMs: 0,
      });
      recorder.setInstanceCount('churn', 'AllTraffic', 2);
      for (let i = 1; i <= 100; i++)
        recorder.record('churn', 'AllTraffic', { status: i <= 2 ? 400 : 200, modelLatencyUs: i * 100, overheadLatencyUs: 20 });
      for (let i = 1; i <= 10; i++)
        recorder.record('churn', 'canary', { status: i === 1 ? 503 : 200, modelLatencyUs: 2000, overheadLatencyUs: 30 });
      recorder.record('other', 'AllTraffic', { status: 200, modelLatencyUs: 1 });
      now = minute(2);
      await recorder.flush();
      for (let i = 1; i <= 50; i++)
        recorder.record('churn', 'AllTraffic', { status: 200, modelLatencyUs: 500, overheadLatencyUs: 20 });
      await recorder.close();
    } finally {
      await metadata.close();
    }
  });

  test('a row per variant with invocations, errors and latency percentiles in milliseconds', async () => {
    const r = await cli(['endpoint', 'metrics', 'churn'], env);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/ +/g, ' '));
    assert.deepEqual(lines, [
      'VARIANT INVOCATIONS 4XX 5XX PER INSTANCE MODEL ms p50/p90/p99 OVERHEAD ms p50/p90/p99',
      // Nearest-rank percentiles of 150 latencies (100 of i×100 µs, 50 of 500 µs): the 75th, 135th and
      // 149th are 2.5, 8.5 and 9.9 ms, stored to 7 significant bits (the middle of their bucket).
      'AllTraffic 150 2 0 75 2.51/8.51/9.92 0.02/0.02/0.02',
      'canary 10 0 1 10 2.01/2.01/2.01 0.03/0.03/0.03',
    ]);
  });

  test('--period gives a row per period, --variant narrows, --json is the report', async () => {
    const r = await cli(
      ['endpoints', 'metrics', 'churn', '--variant', 'AllTraffic', '--period', '60', '--since', '10m', '--json'],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.deepEqual(
      rows.map((x: { start: string; invocations: number }) => [x.start, x.invocations]),
      [
        [minute(5).toISOString(), 100],
        [minute(2).toISOString(), 50],
      ],
    );
    const text = await cli(['endpoint', 'metrics', 'churn', '--variant', 'canary', '--period', '300'], env);
    assert.match(text.stdout, /^TIME +VARIANT/);
  });

  test('an endpoint with no metrics says so; a bad --since or --period is an error naming it', async () => {
    const none = await cli(['endpoint', 'metrics', 'nothing'], env);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /No invocations recorded for endpoint "nothing" since/);
    const bad = await cli(['endpoint', 'metrics', 'churn', '--since', 'yesterday'], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--since "yesterday" is neither a duration nor a time/);
    const period = await cli(['endpoint', 'metrics', 'nothing', '--period', '90'], env);
    assert.notEqual(period.code, 0);
    assert.match(period.stderr, /Period 90 is not 1, 5, 10, 30 or a multiple of 60 seconds/);
  });
});
