import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { seededRandom } from '../../../src/ml/random.js';
import { csv, hostFixture, linearModel, variant } from './host-fixture.js';

const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

describe('the endpoint host reconciles the endpoint catalog', () => {
  let f: Awaited<ReturnType<typeof hostFixture>>;
  before(async () => {
    f = await hostFixture();
    await f.model('double', linearModel([2, 0], 0));
    await f.model('triple', linearModel([3, 0], 0));
    await f.config('ab', [variant('A', 'double', 3, 2), variant('B', 'triple', 1, 1)]);
    await f.config('only-b', [variant('B', 'triple', 1, 2)]);
  });
  after(() => f.close());

  test('a Creating endpoint is started and reported InService with its variants; weights split traffic', async () => {
    await f.catalog.createEndpoint('split', 'ab');
    const host = await f.host({ random: seededRandom(42) });
    const record = await f.catalog.getEndpoint('split');
    assert.equal(record?.status, 'InService');
    assert.deepEqual(record?.variants, [
      { variantName: 'A', weight: 3, instanceCount: 2 },
      { variantName: 'B', weight: 1, instanceCount: 1 },
    ]);
    const n = 4000;
    let a = 0;
    for (let i = 0; i < n; i++) {
      const { variantName, response } = await host.invoke('split', csv('1,5\n'));
      if (variantName === 'A') {
        a++;
        assert.equal(response.body.toString().trim(), '2');
      } else assert.equal(response.body.toString().trim(), '3');
    }
    // Binomial(4000, 0.75): mean 3000, sd ≈ 27.4; five sd either side cannot fail by chance in practice.
    assert.ok(Math.abs(a - 3000) < 5 * Math.sqrt(n * 0.75 * 0.25), `variant A served ${a} of ${n}`);
    assert.deepEqual(host.stats('split')?.variants, [
      { variantName: 'A', instances: 2, inFlight: 0, queued: 0 },
      { variantName: 'B', instances: 1, inFlight: 0, queued: 0 },
    ]);
  });

  test('TargetVariant picks one; an unknown one names the known ones', async () => {
    const host = await f.host();
    for (let i = 0; i < 20; i++) assert.equal((await host.invoke('split', csv('1,0'), { targetVariant: 'B' })).variantName, 'B');
    await assert.rejects(host.invoke('split', csv('1,0'), { targetVariant: 'C' }), (err: Error) => {
      assert.match(err.message, /no production variant "C"\. Its variants: A, B\./);
      return code('E_VARIANT_NOT_FOUND')(err);
    });
    await assert.rejects(host.invoke('nowhere', csv('1,0')), code('E_ENDPOINT_NOT_SERVING'));
  });

  test('weights and instance counts change live', async () => {
    const host = await f.host({ random: seededRandom(7) });
    await f.catalog.updateWeightsAndCapacities('split', [
      { variantName: 'A', weight: 0 },
      { variantName: 'B', instanceCount: 3 },
    ]);
    await host.reconcile();
    const record = await f.catalog.getEndpoint('split');
    assert.equal(record?.status, 'InService');
    assert.deepEqual(record?.variants, [
      { variantName: 'A', weight: 0, instanceCount: 2 },
      { variantName: 'B', weight: 1, instanceCount: 3 },
    ]);
    for (let i = 0; i < 200; i++) assert.equal((await host.invoke('split', csv('1,0'))).variantName, 'B');
    assert.equal(host.stats('split')?.variants[1].instances, 3);
  });

  test('UpdateEndpoint switches configs without dropping a request in flight', async () => {
    await f.catalog.createEndpoint('rolling', 'ab');
    const host = await f.host();
    let stop = false;
    const seen = new Set<string>();
    const failures: unknown[] = [];
    let served = 0;
    const worker = async () => {
      while (!stop) {
        try {
          const { variantName, response } = await host.invoke('rolling', csv('1,0\n'));
          seen.add(`${variantName}=${response.body.toString().trim()}`);
          served++;
        } catch (err) {
          failures.push(err);
        }
        await new Promise((r) => setImmediate(r));
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 30));
    await f.catalog.updateEndpoint('rolling', 'only-b');
    await host.reconcile();
    const servedAtSwitch = served;
    await new Promise((r) => setTimeout(r, 30));
    stop = true;
    await Promise.all(workers);
    assert.deepEqual(failures, []);
    assert.ok(served > servedAtSwitch, 'requests were served after the switch');
    assert.ok(seen.has('A=2'), 'the old config served');
    const record = await f.catalog.getEndpoint('rolling');
    assert.equal(record?.status, 'InService');
    assert.equal(record?.configName, 'only-b');
    assert.equal(record?.pendingConfigName, undefined);
    assert.deepEqual(record?.variants, [{ variantName: 'B', weight: 1, instanceCount: 2 }]);
    assert.deepEqual(
      host.stats('rolling')?.variants.map((v) => v.variantName),
      ['B'],
    );
  });

  test('a restarted host brings every endpoint back with its recorded weights and counts', async () => {
    const host = await f.host();
    await host.close();
    const again = await f.host();
    assert.deepEqual(
      again.stats('split')?.variants.map((v) => [v.variantName, v.instances]),
      [
        ['A', 2],
        ['B', 3],
      ],
    );
    for (let i = 0; i < 50; i++) assert.equal((await again.invoke('split', csv('1,0'))).variantName, 'B');
  });

  test('missing model data fails the endpoint with a reason naming it', async () => {
    await f.model('ghost', linearModel([1, 1], 0), '/nowhere/at/all');
    await f.config('ghostly', [variant('G', 'ghost')]);
    await f.catalog.createEndpoint('ghostly', 'ghostly');
    const host = await f.host();
    const record = await f.catalog.getEndpoint('ghostly');
    assert.equal(record?.status, 'Failed');
    assert.match(record?.failureReason ?? '', /Variant "G" \(model "ghost"\): There is no model data at \/nowhere\/at\/all/);
    await assert.rejects(host.invoke('ghostly', csv('1,0')), code('E_ENDPOINT_NOT_SERVING'));
  });

  test('a deleted endpoint is stopped, its serving folder removed and its record forgotten', async () => {
    await f.catalog.createEndpoint('doomed', 'only-b');
    const host = await f.host();
    assert.ok(existsSync(`${f.home.root}/endpoints/doomed/serving`));
    await f.catalog.deleteEndpoint('doomed');
    await host.reconcile();
    assert.equal(await f.catalog.getEndpoint('doomed'), undefined);
    assert.equal(host.stats('doomed'), undefined);
    assert.equal(existsSync(`${f.home.root}/endpoints/doomed/serving`), false);
  });

  test('a change made elsewhere (the CLI) is picked up on the tick', async () => {
    const host = await f.host({ tickMs: 20 });
    await f.catalog.createEndpoint('ticked', 'only-b');
    for (let i = 0; i < 200 && !host.stats('ticked'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await host.invoke('ticked', csv('2,0'))).response.body.toString().trim(), '6');
  });
});
