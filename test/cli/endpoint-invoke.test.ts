import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { saveLinearModel } from '../../src/ml/linear-model.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModel, variant } from '../serving/host/host-fixture.js';
import { cli } from './capture.js';

describe('godwit endpoint invoke', () => {
  const root = scratchDir('godwit-invoke-cli-');
  const home = godwitHome(join(root, 'home'));
  const env = { GODWIT_HOME: home.root };
  let server: RunningServer;
  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    const metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const dir = join(root, 'model');
    await saveLinearModel(dir, linearModel([2, 1], 0));
    await metadata.endpoints.createModel({ name: 'm', containers: [{ modelDataUrl: dir }], inferenceMode: 'Serial', tags: [] });
    await metadata.endpoints.createEndpointConfig({
      name: 'c',
      productionVariants: [variant('A', 'm'), variant('B', 'm')],
      shadowVariants: [],
      tags: [],
    });
    await metadata.endpoints.createEndpoint('ep', 'c');
    await metadata.close();
    for (let i = 0; i < 300; i++) {
      const live = (await (await fetch(`${server.url}/api/v1/endpoints/ep/live`)).json()) as { variants?: unknown[] };
      if (live.variants?.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  after(() => server?.stop());

  test('prints the answer on stdout and the variant on stderr, through the running server', async () => {
    const r = await cli(['endpoint', 'invoke', 'ep', '--body', '1,2\n3,4', '--target-variant', 'B'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '4\n10\n');
    assert.match(r.stderr, /Answered by variant B \(text\/csv\)/);
    const j = await cli(
      [
        'endpoint',
        'invoke',
        'ep',
        '--body',
        '{"instances": [[1, 1]]}',
        '--content-type',
        'application/json',
        '--accept',
        'application/json',
        '--json',
      ],
      env,
    );
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout);
    assert.equal(out.contentType, 'application/json');
    assert.deepEqual(JSON.parse(out.body), { predictions: [{ score: 3 }] });
  });

  test("a model's error, an unknown endpoint and a missing body are sentences, not stack traces", async () => {
    const bad = await cli(['endpoint', 'invoke', 'ep', '--body', '1,2,3'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Endpoint "ep": .*the record has 3 features, but the model expects 2/);
    const none = await cli(['endpoint', 'invoke', 'nope', '--body', '1,2'], env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Endpoint "nope" is not in service/);
    const usage = await cli(['endpoint', 'invoke', 'ep'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--body TEXT or --file PATH/);
  });
});
