import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateInferenceExperimentCommand,
  DescribeEndpointCommand,
  ListInferenceExperimentsCommand,
  StopInferenceExperimentCommand,
  UpdateInferenceExperimentCommand,
} from '@aws-sdk/client-sagemaker';
import { shadowDir } from '../../src/serving/shadow/shadow-files.js';
import type { ShadowRecord } from '../../src/serving/shadow/shadow-record.js';
import { cli } from '../cli/capture.js';
import { experimentFixture, productionScore, shadowScore } from './experiment-fixture.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Every record the server wrote for one shadow variant of an endpoint. */
function records(home: { root: string }, endpoint: string, variant: string): ShadowRecord[] {
  const dir = join(shadowDir(home as never, endpoint), variant);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ShadowRecord),
  );
}

/** Nearest-rank percentile, computed here independently of the report's code. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

// A shadow test end to end: the official client creates an inference experiment on a real
// `godwit server` running a 600× clock; the runner puts an XGBoost shadow beside the linear
// production variant through an endpoint update, real traffic is mirrored at the sampling
// percentage, the experiment ends by itself after its (simulated) duration, the shadow is removed,
// and the report's figures are recomputed here from the recorded pairs.
describe('a shadow test (inference experiment) through @aws-sdk/client-sagemaker on a scaled clock', () => {
  let f: Awaited<ReturnType<typeof experimentFixture>>;
  before(async () => {
    f = await experimentFixture(600);
    await f.endpoint('abalone');
  });
  after(() => f?.close());

  test('runs for its duration, mirrors the sampling share, then removes the shadow; the report matches the pairs', async () => {
    const N = 400;
    // Scheduled for 20 days; once the traffic is sent, UpdateInferenceExperiment brings the end to
    // 10 minutes away, so the test ends by its schedule however long the machine took to send it.
    const scheduled = new Date(f.clock.now().getTime() + 20 * DAY);
    await f.sm.send(
      new CreateInferenceExperimentCommand({
        ...f.request('half', 'abalone', 50, { EndTime: scheduled }),
        Description: 'xgb vs linear',
      }),
    );
    const running = await f.until('half', 'Running');
    assert.equal(running.EndpointMetadata?.EndpointName, 'abalone');
    assert.deepEqual(
      running.ModelVariants?.map((v) => [v.VariantName, v.Status]),
      [
        ['AllTraffic', 'InService'],
        ['Shadow', 'InService'],
      ],
    );
    const live = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'abalone' }));
    assert.equal(live.EndpointConfigName, running.EndpointMetadata?.EndpointConfigName);
    assert.deepEqual(
      live.ShadowProductionVariants?.map((v) => v.VariantName),
      ['Shadow'],
    );

    const sent: { a: number; b: number; from: number; to: number }[] = [];
    for (let i = 0; i < N; i++) {
      const [a, b] = [i % 10, i % 4];
      const from = f.clock.now().getTime();
      const out = await f.invoke('abalone', a, b);
      sent.push({ a, b, from, to: f.clock.now().getTime() });
      assert.equal(out.variant, 'AllTraffic');
      assert.equal(Number(out.body), productionScore(a, b));
    }
    const end = new Date(f.clock.now().getTime() + 10 * MINUTE);
    await f.sm.send(new UpdateInferenceExperimentCommand({ Name: 'half', Schedule: { EndTime: end } }));
    assert.equal((await f.describe('half')).Schedule?.EndTime?.getTime(), end.getTime());
    const done = await f.until('half', 'Completed');
    assert.ok(done.CompletionTime && done.CompletionTime >= end, 'completes at the end of its schedule, not before');
    assert.equal(done.StatusReason, undefined);
    const after = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'abalone' }));
    assert.equal(after.ShadowProductionVariants, undefined, 'the shadow is removed at the end');
    assert.deepEqual(
      after.ProductionVariants?.map((v) => v.VariantName),
      ['AllTraffic'],
    );
    assert.deepEqual(
      done.ModelVariants?.map((v) => [v.VariantName, v.Status]),
      [
        ['AllTraffic', 'InService'],
        ['Shadow', 'Deleted'],
      ],
    );

    const r = await cli(['endpoints', 'shadow', 'report', 'half', '--json'], { GODWIT_HOME: f.home.root });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const from = Date.parse(report.window.from);
    const to = Date.parse(report.window.to);
    // The share: requests sent wholly inside the window, mirrored at 50 % (binomial, 4.5 σ).
    const inside = sent.filter((s) => s.from >= from && s.to <= to).length;
    assert.equal(inside, N, 'every request was sent while the test ran');
    const pairs = records(f.home, 'abalone', 'Shadow').filter((p) => Date.parse(p.at) >= from && Date.parse(p.at) <= to);
    const sigma = Math.sqrt(inside * 0.25);
    assert.ok(Math.abs(pairs.length - inside / 2) <= 4.5 * sigma + 2, `${pairs.length} of ${inside} mirrored at 50 %`);

    // Every pair holds what each model really answers for its input.
    let [sumAbs, maxAbs, sumRel] = [0, 0, 0];
    for (const p of pairs) {
      const [a, b] = (p.inferenceId as string).split('-').map(Number);
      assert.equal(Number(p.production.body), productionScore(a, b));
      assert.equal(Number(p.shadow.body), shadowScore(a, b));
      const [x, y] = [productionScore(a, b), shadowScore(a, b)];
      sumAbs += Math.abs(x - y);
      maxAbs = Math.max(maxAbs, Math.abs(x - y));
      sumRel += Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    }
    const c = report.comparison;
    assert.equal(c.requests, pairs.length);
    assert.equal(c.compared, pairs.length);
    assert.equal(c.problem, 'regression');
    assert.ok(Math.abs(c.difference.meanAbs - sumAbs / pairs.length) < 1e-9);
    assert.equal(c.difference.maxAbs, maxAbs);
    assert.ok(Math.abs(c.difference.meanRel - sumRel / pairs.length) < 1e-9);
    for (const side of ['production', 'shadow'] as const) {
      const latencies = pairs.map((p) => p[side].latencyMs);
      for (const q of [50, 90, 99]) assert.equal(c.latency[side][`p${q}`], percentile(latencies, q), `${side} p${q}`);
      assert.equal(c.errors[side].count, 0);
      assert.equal(c.errorRate[side], 0);
    }

    // After the experiment nothing is mirrored any more.
    const before = records(f.home, 'abalone', 'Shadow').length;
    for (let i = 0; i < 30; i++) await f.invoke('abalone', 1, 1);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(records(f.home, 'abalone', 'Shadow').length, before);
    const listed = await f.sm.send(new ListInferenceExperimentsCommand({ StatusEquals: 'Completed' }));
    assert.ok(listed.InferenceExperiments?.some((e) => e.Name === 'half' && e.Description === 'xgb vs linear'));
  });

  test('StopInferenceExperiment with Promote makes the shadow the production variant', async () => {
    await f.endpoint('promo');
    await f.sm.send(new CreateInferenceExperimentCommand(f.request('promote-me', 'promo', 100)));
    await f.until('promote-me', 'Running');
    for (let i = 0; i < 10; i++) await f.invoke('promo', i, 1);
    await f.sm.send(
      new StopInferenceExperimentCommand({
        Name: 'promote-me',
        ModelVariantActions: { AllTraffic: 'Remove', Shadow: 'Promote' },
        DesiredState: 'Completed',
        Reason: 'the stump wins',
      }),
    );
    const done = await f.until('promote-me', 'Completed');
    assert.equal(done.StatusReason, 'the stump wins');
    assert.deepEqual(
      done.ModelVariants?.map((v) => [v.VariantName, v.Status]),
      [
        ['AllTraffic', 'Deleted'],
        ['Shadow', 'InService'],
      ],
    );
    const endpoint = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'promo' }));
    assert.deepEqual(
      endpoint.ProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount]),
      [['Shadow', 1]],
    );
    assert.equal(endpoint.ShadowProductionVariants, undefined);
    for (const a of [2, 7]) {
      const out = await f.invoke('promo', a, 3);
      assert.equal(out.variant, 'Shadow');
      assert.equal(Number(out.body), shadowScore(a, 3));
    }
  });
});
