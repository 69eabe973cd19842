import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { readPriceTable } from '../../src/recommend/price-table.js';
import { recommend } from '../../src/recommend/recommend.js';
import type { Recommendation } from '../../src/recommend/recommendation.js';
import { REPORT_FILES, writeReport } from '../../src/recommend/report-files.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearTarget, payloadFile, xgboostTarget } from './recommend-fixture.js';

const code = (expected: string, pattern: RegExp) => (err: GodwitError) => {
  assert.equal(err.code, expected);
  assert.match(err.message, pattern);
  return true;
};

/** Every `<circle class="point">`'s data-x/data-y in the series named `series`. */
function seriesPoints(svg: string, series: string): [number, number][] {
  const group = svg.match(new RegExp(`<g class="series" data-series="${series}"[^>]*>(.*?)</g>`))?.[1] ?? '';
  return [...group.matchAll(/class="point"[^>]*data-x="([^"]+)" data-y="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('recommend on real endpoints', () => {
  test('XGBoost on 1 and 2 worker instances: every run measured, the recommendation meets the target by its measured p99', async () => {
    const { target } = xgboostTarget();
    const prices = await readPriceTable();
    const result = await recommend({
      model: 'xgb',
      target,
      plan: { instances: [2, 1], concurrency: [4, 1], durationS: 0.3, latencyP99Ms: 2000 },
      prices,
    });
    assert.equal(result.runtime, 'xgboost');
    assert.equal(result.payload.source, 'generated');
    assert.match(result.payload.description, /64 CSV rows of 4 float32 features/);
    assert.deepEqual(
      result.runs.map((r) => [r.instances, r.concurrency]),
      [
        [1, 1],
        [1, 4],
        [2, 1],
        [2, 4],
      ],
      'instance counts outer, concurrency inner, both sorted',
    );
    for (const run of result.runs) {
      assert.ok(run.requests > 0 && run.errors === 0, `run ${run.instances}×${run.concurrency} served requests without errors`);
      assert.ok(
        run.latencyMs.p50 <= run.latencyMs.p90 &&
          run.latencyMs.p90 <= run.latencyMs.p99 &&
          run.latencyMs.p99 <= run.latencyMs.max,
      );
      assert.ok(
        Math.abs(run.throughput - run.requests / run.elapsedS) / run.throughput < 0.01,
        'throughput = requests / elapsed',
      );
      assert.equal(run.throughputPerInstance, Math.round((run.throughput / run.instances) * 100) / 100);
    }
    const rec = result.recommendation!;
    assert.ok(result.met);
    assert.ok(rec.latencyMs.p99 <= 2000 && rec.meetsTarget);
    assert.equal(rec.instances, 1, 'the fewest instances that meet the target');
    const oneInstance = result.runs.filter((r) => r.instances === 1);
    assert.equal(rec.throughput, Math.max(...oneInstance.map((r) => r.throughput)), 'ties broken by throughput');
    // The cloud estimate carries the recommended throughput, cheapest first.
    const cloud = result.cloud!;
    assert.deepEqual(cloud.basis, { instances: rec.instances, concurrency: rec.concurrency, throughput: rec.throughput });
    assert.equal(cloud.prices.date, prices.date);
    for (const o of cloud.options) assert.ok(o.capacity >= rec.throughput, `${o.instanceType} × ${o.count} carries the load`);
    assert.deepEqual(
      cloud.options.map((o) => o.costPerHour),
      [...cloud.options.map((o) => o.costPerHour)].sort((a, b) => a - b),
    );
    await checkReport(result);
  });

  test('an unreachable target: no recommendation, the best run named, its cloud estimate', async () => {
    const { target } = await linearTarget();
    const result = await recommend({
      model: 'linear',
      target,
      plan: { instances: [1], concurrency: [1, 2], durationS: 0.2, latencyP99Ms: 0.000001 },
      prices: await readPriceTable(),
    });
    assert.equal(result.met, false);
    assert.equal(result.recommendation, undefined);
    assert.ok(result.runs.every((r) => !r.meetsTarget));
    const best = result.best!;
    assert.equal(best.latencyMs.p99, Math.min(...result.runs.map((r) => r.latencyMs.p99)));
    assert.equal(result.cloud?.basis.concurrency, best.concurrency);
    const dir = scratchDir('godwit-recommend-report-');
    await writeReport(result, dir);
    assert.match(await readFile(join(dir, REPORT_FILES.markdown), 'utf8'), /No configuration met the p99 target of 0.000001 ms/);
  });

  test("a payload row the model rejects is named with the model's reason, before any load runs", async () => {
    const { target } = await linearTarget();
    const path = payloadFile(['1,2,3', '4,5,6', '', '7,8', '1,1,1']);
    await assert.rejects(
      recommend({
        model: 'linear',
        target,
        payloadPath: path,
        plan: { instances: [1], concurrency: [1], durationS: 0.1 },
        prices: await readPriceTable(),
      }),
      code('E_RECOMMEND_PAYLOAD', /^Line 4 of .*samples\.csv is rejected by the model \(E_DATA_FORMAT\): .*3/),
    );
  });

  test('a payload file is sent line by line; without a target the fewest instances win', async () => {
    const { target } = await linearTarget();
    const path = payloadFile(['1,2,3', '4,5,6']);
    const result = await recommend({
      model: 'linear',
      target,
      payloadPath: path,
      plan: { instances: [1, 2], concurrency: [2], durationS: 0.1 },
      prices: await readPriceTable(),
    });
    assert.deepEqual(result.payload, {
      source: 'file',
      path,
      rows: 2,
      contentType: 'text/csv',
      description: `2 lines of ${path}`,
    });
    assert.equal(result.runtime, 'linear-learner');
    assert.deepEqual(result.target, {});
    assert.equal(result.recommendation?.instances, 1);
    // A .jsonl file: each line one application/json request.
    const jsonl = payloadFile(['{"instances": [[1, 2, 3]]}', '{"instances": [{"features": [4, 5, 6]}]}'], 'samples.jsonl');
    const plan = { instances: [1], concurrency: [1], durationS: 0.1 };
    const json = await recommend({ model: 'linear', target, payloadPath: jsonl, plan, prices: await readPriceTable() });
    assert.equal(json.payload.contentType, 'application/json');
    assert.ok(json.runs[0].requests > 0 && json.runs[0].errors === 0);
  });

  test('bad input: no such payload file, a model that cannot start, instance count 0', async () => {
    const { target } = await linearTarget();
    const prices = await readPriceTable();
    const plan = { instances: [1], concurrency: [1], durationS: 0.1 };
    await assert.rejects(
      recommend({ model: 'm', target, payloadPath: '/nonexistent/rows.csv', plan, prices }),
      code('E_RECOMMEND_PAYLOAD', /no such file/),
    );
    const empty = { containers: [{ modelDataUrl: `file://${scratchDir('godwit-recommend-empty-')}/` }], resolved: 'empty' };
    await assert.rejects(
      recommend({ model: 'm', target: empty, plan, prices }),
      code('E_RECOMMEND_MODEL', /could not be served: .*There is no model data at file:.*missing\.$/),
    );
    await assert.rejects(
      recommend({ model: 'm', target, plan: { ...plan, instances: [0] }, prices }),
      code('E_RECOMMEND_OPTION', /--instances 0 is out of range/),
    );
  });
});

/** The files agree with the result and with each other: JSON round trip, a table row and a chart point per run. */
async function checkReport(result: Recommendation): Promise<void> {
  const dir = scratchDir('godwit-recommend-report-');
  const paths = await writeReport(result, dir);
  assert.deepEqual(JSON.parse(await readFile(paths.json, 'utf8')), JSON.parse(JSON.stringify(result)));
  const markdown = await readFile(paths.markdown, 'utf8');
  const rows = markdown.split('\n').filter((l) => /^\| \*? \| \d/.test(l));
  assert.equal(rows.length, result.runs.length);
  for (const [i, run] of result.runs.entries()) {
    const cells = rows[i].split('|').map((c) => c.trim());
    assert.deepEqual(cells.slice(2, 5), [String(run.instances), String(run.concurrency), run.throughput.toFixed(1)]);
    assert.equal(cells[8], run.latencyMs.p99.toFixed(3));
    assert.equal(cells[1], run === result.recommendation ? '*' : '');
  }
  const svg = await readFile(paths.chart, 'utf8');
  for (const instances of result.settings.instances) {
    const label = `${instances} instance${instances === 1 ? '' : 's'}`;
    const expected = result.runs.filter((r) => r.instances === instances).map((r) => [r.throughput, r.latencyMs.p99]);
    assert.deepEqual(seriesPoints(svg, label), expected);
  }
  assert.deepEqual(seriesPoints(svg, 'recommended'), [[result.recommendation!.throughput, result.recommendation!.latencyMs.p99]]);
  assert.match(svg, /class="reference" data-y="2000"/);
}
