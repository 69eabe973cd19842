import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startEndpoint } from '../../../src/serving/host/start-endpoint.js';
import { FleetSplit } from '../../../src/serving/rollout/fleet-split.js';
import { hostFixture, linearModel, variant } from '../host/host-fixture.js';

describe('FleetSplit: each request served wholly by one fleet, at the rollout\u2019s share', async () => {
  const f = await hostFixture();
  after(() => f.close());
  await f.model('m2', linearModel([2], 0));
  await f.model('m3', linearModel([3], 0));
  await f.config('old', [variant('blue', 'm2')]);
  await f.config('new', [variant('green', 'm3'), variant('green-b', 'm3')]);
  const ctx = {
    catalog: f.catalog,
    home: f.home,
    seams: {},
    clock: { now: () => new Date(), sleep: async () => {} },
    log: () => {},
  };
  const blue = await startEndpoint(ctx, 'split', 'old', [], 1);
  const green = await startEndpoint(ctx, 'split', 'new', [], 2);
  after(async () => {
    await blue.close();
    await green.close();
  });
  let r = 0;
  const randoms = [0.1, 0.5, 0.9, 0.2, 0.7];
  const split = new FleetSplit(blue, green, () => randoms[r++ % randoms.length]);
  const serve = async () => {
    const { variantName, response } = await split.invoke({ contentType: 'text/csv', body: Buffer.from('1\n') });
    return `${variantName}:${response.body.toString().trim()}`;
  };

  test('share 0 is all blue, 1 all green; between, the draw decides and the fleet answers whole', async () => {
    assert.equal(await serve(), 'blue:2');
    split.greenShare = 1;
    assert.ok((await serve()).endsWith(':3'));
    split.greenShare = 0.3;
    r = 0;
    const fleets = [];
    for (let i = 0; i < 5; i++) fleets.push((await serve()).endsWith(':3') ? 'green' : 'blue');
    // A draw below 0.3 goes green (0.1, 0.2); green's own router then picks its variant.
    assert.deepEqual(fleets.filter((x) => x === 'green').length, 2);
  });

  test('a TargetVariant only the other fleet has goes there; the endpoint reports blue\u2019s states', async () => {
    split.greenShare = 0;
    const named = await split.invoke({ contentType: 'text/csv', body: Buffer.from('1\n') }, { targetVariant: 'green-b' });
    assert.equal(named.variantName, 'green-b');
    assert.deepEqual(
      split.states().map((s) => s.variantName),
      ['blue'],
    );
    assert.deepEqual(
      split.stats().variants.map((v) => v.variantName),
      ['blue', 'green', 'green-b'],
    );
  });
});
