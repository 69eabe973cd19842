import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { bestRun, chooseConfig } from '../../src/recommend/choose-config.js';
import { cloudEstimate } from '../../src/recommend/cloud-cost.js';
import { latencyPercentiles } from '../../src/recommend/latency-summary.js';
import { GENERATED_ROWS, generatePayload } from '../../src/recommend/payload-source.js';
import { readPriceTable } from '../../src/recommend/price-table.js';
import { checkPlan, parseCounts, parsePositive } from '../../src/recommend/recommend-options.js';
import type { LoadRun } from '../../src/recommend/recommendation.js';
import { scratchDir } from '../helpers/scratch.js';

const code = (expected: string, pattern: RegExp) => (err: GodwitError) => {
  assert.equal(err.code, expected);
  assert.match(err.message, pattern);
  return true;
};

function run(instances: number, concurrency: number, throughput: number, p99: number, errors = 0, target = 10): LoadRun {
  return {
    instances,
    concurrency,
    requests: 1000,
    errors,
    errorSamples: [],
    elapsedS: 1,
    throughput,
    throughputPerInstance: throughput / instances,
    latencyMs: { p50: p99 / 2, p90: p99 / 1.5, p99, max: p99 * 2 },
    meetsTarget: errors === 0 && p99 <= target,
  };
}

test('the fewest instances meeting the target win; among them the most throughput; errors disqualify', () => {
  const runs = [run(1, 1, 100, 2), run(1, 8, 400, 12), run(1, 4, 300, 9), run(2, 4, 600, 5), run(2, 8, 700, 8, 3)];
  assert.deepEqual([chooseConfig(runs)?.instances, chooseConfig(runs)?.concurrency], [1, 4]);
  // Equal throughput: the lower p99.
  assert.equal(chooseConfig([run(1, 2, 300, 9), run(1, 4, 300, 3)])?.concurrency, 4);
  // Nothing qualifies: no recommendation; the best is the error-free run with the lowest p99.
  const slow = [run(1, 1, 100, 20), run(2, 1, 150, 15), run(2, 4, 500, 1, 7)];
  assert.equal(chooseConfig(slow), undefined);
  assert.deepEqual([bestRun(slow)?.instances, bestRun(slow)?.concurrency], [2, 1]);
});

test('cloud types carry the throughput at the measured rate per instance times vCPUs, cheapest first', async () => {
  const prices = {
    service: 's',
    region: 'r',
    currency: 'USD',
    date: '2025-10',
    source: 'test',
    instanceTypes: [
      { instanceType: 'big', vcpu: 8, memoryGiB: 32, pricePerHour: 0.8 },
      { instanceType: 'small', vcpu: 2, memoryGiB: 4, pricePerHour: 0.1 },
    ],
  };
  // 2 local instances, 1000 req/s: 500 per instance; small carries 1000, big 4000.
  const estimate = cloudEstimate(run(2, 4, 1000, 3), prices);
  assert.deepEqual(
    estimate.options.map((o) => [o.instanceType, o.count, o.capacity, o.costPerHour]),
    [
      ['small', 1, 1000, 0.1],
      ['big', 1, 4000, 0.8],
    ],
  );
  // 0.1 USD per hour for 3.6M requests an hour.
  assert.equal(estimate.options[0].costPerMillionRequests, 0.0278);
  // 3 local instances at 3000 req/s: 1000 per instance; small carries 2000 each, so 2 are needed.
  assert.deepEqual(
    cloudEstimate(run(3, 4, 3000, 3), prices).options.map((o) => [o.instanceType, o.count]),
    [
      ['small', 2],
      ['big', 1],
    ],
  );
});

test('the shipped price table is dated and sourced; a broken one is refused naming the problem', async () => {
  const table = await readPriceTable();
  assert.equal(table.region, 'us-east-1');
  assert.match(table.date, /^\d{4}-\d{2}/);
  assert.match(table.source, /aws\.amazon\.com\/sagemaker/);
  assert.ok(table.instanceTypes.length >= 5);
  assert.ok(table.instanceTypes.every((t) => t.instanceType.startsWith('ml.') && t.vcpu > 0 && t.pricePerHour > 0));
  const dir = scratchDir('godwit-recommend-prices-');
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...table, date: undefined }));
  await assert.rejects(readPriceTable(bad), code('E_RECOMMEND_PRICES', /"date" is missing/));
  writeFileSync(
    bad,
    JSON.stringify({ ...table, instanceTypes: [{ instanceType: 'ml.x', vcpu: 2, memoryGiB: 4, pricePerHour: -1 }] }),
  );
  await assert.rejects(readPriceTable(bad), code('E_RECOMMEND_PRICES', /\(ml\.x\) has "pricePerHour" -1/));
  writeFileSync(bad, '{');
  await assert.rejects(readPriceTable(bad), code('E_RECOMMEND_PRICES', /not JSON/));
  await assert.rejects(readPriceTable(join(dir, 'missing.json')), code('E_RECOMMEND_PRICES', /Cannot read/));
});

test('flags: lists of whole numbers from 1, positive durations and targets', () => {
  assert.deepEqual(parseCounts('--instances', '4, 1,2'), [4, 1, 2]);
  assert.throws(
    () => parseCounts('--instances', '1,two'),
    code('E_RECOMMEND_OPTION', /--instances "1,two": "two" is not a whole number/),
  );
  assert.throws(
    () => checkPlan({ instances: [0], concurrency: [1], durationS: 1 }),
    code('E_RECOMMEND_OPTION', /--instances 0 is out of range/),
  );
  assert.throws(
    () => checkPlan({ instances: [1], concurrency: [2000], durationS: 1 }),
    code('E_RECOMMEND_OPTION', /--concurrency 2000/),
  );
  assert.throws(
    () => checkPlan({ instances: [1], concurrency: [], durationS: 1 }),
    code('E_RECOMMEND_OPTION', /--concurrency is empty/),
  );
  assert.throws(
    () => parsePositive('--duration', '0', 'seconds'),
    code('E_RECOMMEND_OPTION', /--duration "0" is not a positive number/),
  );
  assert.throws(() => parsePositive('--latency-p99-ms', 'fast', 'milliseconds'), code('E_RECOMMEND_OPTION', /"fast"/));
  const plan = checkPlan({ instances: [4, 1, 4], concurrency: [8, 2], durationS: 5 });
  assert.deepEqual([plan.instances, plan.concurrency, plan.warmupS], [[1, 4], [2, 8], 1]);
  assert.equal(checkPlan({ instances: [1], concurrency: [1], durationS: 60 }).warmupS, 2);
});

test('a generated payload follows the input signature, the same every time; other signatures need --payload', () => {
  const descriptor = (type: string, shape: (number | null)[]) => ({
    framework: 'onnx' as const,
    format: 'onnx',
    signature: { inputs: [{ name: 'x', type, shape }], outputs: [] },
  });
  const floats = generatePayload(descriptor('float32', [null, 3]));
  assert.equal(floats.requests.length, GENERATED_ROWS);
  for (const r of floats.requests) {
    const values = r.body.toString().split(',').map(Number);
    assert.equal(values.length, 3);
    assert.ok(values.every((v) => v >= 0 && v < 1));
    assert.equal(r.contentType, 'text/csv');
  }
  assert.deepEqual(generatePayload(descriptor('float32', [null, 3])).requests, floats.requests);
  const ints = generatePayload(descriptor('int64', [null, 2]));
  assert.ok(ints.requests.every((r) => /^\d,\d$/.test(r.body.toString())));
  assert.throws(() => generatePayload(descriptor('string', [null, 2])), code('E_RECOMMEND_PAYLOAD', /x: string\[\?, 2\]/));
  assert.throws(() => generatePayload(descriptor('float32', [null, 3, 224])), code('E_RECOMMEND_PAYLOAD', /not one numeric/));
  assert.throws(() => generatePayload(undefined), code('E_RECOMMEND_PAYLOAD', /cannot read its input signature/));
});

test('percentiles by nearest rank', () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(latencyPercentiles(values), { p50: 50, p90: 90, p99: 99, max: 100 });
  assert.deepEqual(latencyPercentiles(Float64Array.of(7)), { p50: 7, p90: 7, p99: 7, max: 7 });
  assert.ok(Number.isNaN(latencyPercentiles(new Float64Array(0)).p99));
});
